package org.opticl.analysis;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One task's head importance [L][H] at each shot count it was computed for. */
public record TaskShots(String task, Map<Integer, double[][]> byShots) {
  public TaskShots {
    Objects.requireNonNull(task, "task");
    TreeMap<Integer, double[][]> copy = new TreeMap<>();
    byShots.forEach(
        (k, v) -> copy.put(k, Arrays.stream(v).map(double[]::clone).toArray(double[][]::new)));
    byShots = java.util.Collections.unmodifiableMap(copy);
  }

  /** The importance at {@code shots}, or a clear error naming what exists. */
  public double[] flat(int shots) {
    double[][] m = byShots.get(shots);
    if (m == null) {
      throw new IllegalArgumentException(
          "task " + task + " has no importance for " + shots + "-shot; it has " + byShots.keySet());
    }
    return new NamedImportance(task + "/" + shots + "-shot", m).flat();
  }
}
