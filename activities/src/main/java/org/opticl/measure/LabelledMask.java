package org.opticl.measure;

import java.util.Objects;

/**
 * A mask with the name its evaluation is filed under ({@code baseline}, {@code ffn 12}, {@code
 * heads 30% + ffns 10%}), so that a sweep's results read without the list of masks beside them.
 */
public record LabelledMask(String label, UnitMask mask) {
  public LabelledMask {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(mask, "mask");
  }
}
