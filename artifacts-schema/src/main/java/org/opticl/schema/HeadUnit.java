package org.opticl.schema;

/**
 * One attention head, addressed as the paper does: layer and head index, both from 0. Row-major
 * flat index {@code layer * heads + head} is the order the original pickles used.
 */
public record HeadUnit(int layer, int head) {

  public HeadUnit {
    Checks.nonNegative(layer, "HeadUnit.layer");
    Checks.nonNegative(head, "HeadUnit.head");
  }
}
