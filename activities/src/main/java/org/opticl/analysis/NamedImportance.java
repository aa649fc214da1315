package org.opticl.analysis;

import java.util.Arrays;
import java.util.Objects;
import org.opticl.measure.ModelShape;

/** Head importance [L][H] with the label it is reported under (a task name, {@code aggregate}). */
public record NamedImportance(String name, double[][] values) {
  public NamedImportance {
    Objects.requireNonNull(name, "name");
    ModelShape.ofMatrix(values, "head importance of " + name);
    values = Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
  }

  @Override
  public double[][] values() {
    return Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
  }

  /** Row-major flattening (layer·H + head). */
  public double[] flat() {
    return ModelShape.flatten(values);
  }

  public ModelShape shape() {
    return new ModelShape(values.length, values[0].length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamedImportance n
        && name.equals(n.name)
        && Arrays.deepEquals(values, n.values);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return "NamedImportance[" + name + ", " + values.length + "x" + values[0].length + "]";
  }
}
