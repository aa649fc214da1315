package org.opticl.model.opt;

import java.util.Arrays;
import java.util.Optional;
import org.opticl.model.config.OptConfig;

/**
 * What to change and what to observe in one forward pass, as one explicit value instead of flags
 * threaded through every call (the TransformerLens idea of first-class interventions).
 *
 * <ul>
 *   <li>{@code headMask} [L][H]: scales each head's output before {@code out_proj}; 0 removes the
 *       head exactly (its slice of the concatenation becomes zero; {@code out_proj}'s bias stays).
 *   <li>{@code ffnMask} [L]: 0 skips a layer's whole FFN block (LayerNorm, fc1, ReLU, fc2 and the
 *       residual add), so the post-attention residual passes through unchanged; other values scale
 *       the block's output.
 *   <li>{@code attention}: receives each layer's post-softmax, post-mask attention probabilities.
 * </ul>
 */
public record Interventions(
    Optional<float[][]> headMask,
    Optional<float[]> ffnMask,
    Optional<AttentionObserver> attention) {

  /** The unmodified model, observing nothing. */
  public static final Interventions NONE =
      new Interventions(Optional.empty(), Optional.empty(), Optional.empty());

  public Interventions {
    headMask = headMask.map(m -> Arrays.stream(m).map(float[]::clone).toArray(float[][]::new));
    ffnMask = ffnMask.map(float[]::clone);
  }

  public Interventions withHeadMask(float[][] mask) {
    return new Interventions(Optional.of(mask), ffnMask, attention);
  }

  public Interventions withFfnMask(float[] mask) {
    return new Interventions(headMask, Optional.of(mask), attention);
  }

  public Interventions observingAttention(AttentionObserver observer) {
    return new Interventions(headMask, ffnMask, Optional.of(observer));
  }

  /** Checks the masks' shapes against a model, naming what is wrong. */
  public void validate(OptConfig config) {
    headMask.ifPresent(
        m -> {
          if (m.length != config.numLayers()) {
            throw new IllegalArgumentException(
                "head mask has "
                    + m.length
                    + " layers, the model has "
                    + config.numLayers()
                    + " (expected shape ["
                    + config.numLayers()
                    + "]["
                    + config.numHeads()
                    + "])");
          }
          for (int l = 0; l < m.length; l++) {
            if (m[l].length != config.numHeads()) {
              throw new IllegalArgumentException(
                  "head mask layer "
                      + l
                      + " has "
                      + m[l].length
                      + " heads, the model has "
                      + config.numHeads());
            }
          }
        });
    ffnMask.ifPresent(
        m -> {
          if (m.length != config.numLayers()) {
            throw new IllegalArgumentException(
                "FFN mask has " + m.length + " entries, the model has " + config.numLayers());
          }
        });
  }

  /** A head mask of ones with the given heads set to 0. */
  public static float[][] headMaskWithout(OptConfig config, int[][] layerHeadPairs) {
    float[][] m = new float[config.numLayers()][config.numHeads()];
    for (float[] row : m) {
      Arrays.fill(row, 1f);
    }
    for (int[] lh : layerHeadPairs) {
      m[lh[0]][lh[1]] = 0f;
    }
    return m;
  }

  /** An FFN mask of ones with the given layers set to 0. */
  public static float[] ffnMaskWithout(OptConfig config, int... layers) {
    float[] m = new float[config.numLayers()];
    Arrays.fill(m, 1f);
    for (int l : layers) {
      m[l] = 0f;
    }
    return m;
  }
}
