package org.opticl.model.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opticl.model.config.OptConfig;
import org.opticl.model.device.DeviceMap;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;

/**
 * Throughput of the model against the machine's matrix-multiply roofline, measured the way the
 * PyTorch reference ({@code opt_reference.py bench}) measures itself: one warm-up, then the median
 * of {@code reps} timed runs, for a forward pass to full logits, a forward+backward pass to the
 * head mask, and a square matrix product through the same engine on the same device: 1024³ in
 * float32 on the CPU, 8192³ in float16 on a GPU (where the model computes in float16 and a 1024³
 * product is too small to keep the chip busy).
 */
public final class ModelBenchmark {

  /**
   * What was measured; FLOPs are per token of a forward pass (see {@link #forwardFlopsPerToken}).
   */
  public record Result(
      String shape,
      int batch,
      int seq,
      String device,
      String computeType,
      int threads,
      String engine,
      double forwardTokensPerS,
      double fwdBwdTokensPerS,
      int gemmSize,
      double gemmGflops,
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

  /**
   * @param device {@code cpu} or a GPU ({@code gpu:N}, {@code cuda:N}); the model computes in
   *     float32 on the CPU and in float16 on a GPU ({@link ModelPlacement})
   */
  public static Result run(String shape, int batch, int seq, int reps, long seed, String device) {
    OptConfig config = OptConfig.variant(shape);
    String where = DeviceMap.normalize(device);
    boolean gpu = !where.equals(DeviceMap.CPU);
    ModelPlacement placement =
        gpu
            ? new ModelPlacement(DeviceMap.allOn(where, config.numLayers()), DataType.FLOAT16)
            : ModelPlacement.cpu(config.numLayers());
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
    try (OptModel model = OptModel.load(new RandomOpt(config, seed, 0.02f), config, placement)) {
      fwd = median(reps, () -> model.logitsSum(input, Interventions.NONE));
      fwdBwd =
          median(
              reps, () -> model.headGradients(input, labels, Interventions.NONE, Optional.empty()));
    }
    int n = gpu ? 8192 : 1024;
    double gemm;
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(DeviceMap.device(where))) {
      NDArray a = m.randomNormal(new Shape(n, n)).toType(placement.computeType(), false);
      NDArray b = m.randomNormal(new Shape(n, n)).toType(placement.computeType(), false);
      gemm =
          median(
              Math.max(reps, 15),
              () -> {
                try (NDArray c = a.matMul(b);
                    NDArray corner = c.get(0, 0)) {
                  // Reading one element back waits for the product: GPU kernels run asynchronously.
                  return corner.toType(DataType.FLOAT32, false).getFloat();
                }
              });
    }
    double tokens = (double) batch * seq;
    double flops = forwardFlopsPerToken(config, seq);
    double gflops = 2.0 * Math.pow(n, 3) / gemm / 1e9;
    double fwdTps = tokens / fwd;
    return new Result(
        shape,
        batch,
        seq,
        where,
        placement.computeType().toString().toLowerCase(java.util.Locale.ROOT),
        Integer.getInteger(
            "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()),
        "PyTorch " + Engine.getEngine("PyTorch").getVersion() + " (DJL)",
        fwdTps,
        tokens / fwdBwd,
        n,
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
