package org.opticl.measure.importance;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.opticl.measure.ModelShape;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.HeadGradients;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.OptModel;
import org.opticl.model.tokenizer.OptTokenizer;

/**
 * The running sums of head importance over batches of examples, exactly as paper-spec §1.5 states
 * them, kept in double so that resuming from saved sums continues bit for bit:
 *
 * <pre>
 * PER_TOKEN_ABS:  I[ℓ,h] += Σ_b Σ_t |⟨a,g⟩|     (g of the batch's mean loss, as the original)
 *                 tot_tokens += Σ_b (l_ctx + l_cont − 1);  eff_tokens += Σ_b l_cont
 *                 final: I[0..L−2] / tot_tokens,  I[L−1] / eff_tokens
 * MASK_GRADIENT:  I[ℓ,h] += Σ_b |∂L_b/∂ξ| = Σ_b |Σ_t ⟨a,g⟩_b| · N / n_b
 *                 final: I / examples
 * </pre>
 *
 * For MASK_GRADIENT, the batch loss averages over all N supervised tokens of the batch, so row b's
 * gate gradient is n_b/N times that of its own loss L_b (n_b = its l_cont); rescaling makes the
 * estimate the same for every batch size (at batch 1 the factor is exactly 1). PER_TOKEN_ABS keeps
 * the original's batch-loss gradients unscaled: that is what the released code accumulates.
 */
public final class ImportanceAccumulator {
  private final ImportanceMethod method;
  private final ModelShape shape;
  private final double[][] sums;
  private long totalTokens;
  private long supervisedTokens;
  private int examples;

  public ImportanceAccumulator(ImportanceMethod method, ModelShape shape) {
    this.method = Objects.requireNonNull(method, "method");
    this.shape = Objects.requireNonNull(shape, "shape");
    this.sums = new double[shape.layers()][shape.heads()];
  }

  /** Continues from saved sums and counts (a checkpoint's). */
  public static ImportanceAccumulator restore(
      ImportanceMethod method,
      ModelShape shape,
      double[][] sums,
      long totalTokens,
      long supervisedTokens,
      int examples) {
    shape.check(sums, "checkpoint sums");
    if (totalTokens < 0 || supervisedTokens < 0 || examples < 0) {
      throw new IllegalArgumentException(
          "checkpoint counts must be >= 0, got totalTokens="
              + totalTokens
              + " supervisedTokens="
              + supervisedTokens
              + " examples="
              + examples);
    }
    ImportanceAccumulator a = new ImportanceAccumulator(method, shape);
    for (int l = 0; l < sums.length; l++) {
      System.arraycopy(sums[l], 0, a.sums[l], 0, shape.heads());
    }
    a.totalTokens = totalTokens;
    a.supervisedTokens = supervisedTokens;
    a.examples = examples;
    return a;
  }

  /** A right-padded batch of examples and its labels (HF convention: -100 = not supervised). */
  public record PaddedBatch(Batch batch, int[][] labels) {}

  /**
   * Builds the batch the original builds (paper-spec §1.4): rows {@code context ++ continuation}
   * right-padded to the longest, attention mask 1 on real tokens, labels equal to the input on the
   * continuation positions and -100 elsewhere.
   */
  public static PaddedBatch batchOf(List<TokenizedExample> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one example");
    }
    int t = examples.stream().mapToInt(TokenizedExample::length).max().orElseThrow();
    int bsz = examples.size();
    int[][] ids = new int[bsz][t];
    int[][] mask = new int[bsz][t];
    int[][] labels = new int[bsz][t];
    for (int b = 0; b < bsz; b++) {
      TokenizedExample e = examples.get(b);
      int[] input = e.input();
      int ctx = e.context().length;
      // Padding id is irrelevant under the attention mask; OPT's pad token keeps dumps readable.
      Arrays.fill(ids[b], OptTokenizer.PAD);
      Arrays.fill(labels[b], -100);
      System.arraycopy(input, 0, ids[b], 0, input.length);
      Arrays.fill(mask[b], 0, input.length, 1);
      System.arraycopy(input, ctx, labels[b], ctx, input.length - ctx);
    }
    return new PaddedBatch(new Batch(ids, mask), labels);
  }

  /**
   * One forward and backward pass of {@code model} on the examples (no interventions), added to the
   * sums. Returns the raw gradients for callers that want to look at them.
   */
  public HeadGradients accumulate(OptModel model, List<TokenizedExample> batch) {
    ModelShape modelShape = ModelShape.of(model.config());
    if (!modelShape.equals(shape)) {
      throw new IllegalArgumentException(
          "accumulator is for " + shape + " but the model is " + modelShape);
    }
    PaddedBatch padded = batchOf(batch);
    HeadGradients g =
        model.headGradients(padded.batch(), padded.labels(), Interventions.NONE, Optional.empty());
    add(
        g,
        batch.stream().mapToInt(e -> e.context().length).toArray(),
        batch.stream().mapToInt(e -> e.continuation().length).toArray());
    return g;
  }

  /**
   * Adds one batch's gradients.
   *
   * @param g the batch's head gradients (loss = mean over its supervised tokens)
   * @param contextLengths l_ctx per row: real tokens before the supervised ones
   * @param continuationLengths l_cont per row: supervised tokens; they must sum to {@code
   *     g.supervisedTokens()}
   */
  public void add(HeadGradients g, int[] contextLengths, int[] continuationLengths) {
    int bsz = contextLengths.length;
    if (continuationLengths.length != bsz || g.perExampleHeadMaskGradient().length != bsz) {
      throw new IllegalArgumentException(
          "batch sizes disagree: "
              + bsz
              + " context lengths, "
              + continuationLengths.length
              + " continuation lengths, "
              + g.perExampleHeadMaskGradient().length
              + " gradient rows");
    }
    shape.check(g.headAbsDotSum(), "headAbsDotSum");
    long supervised = 0;
    long positions = 0;
    for (int b = 0; b < bsz; b++) {
      if (contextLengths[b] < 1 || continuationLengths[b] < 1) {
        throw new IllegalArgumentException(
            "row "
                + b
                + ": l_ctx="
                + contextLengths[b]
                + " and l_cont="
                + continuationLengths[b]
                + " must both be >= 1");
      }
      shape.check(g.perExampleHeadMaskGradient()[b], "perExampleHeadMaskGradient[" + b + "]");
      supervised += continuationLengths[b];
      positions += contextLengths[b] + continuationLengths[b] - 1;
    }
    if (supervised != g.supervisedTokens()) {
      throw new IllegalArgumentException(
          "continuation lengths sum to "
              + supervised
              + " but the loss averaged over "
              + g.supervisedTokens()
              + " supervised tokens");
    }
    int layers = shape.layers();
    int heads = shape.heads();
    if (method == ImportanceMethod.PER_TOKEN_ABS) {
      for (int l = 0; l < layers; l++) {
        for (int h = 0; h < heads; h++) {
          sums[l][h] += g.headAbsDotSum()[l][h];
        }
      }
    } else {
      for (int b = 0; b < bsz; b++) {
        double scale = (double) g.supervisedTokens() / continuationLengths[b];
        double[][] row = g.perExampleHeadMaskGradient()[b];
        for (int l = 0; l < layers; l++) {
          for (int h = 0; h < heads; h++) {
            sums[l][h] += Math.abs(row[l][h] * scale);
          }
        }
      }
    }
    totalTokens += positions;
    supervisedTokens += supervised;
    examples += bsz;
  }

  public ImportanceMethod method() {
    return method;
  }

  public ModelShape shape() {
    return shape;
  }

  /** The undivided sums [L][H] (a copy). */
  public double[][] sums() {
    return Arrays.stream(sums).map(double[]::clone).toArray(double[][]::new);
  }

  /** tot_tokens: Σ (l_ctx + l_cont − 1), the positions that carry gradient. */
  public long totalTokens() {
    return totalTokens;
  }

  /** eff_tokens: Σ l_cont, the supervised tokens. */
  public long supervisedTokens() {
    return supervisedTokens;
  }

  public int examples() {
    return examples;
  }

  /** The importance [L][H] after the method's divisions. */
  public double[][] importance() {
    if (examples == 0) {
      throw new IllegalStateException("no examples accumulated: importance is undefined");
    }
    int last = shape.layers() - 1;
    double[][] out = new double[shape.layers()][shape.heads()];
    for (int l = 0; l <= last; l++) {
      double divisor =
          method == ImportanceMethod.MASK_GRADIENT
              ? examples
              : (l < last ? (double) totalTokens : (double) supervisedTokens);
      for (int h = 0; h < shape.heads(); h++) {
        out[l][h] = sums[l][h] / divisor;
      }
    }
    return out;
  }
}
