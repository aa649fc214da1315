package org.opticl.plots;

import java.util.List;

/**
 * One axis of a {@link Heatmap}: either 1-based indices (layers, heads; index 1 at the bottom or
 * left as in the paper's figures) or named categories (tasks, percentages; first category at the
 * top or left, as a table reads).
 *
 * @param label axis title, with units where there are any
 * @param column the CSV column holding this axis's index or category
 * @param categories category names, or empty for 1-based indices
 */
public record HeatmapAxis(String label, String column, List<String> categories) {
  public HeatmapAxis {
    categories = List.copyOf(categories);
  }

  /** 1-based indices, e.g. layers or heads. */
  public static HeatmapAxis indexed(String label, String column) {
    return new HeatmapAxis(label, column, List.of());
  }

  /** Named categories in display order. */
  public static HeatmapAxis labelled(String label, String column, List<String> categories) {
    return new HeatmapAxis(label, column, categories);
  }

  public boolean isIndexed() {
    return categories.isEmpty();
  }

  /** The CSV text for position {@code i} (0-based) along this axis. */
  String csvValue(int i) {
    return isIndexed() ? Integer.toString(i + 1) : categories.get(i);
  }
}
