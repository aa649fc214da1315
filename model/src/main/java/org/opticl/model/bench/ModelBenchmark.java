package org.opticl.model.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;

/**
 * Throughput of the model against the machine's matrix-multiply roofline, measured the way the
 * PyTorch reference ({@code opt_reference.py bench}) measures itself: one warm-up, then the median
 * of {@code reps} timed runs, for a forward pass to full logits, a forward+backward pass to the
 * head mask, and a 1024³ float32 product through the same engine.
 */
public final class ModelBenchmark {

  /**
   * What was measured; FLOPs are per token of a forward pass (see {@link #forwardFlopsPerToken}).
   */
  public record Result(
      String shape,
      int batch,
      int seq,
      int threads,
      String engine,
      double forwardTokensPerS,
      double fwdBwdTokensPerS,
      double gemm1024Gflops,
      double forwardFlopsPerToken,
      double forwardRoofline) {}

  private ModelBenchmark() {}

  /**
   * Forward FLOPs per token: 2 per multiply-add of every weight matrix a token meets (attention
   * projections, FFN, the LM head, the embedding projections when present) plus the attention
   * products QKᵀ and PV over the full T×T square, as the benchmark computes them.
   */
  public static double forwardFlopsPerToken(OptConfig c, int seq) {
    double e = c.hiddenSize();
    double perLayer = 4 * e * e + 2 * e * c.ffnDim() + 2 * seq * e;
    double head = (double) c.vocabSize() * c.wordEmbedProjDim();
    double proj = c.projectsEmbeddings() ? 2 * e * c.wordEmbedProjDim() : 0;
    return 2 * (c.numLayers() * perLayer + head + proj);
  }

  public static Result run(String shape, int batch, int seq, int reps, long seed) {
    OptConfig config = OptConfig.variant(shape);
    if (seq > config.maxPositions()) {
      throw new IllegalArgumentException("--seq " + seq + " exceeds " + config.maxPositions());
    }
    SplittableRandom r = new SplittableRandom(seed);
    int[][] ids = new int[batch][];
    for (int b = 0; b < batch; b++) {
      ids[b] = r.ints(seq, 3, 50000).toArray();
    }
    Batch input = Batch.of(ids);
    int[][] labels = new int[batch][];
    for (int b = 0; b < batch; b++) {
      labels[b] = ids[b].clone();
      labels[b][0] = -100;
    }
    double fwd;
    double fwdBwd;
    try (OptModel model =
        OptModel.load(
            new RandomOpt(config, seed, 0.02f), config, ModelPlacement.cpu(config.numLayers()))) {
      fwd = median(reps, () -> model.logitsSum(input, Interventions.NONE));
      fwdBwd =
          median(
              reps, () -> model.headGradients(input, labels, Interventions.NONE, Optional.empty()));
    }
    double gemm;
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(1024, 1024));
      NDArray b = m.randomNormal(new Shape(1024, 1024));
      gemm =
          median(
              Math.max(reps, 15),
              () -> {
                try (NDArray c = a.matMul(b)) {
                  return c.getShape();
                }
              });
    }
    double tokens = (double) batch * seq;
    double flops = forwardFlopsPerToken(config, seq);
    double gflops = 2.0 * Math.pow(1024, 3) / gemm / 1e9;
    double fwdTps = tokens / fwd;
    return new Result(
        shape,
        batch,
        seq,
        Integer.getInteger(
            "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()),
        "PyTorch " + Engine.getEngine("PyTorch").getVersion() + " (DJL)",
        fwdTps,
        tokens / fwdBwd,
        gflops,
        flops,
        fwdTps * flops / (gflops * 1e9));
  }

  private static double median(int reps, java.util.function.Supplier<?> run) {
    run.get();
    double[] t = new double[reps];
    for (int i = 0; i < reps; i++) {
      long start = System.nanoTime();
      run.get();
      t[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(t);
    return t[reps / 2];
  }
}
