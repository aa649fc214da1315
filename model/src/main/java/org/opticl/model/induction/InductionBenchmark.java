package org.opticl.model.induction;

import ai.djl.engine.Engine;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;

/**
 * Cost of the induction-head scores on a random OPT of a published shape: the wall time of prefix
 * matching plus copying over N sequences, split into the model's own computation and everything
 * around it, to show that the measurement adds little to the model's work. A random model has no
 * merges file, so the pool is a token-id range of the paper's pool size.
 */
public final class InductionBenchmark {
  /** Ids [2000, 48000): 46000 tokens, as many as the paper's merge-rank pool. */
  public static final TokenPool POOL = TokenPool.range(2000, 48000);

  private InductionBenchmark() {}

  /**
   * What was measured (seconds). {@code outsideModelShare} is the share of the wall time spent
   * neither in the forward passes nor in the copying score's direct path through the model: the
   * attention reductions, the copying read-out, sequence generation and aggregation.
   */
  public record Result(
      String shape,
      int sequences,
      int tokens,
      String pool,
      int threads,
      String engine,
      double loadSeconds,
      double wallSeconds,
      double forwardSeconds,
      double prefixReductionSeconds,
      double copyingCircuitSeconds,
      double copyingCircuitBuildSeconds,
      double copyingReadoutSeconds,
      double otherSeconds,
      double outsideModelShare) {}

  public static Result run(String shape, int sequences, long seed) {
    return run(shape, sequences, seed, line -> {});
  }

  /**
   * @param log receives one line per finished sequence (index, tokens, seconds so far), so that a
   *     long run on a busy machine leaves a trace even if it is stopped
   */
  public static Result run(
      String shape, int sequences, long seed, java.util.function.Consumer<String> log) {
    OptConfig config = OptConfig.variant(shape).withTorchDtype("float32");
    InductionRequest request =
        new InductionRequest(sequences, seed, PrefixRule.PARITY, CopyingRule.PARITY, POOL);
    long start = System.nanoTime();
    try (OptModel model =
        OptModel.load(
            new RandomOpt(config, seed, 0.02f), config, ModelPlacement.cpu(config.numLayers()))) {
      double load = (System.nanoTime() - start) / 1e9;
      long begin = System.nanoTime();
      InductionResult r =
          InductionScores.run(
              model,
              request,
              cp -> {
                int s = cp.sequencesDone() - 1;
                log.accept(
                    String.format(
                        "sequence %d done (T = %d): %.1f s",
                        s, InductionSequences.length(s), (System.nanoTime() - begin) / 1e9));
              });
      InductionResult.Timings t = r.timings();
      int tokens = 0;
      for (int s = 0; s < sequences; s++) {
        tokens += 2 * InductionSequences.length(s);
      }
      return new Result(
          shape,
          sequences,
          tokens,
          POOL.description(),
          Integer.getInteger(
              "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()),
          "PyTorch " + Engine.getEngine("PyTorch").getVersion() + " (DJL)",
          load,
          t.wall(),
          t.forward(),
          t.prefixReduction(),
          t.copyingCircuit(),
          t.copyingCircuitBuild(),
          t.copyingReadout(),
          t.other(),
          t.outsideModelShare());
    }
  }
}
