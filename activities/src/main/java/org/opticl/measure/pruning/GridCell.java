package org.opticl.measure.pruning;

/**
 * One pruning point: a% of heads and b% of FFNs removed (either may be 0). Head-only and FFN-only
 * curves are the grid's first column and first row.
 */
public record GridCell(int headPercent, int ffnPercent) {
  public GridCell {
    Percentages.check(headPercent, "head");
    Percentages.check(ffnPercent, "FFN");
  }

  /** How results are filed, e.g. {@code heads 30% + ffns 10%}. */
  public String label() {
    return "heads " + headPercent + "% + ffns " + ffnPercent + "%";
  }
}
