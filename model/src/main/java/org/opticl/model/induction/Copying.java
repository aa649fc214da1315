package org.opticl.model.induction;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.OptModel;

/**
 * The copying score of every head (paper-spec §4.3, Alg. 2): whether a head's OV circuit, read
 * directly through the LM head, raises the probability of the token the head attends to most, over
 * the other tokens it could attend to. The formula is the original's, quirks included — every layer
 * reads the embedding-level residual (token + position embeddings), through its own pre-attention
 * LayerNorm even in post-LN models (as the original applies {@code self_attn_layer_norm}); the OV
 * output is taken at the query position ({@link CopyingRule#PARITY}; {@link
 * CopyingRule#HEAD_OUTPUT} takes the head's attention-weighted output, as the paper describes it);
 * each head's output carries the whole {@code out_proj} bias b_O (the original applies {@code
 * out_proj}, bias included, to each head's zero-padded values); probabilities are a softmax over
 * all vocabulary rows with no final LayerNorm; the argmax of a tied attention row is its last
 * index. Models with a word-embedding projection (opt-350m, where the original would fail on a
 * shape mismatch) apply {@code project_out} before the LM head, as their forward pass does.
 *
 * <p>Computation is vectorised over heads and positions, in float32 (the LM-head product that forms
 * the circuit runs in the model's compute type). The OV-through-LM-head circuit of a layer, C =
 * W_U·W_O as (H,D,V), is formed once and kept while it fits a memory budget, so a sequence costs
 * H·T·D·V per layer instead of H·T·E·V. The softmax's normaliser is a streaming log-sum-exp over
 * blocks of vocabulary columns, so the (H,T,V) logits never exist at once; the probabilities of the
 * attendable tokens, (H,T,T), come from the circuit's columns of the sequence's own tokens. An
 * instance caches per model and is not thread-safe.
 */
public final class Copying implements AutoCloseable {
  /** Enough to keep every layer's circuit of a 125m model (12·768·50272 float32 = 1.85 GB). */
  public static final long DEFAULT_CACHE_BYTES = 2L << 30;

  /**
   * Elements of one vocabulary block's (H,Q,c) logits on the CPU: 30 MB in float32, under glibc's
   * 32 MiB ceiling for serving allocations from the heap, so blocks reuse memory instead of mapping
   * fresh pages each time.
   */
  private static final long CPU_BLOCK_ELEMENTS = 7_500_000;

  /** The same on a GPU, whose caching allocator reuses memory anyway: 512 MiB in float32. */
  private static final long GPU_BLOCK_ELEMENTS = 1L << 27;

  private static final float LN_EPS = 1e-5f;

  private final OptModel model;
  private final OptConfig config;
  private final NDManager manager;
  private final Optional<NDArray> projectOut;
  private final Circuit[] cached;
  private final long cacheBytes;
  private long cachedBytes;

  /** One layer's OV circuit through the LM head: ct (H,D,V) and W_U·b_O (V), float32. */
  private record Circuit(NDArray ct, NDArray bias) {}

  public Copying(OptModel model) {
    this(model, DEFAULT_CACHE_BYTES);
  }

  /**
   * @param cacheBytes how many bytes of per-layer circuits to keep between sequences (0 keeps
   *     none); results do not depend on it
   */
  public Copying(OptModel model, long cacheBytes) {
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("cacheBytes must be >= 0, got " + cacheBytes);
    }
    this.model = model;
    this.config = model.config();
    this.projectOut = projectOut(model);
    this.cached = new Circuit[config.numLayers()];
    this.cacheBytes = cacheBytes;
    this.manager = Engine.getEngine("PyTorch").newBaseManager(Device.cpu());
  }

  /**
   * OptModel has no accessor for {@code project_out}; {@link OptModel#parameters()} lists it fourth
   * (after the token table, the position table and {@code project_in}) when the model projects. Its
   * shape (P,E) is checked, so a change of that order fails loudly here.
   */
  private static Optional<NDArray> projectOut(OptModel model) {
    OptConfig c = model.config();
    if (!c.projectsEmbeddings()) {
      return Optional.empty();
    }
    List<NDArray> params = model.parameters();
    Shape expected = new Shape(c.wordEmbedProjDim(), c.hiddenSize());
    NDArray p = params.get(3);
    if (!p.getShape().equals(expected)) {
      throw new IllegalStateException(
          "expected project_out " + expected + " as OptModel's 4th parameter, got " + p.getShape());
    }
    return Optional.of(p);
  }

  /**
   * Every head's copying score [L][H] on {@code sequence} (BOS then distinct tokens): the mean over
   * query positions 1 … T−1 of ReLU(p − mean p)[m] / Σ ReLU(p − mean p), where p are the
   * probabilities the head's OV output at the query assigns to the tokens at positions 0 … j and m
   * is the most-attended position; 0 where the sum is 0.
   */
  public double[][] score(int[] sequence) {
    return score(sequence, CopyingRule.PARITY, new StageClock());
  }

  /** {@link #score(int[])} with the OV read-out of {@code rule}. */
  public double[][] score(int[] sequence, CopyingRule rule) {
    return score(sequence, rule, new StageClock());
  }

  double[][] score(int[] sequence, CopyingRule rule, StageClock clock) {
    int t = sequence.length;
    if (t < 2) {
      throw new IllegalArgumentException("a copying sequence needs at least 2 tokens, got " + t);
    }
    int layers = config.numLayers();
    int h = config.numHeads();
    int d = config.headDim();
    int e = config.hiddenSize();
    Device head = model.placement().headDevice();
    double[][] out = new double[layers][h];
    long start = System.nanoTime();
    try (NDManager sm = manager.newSubManager()) {
      // Layer-0 residual input (T,E), shared by every layer.
      NDArray x0 =
          model.embed(sm, Batch.of(sequence)).reshape(t, e).toType(DataType.FLOAT32, false);
      Map<Device, NDArray> x0On = new HashMap<>();
      Map<Device, NDArray> causalOn = new HashMap<>();
      NDArray causal = causalBias(sm, t);
      Readout readout = Readout.of(sm, sequence, head);
      for (int l = 0; l < layers; l++) {
        try (NDManager lm = sm.newSubManager()) {
          OptModel.AttentionWeights w = model.attentionWeights(l);
          Device dev = model.placement().layerDevice(l);
          NDArray x = x0On.computeIfAbsent(dev, k -> x0.toDevice(k, false));
          NDArray bias = causalOn.computeIfAbsent(dev, k -> causal.toDevice(k, false));
          x.tempAttach(lm);
          NDArray hs =
              LayerNorm.layerNorm(
                      x,
                      new Shape(e),
                      float32(lm, w.normWeight()),
                      float32(lm, w.normBias()),
                      LN_EPS)
                  .singletonOrThrow(); // (T,E)
          NDList qkv =
              Linear.linear(hs, float32(lm, w.qkvWeight()), float32(lm, w.qkvBias()))
                  .singletonOrThrow()
                  .split(3, 1); // 3 x (T,E)
          NDArray q = qkv.get(0).reshape(t, h, d).transpose(1, 0, 2); // (H,T,D)
          NDArray k = qkv.get(1).reshape(t, h, d).transpose(1, 2, 0); // (H,D,T)
          // Attention rows of the queries 1..T-1 (position 0, BOS, is not scored): (H,T-1,T).
          NDArray probs = q.matMul(k).add(bias).softmax(-1).get(":, 1:, :");
          // What the OV circuit reads at those queries: (H,T-1,D).
          NDArray values = qkv.get(2).reshape(t, h, d).transpose(1, 0, 2); // (H,T,D)
          NDArray vq =
              (rule == CopyingRule.PARITY ? values.get(":, 1:, :") : probs.matMul(values))
                  .toDevice(head, false);
          start = clock.lap(StageClock.Stage.COPYING_CIRCUIT, start);
          Circuit circuit = circuit(l, lm);
          start = clock.lap(StageClock.Stage.COPYING_CIRCUIT_BUILD, start);
          // p[h,j,k] = softmax over the vocabulary of head h's logits at query j, at token X[k].
          NDArray lse = logSumExp(vq, circuit, lm); // (H,T-1,1)
          NDArray p =
              vq.matMul(readout.columns(circuit.ct(), lm)) // (H,T-1,T)
                  .add(owned(lm, circuit.bias().get(readout.tokens())))
                  .sub(lse)
                  .exp();
          start = clock.lap(StageClock.Stage.COPYING_CIRCUIT, start);
          // Last index of each row's maximum: argmax (first index) of the reversed row.
          NDArray argmax = probs.flip(2).argMax(2).neg().add(t - 1).toDevice(head, false);
          float[] sums = readout.scores(p, argmax).toFloatArray(); // (H)
          for (int j = 0; j < h; j++) {
            out[l][j] = sums[j] / (double) (t - 1);
          }
          start = clock.lap(StageClock.Stage.COPYING_READOUT, start);
        }
      }
    }
    return out;
  }

  /**
   * log Σ_v exp(logits) (H,Q,1) of the logits vq·ct + bias over the whole vocabulary, a block of
   * vocabulary columns at a time (streaming log-sum-exp): the (H,Q,V) logits never exist at once,
   * and each block reads its slice of the circuit once for all queries.
   */
  private NDArray logSumExp(NDArray vq, Circuit circuit, NDManager scope) {
    long hq = vq.getShape().get(0) * vq.getShape().get(1);
    int v = config.vocabSize();
    boolean gpu = vq.getDevice().isGpu();
    int cols = (int) Math.max(1, Math.min(v, (gpu ? GPU_BLOCK_ELEMENTS : CPU_BLOCK_ELEMENTS) / hq));
    List<NDArray> maxes = new ArrayList<>();
    List<NDArray> sums = new ArrayList<>();
    for (int a = 0; a < v; a += cols) {
      int b = Math.min(v, a + cols);
      try (NDManager bm = scope.newSubManager()) {
        NDArray slice = circuit.ct().get(":, :, " + a + ":" + b); // (H,D,c)
        slice.attach(bm);
        NDArray bias = circuit.bias().get(a + ":" + b);
        bias.attach(bm);
        vq.tempAttach(bm);
        NDArray logits = vq.matMul(slice).addi(bias); // (H,Q,c)
        NDArray max = logits.max(new int[] {2}, true); // (H,Q,1)
        NDArray sum = logits.subi(max).exp().sum(new int[] {2}, true); // (H,Q,1)
        max.attach(scope);
        sum.attach(scope);
        maxes.add(max);
        sums.add(sum);
      }
    }
    NDArray m = NDArrays.stack(new NDList(maxes)); // (B,H,Q,1)
    NDArray top = m.max(new int[] {0}); // (H,Q,1)
    NDArray total = NDArrays.stack(new NDList(sums)).mul(m.sub(top).exp()).sum(new int[] {0});
    return top.add(total.log());
  }

  /**
   * What the read-out needs of one sequence, built once: the token ids, and which keys each query
   * 1..T−1 may attend to.
   */
  private record Readout(
      NDArray tokens, // (T) int64: the sequence
      NDArray index, // (1,1,T) int64: the sequence, to gather vocabulary columns
      NDArray attendable, // (T-1,T) float32: 1 where key k <= query j
      NDArray counts) { // (T-1,1) float32: j + 1 attendable keys

    static Readout of(NDManager sm, int[] sequence, Device device) {
      int t = sequence.length;
      long[] ids = Arrays.stream(sequence).asLongStream().toArray();
      NDArray queries = sm.arange(1, t, 1, DataType.FLOAT32).reshape(t - 1, 1);
      NDArray keys = sm.arange(0, t, 1, DataType.FLOAT32).reshape(1, t);
      return new Readout(
          sm.create(ids).toDevice(device, false),
          sm.create(ids, new Shape(1, 1, t)).toDevice(device, false),
          keys.lte(queries).toType(DataType.FLOAT32, false).toDevice(device, false),
          queries.add(1).toDevice(device, false));
    }

    /** The circuit's columns of the sequence's tokens, ct[:, :, X]: (H,D,T) in {@code scope}. */
    NDArray columns(NDArray ct, NDManager scope) {
      Shape s = ct.getShape();
      NDArray idx = owned(scope, index.broadcast(s.get(0), s.get(1), index.getShape().get(2)));
      return owned(scope, ct.gather(idx, 2));
    }

    /**
     * Σ over queries of ReLU(p − mean p)[m] / Σ ReLU(p − mean p) (0 where the sum is 0), with the
     * mean and sums over each query's attendable keys: (H) from p (H,T−1,T) and argmax (H,T−1).
     */
    NDArray scores(NDArray p, NDArray argmax) {
      NDArray mean = p.mul(attendable).sum(new int[] {2}, true).div(counts); // (H,T-1,1)
      NDArray r = p.sub(mean).maximum(0f).mul(attendable); // (H,T-1,T)
      NDArray sum = r.sum(new int[] {2}); // (H,T-1)
      NDArray picked = r.gather(argmax.expandDims(2), 2).squeeze(2); // (H,T-1)
      return NDArrays.where(sum.gt(0f), picked.div(sum), sum.zerosLike()).sum(new int[] {1});
    }
  }

  /** Additive causal bias (T,T): 0 where key k ≤ query j, the lowest float32 elsewhere. */
  private static NDArray causalBias(NDManager sm, int t) {
    NDArray idx = sm.arange(t);
    return idx.reshape(t, 1)
        .lt(idx.reshape(1, t))
        .toType(DataType.FLOAT32, false)
        .mul(-Float.MAX_VALUE);
  }

  /**
   * Layer {@code l}'s circuit: ct[h,d,v] = Σ_e U[v,e]·W_O[e, h·D + d] and W_U·b_O, with U the LM
   * head (after {@code project_out} when the model projects), on the head device. Cached when the
   * budget allows; otherwise it lives in {@code scope}.
   */
  private Circuit circuit(int l, NDManager scope) {
    if (cached[l] != null) {
      return cached[l];
    }
    int h = config.numHeads();
    int d = config.headDim();
    int e = config.hiddenSize();
    Device head = model.placement().headDevice();
    OptModel.AttentionWeights w = model.attentionWeights(l);
    Circuit c;
    try (NDManager tmp = scope.newSubManager()) {
      // Ops on model weights put their results in the model's manager; move each one out at once.
      NDArray wo = owned(tmp, w.outWeight().reshape(e, h, d));
      NDArray woT = wo.transpose(1, 2, 0).toDevice(head, false); // (H,D,E)
      NDArray bo = owned(tmp, w.outBias().reshape(1, e)).toDevice(head, false); // (1,E)
      if (projectOut.isPresent()) {
        woT = Linear.linear(woT, projectOut.get()).singletonOrThrow(); // (H,D,P)
        bo = Linear.linear(bo, projectOut.get()).singletonOrThrow(); // (1,P)
      }
      NDArray ct = model.unembed(woT).toType(DataType.FLOAT32, false); // (H,D,V)
      NDArray ub = model.unembed(bo).toType(DataType.FLOAT32, false).reshape(-1); // (V)
      long bytes = 4L * ct.size();
      boolean keep = cachedBytes + bytes <= cacheBytes;
      NDManager home = keep ? manager : scope;
      ct.attach(home);
      ub.attach(home);
      c = new Circuit(ct, ub);
      if (keep) {
        cached[l] = c;
        cachedBytes += bytes;
      }
    }
    return c;
  }

  private static NDArray owned(NDManager scope, NDArray fresh) {
    fresh.attach(scope);
    return fresh;
  }

  /** The weight itself when it is float32 (read-only use); else a float32 copy in {@code scope}. */
  private static NDArray float32(NDManager scope, NDArray weight) {
    return weight.getDataType() == DataType.FLOAT32
        ? weight
        : owned(scope, weight.toType(DataType.FLOAT32, true));
  }

  @Override
  public void close() {
    manager.close();
  }
}
