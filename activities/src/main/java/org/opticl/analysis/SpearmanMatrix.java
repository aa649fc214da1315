package org.opticl.analysis;

import java.util.ArrayList;
import java.util.List;
import org.opticl.measure.pruning.AggregateImportance;
import org.opticl.measure.pruning.CrossTask;
import org.opticl.schema.CorrelationMatrix;

/**
 * Pairwise Spearman correlations of head importance between tasks, with p-values (paper Fig. 8):
 * symmetric, 1 on the diagonal with p = 0 (scipy's value for ρ = 1).
 */
public final class SpearmanMatrix {
  private SpearmanMatrix() {}

  public static CorrelationMatrix compute(CorrelationInput input) {
    List<NamedImportance> rows = new ArrayList<>(input.importance());
    if (input.includeAggregate()) {
      rows.add(
          new NamedImportance(
              CrossTask.AGGREGATE,
              AggregateImportance.mean(
                  input.importance().stream().map(NamedImportance::values).toList())));
    }
    int n = rows.size();
    double[][] flat = new double[n][];
    for (int i = 0; i < n; i++) {
      flat[i] = rows.get(i).flat();
    }
    double[][] rho = new double[n][n];
    double[][] p = new double[n][n];
    for (int i = 0; i < n; i++) {
      rho[i][i] = 1;
      for (int j = i + 1; j < n; j++) {
        Correlation c;
        try {
          c = RankCorrelation.of(input.variant(), flat[i], flat[j]);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              rows.get(i).name() + " vs " + rows.get(j).name() + ": " + e.getMessage(), e);
        }
        rho[i][j] = rho[j][i] = c.rho();
        p[i][j] = p[j][i] = c.pValue();
      }
    }
    return new CorrelationMatrix(
        CorrelationMatrix.SCHEMA_VERSION,
        input.subject(),
        input.variant().methodName(),
        rows.stream().map(NamedImportance::name).toList(),
        rho,
        p);
  }
}
