package org.opticl.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opticl.model.config.OptConfig;

/** What the benchmark reports, not how fast: timings belong to {@code opticl bench model}. */
class ModelBenchmarkTest {

  @Test
  void cpuRunReportsItsDeviceTypeAndGemm() {
    ModelBenchmark.Result r = ModelBenchmark.run("125m", 1, 8, 1, 0, "cpu");
    assertEquals("cpu", r.device());
    assertEquals("float32", r.computeType());
    assertEquals(1024, r.gemmSize());
    assertTrue(r.forwardTokensPerS() > 0 && r.fwdBwdTokensPerS() > 0 && r.gemmGflops() > 0);
    assertEquals(
        ModelBenchmark.forwardFlopsPerToken(OptConfig.variant("125m"), 8),
        r.forwardFlopsPerToken());
  }

  @Test
  void forwardFlopsCountEveryMatrixOnce() {
    OptConfig c = OptConfig.variant("125m");
    double e = 768;
    double perLayer = 4 * e * e + 2 * e * 3072 + 2 * 128 * e;
    assertEquals(2 * (12 * perLayer + 50272 * e), ModelBenchmark.forwardFlopsPerToken(c, 128));
  }

  @Test
  void unknownDeviceIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ModelBenchmark.run("125m", 1, 8, 1, 0, "tpu"));
    assertTrue(e.getMessage().contains("tpu"), e.getMessage());
  }
}
