package org.opticl.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spearman's ρ and its p-value against values worked out by hand. */
class RankCorrelationTest {
  @Test
  void tiedValuesGetTheirAverageRank() {
    // Ranks of a: [1, 2.5, 2.5, 4, 5]; of b: [2, 1, 4.5, 4.5, 3]. Deviations from 3:
    // a: [-2, -.5, -.5, 1, 2], b: [-1, -2, 1.5, 1.5, 0]; Σ products 3.75, Σ squares 9.5 each.
    Correlation c =
        RankCorrelation.spearman(new double[] {1, 2, 2, 3, 5}, new double[] {2, 1, 4, 4, 3});
    assertEquals(3.75 / 9.5, c.rho(), 1e-15);
    assertEquals(5, c.n());
  }

  @Test
  void theArgsortVariantDiffersFromTheCorrelationOfValues() {
    double[] a = {0.1, 0.4, 0.3, 0.9};
    double[] b = {0.2, 0.8, 0.1, 0.7};
    // Ranks [1,3,2,4] and [2,4,1,3]: Σd² = 4, ρ = 1 − 6·4/(4·15) = 0.6.
    assertEquals(0.6, RankCorrelation.spearman(a, b).rho(), 1e-15);
    // argsort: [0,2,1,3] and [2,0,3,1]: Σd² = 16, ρ = 1 − 6·16/60 = −0.6.
    assertEquals(-0.6, RankCorrelation.argsortSpearman(a, b).rho(), 1e-15);
    assertEquals(-0.6, RankCorrelation.of(SpearmanVariant.ARGSORT, a, b).rho(), 1e-15);
    assertEquals(0.6, RankCorrelation.of(SpearmanVariant.VALUES, a, b).rho(), 1e-15);
  }

  @Test
  void pValuesFollowTheStudentTDistributionWithNMinusTwoDegreesOfFreedom() {
    // t = ρ·√(dof/((1+ρ)(1−ρ))); two-sided p = 2·(1 − F(|t|)) with the closed-form CDFs:
    // dof 1 (Cauchy): p = 1 − (2/π)·atan|t|;  dof 2: p = 1 − |t|/√(2 + t²);
    // dof 3: F(t) = 1/2 + (1/π)·[ (t/√3)/(1 + t²/3) + atan(t/√3) ].
    double t1 = 0.5 * Math.sqrt(1 / (1.5 * 0.5));
    assertEquals(1 - 2 / Math.PI * Math.atan(t1), RankCorrelation.pValue(0.5, 3), 1e-12);
    assertEquals(2.0 / 3, RankCorrelation.pValue(0.5, 3), 1e-12, "atan(1/√3) = π/6");
    double t2 = 0.6 * Math.sqrt(2 / (1.6 * 0.4));
    assertEquals(1 - t2 / Math.sqrt(2 + t2 * t2), RankCorrelation.pValue(0.6, 4), 1e-12);
    assertEquals(0.4, RankCorrelation.pValue(-0.6, 4), 1e-12, "with 2 dof, p = 1 − |ρ|");
    double r = 3.75 / 9.5;
    double t3 = r * Math.sqrt(3 / ((1 + r) * (1 - r)));
    double f3 =
        0.5 + (t3 / Math.sqrt(3) / (1 + t3 * t3 / 3) + Math.atan(t3 / Math.sqrt(3))) / Math.PI;
    Correlation c =
        RankCorrelation.spearman(new double[] {1, 2, 2, 3, 5}, new double[] {2, 1, 4, 4, 3});
    assertEquals(2 * (1 - f3), c.pValue(), 1e-12);
    assertEquals(0.5107810387958469, c.pValue(), 1e-12, "scipy.stats.spearmanr agrees");
    assertEquals(0.0, RankCorrelation.pValue(1.0, 10), 0.0, "|ρ| = 1 gives p = 0, as scipy");
    assertEquals(1.0, RankCorrelation.pValue(0.0, 10), 1e-15);
  }

  @Test
  void badInputsAreRefusedWithTheirValues() {
    var length =
        assertThrows(
            IllegalArgumentException.class,
            () -> RankCorrelation.spearman(new double[] {1, 2, 3}, new double[] {1, 2}));
    assertEquals("cannot correlate vectors of different lengths: 3 and 2", length.getMessage());
    var few =
        assertThrows(
            IllegalArgumentException.class,
            () -> RankCorrelation.spearman(new double[] {1, 2}, new double[] {1, 2}));
    assertEquals("Spearman with a p-value needs at least 3 pairs, got 2", few.getMessage());
    var constant =
        assertThrows(
            IllegalArgumentException.class,
            () -> RankCorrelation.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3}));
    assertTrue(constant.getMessage().contains("constant"), constant.getMessage());
    var nan =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RankCorrelation.spearman(new double[] {1, Double.NaN, 3}, new double[] {1, 2, 3}));
    assertEquals("pair 1 is (NaN, 2.0); values must be finite", nan.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RankCorrelation.pValue(1.5, 5));
    assertThrows(IllegalArgumentException.class, () -> RankCorrelation.pValue(0.5, 2));
  }
}
