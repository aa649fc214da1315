package org.opticl.schema;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opticl.schema.npy.NpyArray;

/**
 * Pairwise rank correlations between importance rankings (paper Fig. 8: tasks × tasks, plus the
 * aggregate), with their p-values so that a reader can tell agreement from noise.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param subject what was correlated, e.g. {@code head-importance/1-shot}
 * @param method the correlation, e.g. {@code spearman}
 * @param labels row and column labels, e.g. task names and {@code aggregate}
 * @param rho {@code [n][n]} correlation coefficients, symmetric, 1 on the diagonal
 * @param pValues {@code [n][n]} two-sided p-values of {@code rho}
 */
public record CorrelationMatrix(
    int schemaVersion,
    String subject,
    String method,
    List<String> labels,
    double[][] rho,
    double[][] pValues)
    implements TensorArtifact {

  public static final int SCHEMA_VERSION = 1;

  public CorrelationMatrix {
    Checks.schemaVersion(schemaVersion, CorrelationMatrix.class);
    Checks.nonBlank(subject, "CorrelationMatrix.subject");
    Checks.nonBlank(method, "CorrelationMatrix.method");
    labels = List.copyOf(Checks.present(labels, "CorrelationMatrix.labels"));
    int cols = Checks.matrix(rho, "CorrelationMatrix.rho");
    Checks.matrix(pValues, "CorrelationMatrix.pValues");
    Checks.sameShape(rho, pValues, "CorrelationMatrix rho vs pValues");
    if (rho.length != labels.size() || cols != labels.size()) {
      throw new IllegalArgumentException(
          "CorrelationMatrix.rho is ["
              + rho.length
              + "]["
              + cols
              + "] but there are "
              + labels.size()
              + " labels "
              + labels);
    }
  }

  @Override
  public Map<String, NpyArray> tensors() {
    Map<String, NpyArray> tensors = new LinkedHashMap<>();
    tensors.put("rho", NpyArray.matrix(rho));
    tensors.put("p-values", NpyArray.matrix(pValues));
    return tensors;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CorrelationMatrix c
        && schemaVersion == c.schemaVersion
        && subject.equals(c.subject)
        && method.equals(c.method)
        && labels.equals(c.labels)
        && Arrays.deepEquals(rho, c.rho)
        && Arrays.deepEquals(pValues, c.pValues);
  }

  @Override
  public int hashCode() {
    return 31
            * (31 * Objects.hash(schemaVersion, subject, method, labels) + Arrays.deepHashCode(rho))
        + Arrays.deepHashCode(pValues);
  }

  @Override
  public String toString() {
    return "CorrelationMatrix[" + subject + ", " + method + ", " + labels + "]";
  }
}
