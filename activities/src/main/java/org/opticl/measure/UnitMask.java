package org.opticl.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.opticl.model.opt.Interventions;
import org.opticl.schema.HeadUnit;
import org.opticl.schema.MaskDescription;

/**
 * Which attention heads and FFN blocks are removed for one evaluation, by content: heads as
 * row-major flat indices ({@code layer·H + head}, the original pickles' order), FFNs as layer
 * indices, both sorted and distinct. Two masks that remove the same units are equal however they
 * were chosen (head 0% and the unmasked baseline are the same evaluation, design.md).
 *
 * @param shape the model's layers and heads
 * @param heads removed heads, flat indices, ascending
 * @param ffns removed FFN layers, ascending
 */
public record UnitMask(ModelShape shape, int[] heads, int[] ffns) {

  public UnitMask {
    Objects.requireNonNull(shape, "shape");
    heads = Objects.requireNonNull(heads, "heads").clone();
    ffns = Objects.requireNonNull(ffns, "ffns").clone();
    checkSortedIn(heads, shape.totalHeads(), "head index");
    checkSortedIn(ffns, shape.layers(), "FFN layer");
  }

  private static void checkSortedIn(int[] values, int bound, String what) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] >= bound) {
        throw new IllegalArgumentException(
            what + " " + values[i] + " is outside [0, " + (bound - 1) + "]");
      }
      if (i > 0 && values[i] <= values[i - 1]) {
        throw new IllegalArgumentException(
            what + "s must be ascending and distinct, got " + Arrays.toString(values));
      }
    }
  }

  /** Removes nothing. */
  public static UnitMask none(ModelShape shape) {
    return new UnitMask(shape, new int[0], new int[0]);
  }

  /** Removes one FFN (the knock-off of paper Eq. 7). */
  public static UnitMask ffn(ModelShape shape, int layer) {
    return new UnitMask(shape, new int[0], new int[] {layer});
  }

  /** Removes the given heads and FFNs, in any order and with repeats. */
  public static UnitMask of(ModelShape shape, int[] heads, int[] ffns) {
    return new UnitMask(
        shape,
        Arrays.stream(heads).sorted().distinct().toArray(),
        Arrays.stream(ffns).sorted().distinct().toArray());
  }

  /** Everything either mask removes (the combined pruning of paper §5.3). */
  public UnitMask union(UnitMask other) {
    if (!shape.equals(other.shape)) {
      throw new IllegalArgumentException(
          "cannot combine masks of shapes " + shape + " and " + other.shape);
    }
    int[] h = Arrays.copyOf(heads, heads.length + other.heads.length);
    System.arraycopy(other.heads, 0, h, heads.length, other.heads.length);
    int[] f = Arrays.copyOf(ffns, ffns.length + other.ffns.length);
    System.arraycopy(other.ffns, 0, f, ffns.length, other.ffns.length);
    return of(shape, h, f);
  }

  public boolean removesNothing() {
    return heads.length == 0 && ffns.length == 0;
  }

  /**
   * The model interventions: a head mask of ones with zeros at removed heads, an FFN mask likewise;
   * a kind with nothing removed is left out, so the unmasked path runs unchanged.
   */
  public Interventions interventions() {
    Optional<float[][]> headMask = Optional.empty();
    if (heads.length > 0) {
      float[][] m = new float[shape.layers()][shape.heads()];
      for (float[] row : m) {
        Arrays.fill(row, 1f);
      }
      for (int flat : heads) {
        m[flat / shape.heads()][flat % shape.heads()] = 0f;
      }
      headMask = Optional.of(m);
    }
    Optional<float[]> ffnMask = Optional.empty();
    if (ffns.length > 0) {
      float[] m = new float[shape.layers()];
      Arrays.fill(m, 1f);
      for (int l : ffns) {
        m[l] = 0f;
      }
      ffnMask = Optional.of(m);
    }
    return new Interventions(headMask, ffnMask, Optional.empty());
  }

  /** The removed heads as (layer, head), sorted. */
  public List<HeadUnit> headUnits() {
    List<HeadUnit> out = new ArrayList<>(heads.length);
    for (int flat : heads) {
      out.add(new HeadUnit(flat / shape.heads(), flat % shape.heads()));
    }
    return out;
  }

  /** The artifact form, with a summary for people (how the set was chosen). */
  public MaskDescription describe(String summary) {
    return new MaskDescription(
        headUnits(), Arrays.stream(ffns).boxed().toList(), Objects.requireNonNull(summary));
  }

  /** Feeds the mask's content into a digest. */
  public InputDigest addTo(InputDigest d) {
    return d.add(shape.layers()).add(shape.heads()).add(heads).add(ffns);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnitMask m
        && shape.equals(m.shape)
        && Arrays.equals(heads, m.heads)
        && Arrays.equals(ffns, m.ffns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shape, Arrays.hashCode(heads), Arrays.hashCode(ffns));
  }

  @Override
  public String toString() {
    return "UnitMask[" + heads.length + " heads, FFNs " + Arrays.toString(ffns) + "]";
  }

  /** Returns copies: the record's arrays must not change after construction. */
  @Override
  public int[] heads() {
    return heads.clone();
  }

  @Override
  public int[] ffns() {
    return ffns.clone();
  }
}
