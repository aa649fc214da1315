package org.opticl.model.opt;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import org.opticl.model.config.OptConfig;
import org.opticl.model.io.CheckpointReader;
import org.opticl.model.io.TensorSource;

/**
 * An OPT decoder on DJL's PyTorch engine that computes the same function as Hugging Face's {@code
 * OPTForCausalLM}, with the interventions the paper needs (head mask, FFN mask, attention capture,
 * head-output gradients). Weights are plain engine arrays placed per layer on the devices of a
 * {@link ModelPlacement}; no parameter ever requires a gradient, so a backward pass only
 * materialises activation gradients — at 66B scale a second copy of the weights would not fit.
 *
 * <p>Every method takes and returns plain Java values; engine arrays live in a per-call scope and
 * never escape it. Gradient methods are serialised process-wide because PyTorch's DJL binding
 * allows only one {@link GradientCollector} at a time.
 */
public final class OptModel implements AutoCloseable {
  private static final Object GRADIENT_LOCK = new Object();
  private static final float LN_EPS = 1e-5f;

  private final OptConfig config;
  private final ModelPlacement placement;
  private final NDManager manager;
  private final DataType type;
  private final Shape normShape;
  private final NDArray embedTokens; // (V,P)
  private final NDArray embedPositions; // (maxPos+2,E)
  private final Optional<NDArray> projectIn; // (E,P)
  private final Optional<NDArray> projectOut; // (P,E)
  private final Optional<NDArray[]> finalNorm; // weight, bias (E)
  private final NDArray lmHead; // (V,P), tied to embedTokens unless the checkpoint has its own
  private final Layer[] layers;
  private final java.util.concurrent.atomic.AtomicLong tokensProcessed =
      new java.util.concurrent.atomic.AtomicLong();

  /** One decoder layer's weights; q rows of the fused projection are pre-scaled by D^-1/2. */
  private record Layer(
      Device device,
      NDArray attnNormW,
      NDArray attnNormB,
      NDArray qkvW, // (3E,E)
      NDArray qkvB, // (3E)
      NDArray outW, // (E,E)
      NDArray outB,
      NDArray ffnNormW,
      NDArray ffnNormB,
      NDArray fc1W, // (F,E)
      NDArray fc1B,
      NDArray fc2W, // (E,F)
      NDArray fc2B) {}

  private OptModel(
      OptConfig config,
      ModelPlacement placement,
      NDManager manager,
      NDArray embedTokens,
      NDArray embedPositions,
      Optional<NDArray> projectIn,
      Optional<NDArray> projectOut,
      Optional<NDArray[]> finalNorm,
      NDArray lmHead,
      Layer[] layers) {
    this.config = config;
    this.placement = placement;
    this.manager = manager;
    this.type = placement.computeType();
    this.normShape = new Shape(config.hiddenSize());
    this.embedTokens = embedTokens;
    this.embedPositions = embedPositions;
    this.projectIn = projectIn;
    this.projectOut = projectOut;
    this.finalNorm = finalNorm;
    this.lmHead = lmHead;
    this.layers = layers;
  }

  /** Loads a Hugging Face checkpoint directory onto the CPU in float32. */
  public static OptModel load(Path dir) {
    OptConfig config = OptConfig.read(dir.resolve("config.json"));
    return load(dir, config, ModelPlacement.cpu(config.numLayers()));
  }

  /**
   * Loads a checkpoint directory with an explicit placement. Every tensor the architecture needs
   * must be present with its exact shape, and nothing else may be: a checkpoint that does not match
   * its config is an error, never a silently different model.
   */
  public static OptModel load(Path dir, OptConfig config, ModelPlacement placement) {
    try (CheckpointReader reader = CheckpointReader.open(dir)) {
      return load(reader, config, placement);
    }
  }

  /** Builds a model from any tensor source (a checkpoint, or seeded random weights). */
  public static OptModel load(TensorSource source, OptConfig config, ModelPlacement placement) {
    placement.validate(config);
    checkTensorNames(source, config);
    NDManager manager = Engine.getEngine("PyTorch").newBaseManager(Device.cpu());
    try {
      return build(config, placement, manager, source);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static OptModel build(
      OptConfig c, ModelPlacement placement, NDManager m, TensorSource r) {
    DataType t = placement.computeType();
    long e = c.hiddenSize();
    long p = c.wordEmbedProjDim();
    long f = c.ffnDim();
    Device embedDev = placement.embeddingDevice();
    Device headDev = placement.headDevice();
    NDArray embed =
        onDevice(r.load(m, "embed_tokens.weight", new long[] {c.vocabSize(), p}, t), embedDev);
    NDArray pos =
        onDevice(
            r.load(
                m,
                "embed_positions.weight",
                new long[] {c.maxPositions() + OptConfig.POSITION_OFFSET, e},
                t),
            embedDev);
    Optional<NDArray> projIn = Optional.empty();
    Optional<NDArray> projOut = Optional.empty();
    if (c.projectsEmbeddings()) {
      projIn =
          Optional.of(onDevice(r.load(m, "project_in.weight", new long[] {e, p}, t), embedDev));
      projOut =
          Optional.of(onDevice(r.load(m, "project_out.weight", new long[] {p, e}, t), headDev));
    }
    Optional<NDArray[]> finalNorm = Optional.empty();
    if (c.finalLayerNorm()) {
      finalNorm =
          Optional.of(
              new NDArray[] {
                onDevice(r.load(m, "final_layer_norm.weight", new long[] {e}, t), headDev),
                onDevice(r.load(m, "final_layer_norm.bias", new long[] {e}, t), headDev)
              });
    }
    NDArray lmHead =
        r.contains("lm_head.weight")
            ? onDevice(r.load(m, "lm_head.weight", new long[] {c.vocabSize(), p}, t), headDev)
            : (headDev.equals(embedDev) ? embed : embed.toDevice(headDev, true));
    Layer[] layers = new Layer[c.numLayers()];
    float scale = (float) (1.0 / Math.sqrt(c.headDim()));
    for (int l = 0; l < layers.length; l++) {
      Device d = placement.layerDevice(l);
      String q = "layers." + l + ".";
      long[] ee = {e, e};
      long[] vec = {e};
      NDArray qkvW;
      NDArray qkvB;
      try (NDManager tmp = m.newSubManager()) {
        NDArray qw = r.load(tmp, q + "self_attn.q_proj.weight", ee, t).muli(scale);
        NDArray qb = r.load(tmp, q + "self_attn.q_proj.bias", vec, t).muli(scale);
        NDArray kw = r.load(tmp, q + "self_attn.k_proj.weight", ee, t);
        NDArray kb = r.load(tmp, q + "self_attn.k_proj.bias", vec, t);
        NDArray vw = r.load(tmp, q + "self_attn.v_proj.weight", ee, t);
        NDArray vb = r.load(tmp, q + "self_attn.v_proj.bias", vec, t);
        qkvW = new NDList(qw, kw, vw).stream().reduce((a, b) -> a.concat(b, 0)).orElseThrow();
        qkvB = new NDList(qb, kb, vb).stream().reduce((a, b) -> a.concat(b, 0)).orElseThrow();
        qkvW.attach(m);
        qkvB.attach(m);
      }
      layers[l] =
          new Layer(
              d,
              onDevice(r.load(m, q + "self_attn_layer_norm.weight", vec, t), d),
              onDevice(r.load(m, q + "self_attn_layer_norm.bias", vec, t), d),
              onDevice(qkvW, d),
              onDevice(qkvB, d),
              onDevice(r.load(m, q + "self_attn.out_proj.weight", ee, t), d),
              onDevice(r.load(m, q + "self_attn.out_proj.bias", vec, t), d),
              onDevice(r.load(m, q + "final_layer_norm.weight", vec, t), d),
              onDevice(r.load(m, q + "final_layer_norm.bias", vec, t), d),
              onDevice(r.load(m, q + "fc1.weight", new long[] {f, e}, t), d),
              onDevice(r.load(m, q + "fc1.bias", new long[] {f}, t), d),
              onDevice(r.load(m, q + "fc2.weight", new long[] {e, f}, t), d),
              onDevice(r.load(m, q + "fc2.bias", vec, t), d));
    }
    return new OptModel(c, placement, m, embed, pos, projIn, projOut, finalNorm, lmHead, layers);
  }

  private static NDArray onDevice(NDArray a, Device d) {
    if (a.getDevice().equals(d)) {
      return a;
    }
    NDArray moved = a.toDevice(d, true);
    a.close();
    return moved;
  }

  /**
   * A model whose weights require gradients, for opticl's own training loops (the induction-head
   * model). Inference methods work too, but build autograd graphs: use {@link #load} for analysis.
   */
  public static OptModel trainable(TensorSource source, OptConfig config) {
    OptModel m = load(source, config, ModelPlacement.cpu(config.numLayers()));
    for (NDArray p : m.parameters()) {
      p.setRequiresGradient(true);
    }
    return m;
  }

  /** Every distinct weight array (a tied lm_head appears once). */
  public List<NDArray> parameters() {
    List<NDArray> out = new ArrayList<>();
    out.add(embedTokens);
    out.add(embedPositions);
    projectIn.ifPresent(out::add);
    projectOut.ifPresent(out::add);
    finalNorm.ifPresent(n -> out.addAll(List.of(n)));
    if (lmHead != embedTokens) {
      out.add(lmHead);
    }
    for (Layer w : layers) {
      out.addAll(
          List.of(
              w.attnNormW(),
              w.attnNormB(),
              w.qkvW(),
              w.qkvB(),
              w.outW(),
              w.outB(),
              w.ffnNormW(),
              w.ffnNormB(),
              w.fc1W(),
              w.fc1B(),
              w.fc2W(),
              w.fc2B()));
    }
    return out;
  }

  /**
   * The weights under Hugging Face's names (decoder prefix stripped), as float32 values: the fused
   * q/k/v projection is split again and q's D^-1/2 scaling undone.
   */
  public java.util.Map<String, float[]> export() {
    java.util.Map<String, float[]> out = new java.util.LinkedHashMap<>();
    out.put("embed_tokens.weight", floats(embedTokens));
    out.put("embed_positions.weight", floats(embedPositions));
    projectIn.ifPresent(a -> out.put("project_in.weight", floats(a)));
    projectOut.ifPresent(a -> out.put("project_out.weight", floats(a)));
    finalNorm.ifPresent(
        n -> {
          out.put("final_layer_norm.weight", floats(n[0]));
          out.put("final_layer_norm.bias", floats(n[1]));
        });
    if (lmHead != embedTokens) {
      out.put("lm_head.weight", floats(lmHead));
    }
    int e = config.hiddenSize();
    float unscale = (float) Math.sqrt(config.headDim());
    for (int l = 0; l < layers.length; l++) {
      Layer w = layers[l];
      String q = "layers." + l + ".";
      float[] qkv = floats(w.qkvW());
      float[] qkvB = floats(w.qkvB());
      String[] names = {"q_proj", "k_proj", "v_proj"};
      for (int i = 0; i < 3; i++) {
        float[] wi = Arrays.copyOfRange(qkv, i * e * e, (i + 1) * e * e);
        float[] bi = Arrays.copyOfRange(qkvB, i * e, (i + 1) * e);
        if (i == 0) {
          for (int j = 0; j < wi.length; j++) {
            wi[j] *= unscale;
          }
          for (int j = 0; j < bi.length; j++) {
            bi[j] *= unscale;
          }
        }
        out.put(q + "self_attn." + names[i] + ".weight", wi);
        out.put(q + "self_attn." + names[i] + ".bias", bi);
      }
      out.put(q + "self_attn.out_proj.weight", floats(w.outW()));
      out.put(q + "self_attn.out_proj.bias", floats(w.outB()));
      out.put(q + "self_attn_layer_norm.weight", floats(w.attnNormW()));
      out.put(q + "self_attn_layer_norm.bias", floats(w.attnNormB()));
      out.put(q + "fc1.weight", floats(w.fc1W()));
      out.put(q + "fc1.bias", floats(w.fc1B()));
      out.put(q + "fc2.weight", floats(w.fc2W()));
      out.put(q + "fc2.bias", floats(w.fc2B()));
      out.put(q + "final_layer_norm.weight", floats(w.ffnNormW()));
      out.put(q + "final_layer_norm.bias", floats(w.ffnNormB()));
    }
    return out;
  }

  /** Writes {@code config.json} and {@code model.safetensors} (prefix {@code model.decoder.}). */
  public void save(Path dir) throws java.io.IOException {
    config.write(dir);
    java.util.Map<String, org.opticl.model.io.SafetensorsWriter.Tensor> tensors =
        new java.util.LinkedHashMap<>();
    java.util.Map<String, long[]> shapes = org.opticl.model.random.RandomOpt.shapesOf(config);
    export()
        .forEach(
            (name, values) ->
                tensors.put(
                    (name.equals("lm_head.weight") ? "" : "model.decoder.") + name,
                    new org.opticl.model.io.SafetensorsWriter.Tensor(
                        name.equals("lm_head.weight")
                            ? shapes.get("embed_tokens.weight")
                            : shapes.get(name),
                        values)));
    org.opticl.model.io.SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
  }

  private static float[] floats(NDArray a) {
    return a.toType(DataType.FLOAT32, false).toFloatArray();
  }

  /**
   * Read-only views of one layer's attention weights, for measurements that read the model's
   * circuits directly (the copying score). Rows [0,E) of {@code qkvWeight} are q pre-scaled by
   * D^-1/2, then k, then v. The arrays belong to the model: never modify or close them.
   */
  public record AttentionWeights(
      NDArray normWeight,
      NDArray normBias,
      NDArray qkvWeight,
      NDArray qkvBias,
      NDArray outWeight,
      NDArray outBias) {}

  public AttentionWeights attentionWeights(int layer) {
    Layer w = layers[layer];
    return new AttentionWeights(
        w.attnNormW(), w.attnNormB(), w.qkvW(), w.qkvB(), w.outW(), w.outB());
  }

  /**
   * The layer-0 residual input (B,T,E) of a batch — token embeddings (projected when the model
   * projects) plus learned positions — in {@code sm}.
   */
  public NDArray embed(NDManager sm, Batch batch) {
    check(batch, Interventions.NONE);
    return embed(sm, batch, 0, new int[batch.size()]);
  }

  /**
   * Token + position embeddings, positions continuing after {@code pastLen} shared tokens and row b
   * shifted by {@code rowShift[b]}.
   */
  private NDArray embed(NDManager sm, Batch batch, int pastLen, int[] rowShift) {
    long[] pos = batch.positions();
    int t = batch.length();
    for (int i = 0; i < pos.length; i++) {
      pos[i] += pastLen + rowShift[i / t];
    }
    Shape shape = new Shape(batch.size(), batch.length());
    Device dev = placement.embeddingDevice();
    NDArray ids = sm.create(toLong(flatten(batch.ids())), shape).toDevice(dev, false);
    NDArray positions = sm.create(pos, shape).toDevice(dev, false);
    NDArray x = Embedding.embedding(ids, embedTokens, SparseFormat.DENSE).singletonOrThrow();
    if (projectIn.isPresent()) {
      x = Linear.linear(x, projectIn.get()).singletonOrThrow();
    }
    return x.add(
        Embedding.embedding(positions, embedPositions, SparseFormat.DENSE).singletonOrThrow());
  }

  /** Logits (…,V) of hidden states (…,P) through the LM head, in the caller's scope. */
  public NDArray unembed(NDArray hidden) {
    return logits(hidden);
  }

  /** Every tensor the architecture needs, and nothing more (lm_head.weight is optional: tied). */
  static Set<String> expectedTensorNames(OptConfig c) {
    Set<String> names = new HashSet<>(List.of("embed_tokens.weight", "embed_positions.weight"));
    if (c.projectsEmbeddings()) {
      names.addAll(List.of("project_in.weight", "project_out.weight"));
    }
    if (c.finalLayerNorm()) {
      names.addAll(List.of("final_layer_norm.weight", "final_layer_norm.bias"));
    }
    for (int l = 0; l < c.numLayers(); l++) {
      String q = "layers." + l + ".";
      for (String proj : List.of("q_proj", "k_proj", "v_proj", "out_proj")) {
        names.add(q + "self_attn." + proj + ".weight");
        names.add(q + "self_attn." + proj + ".bias");
      }
      for (String n : List.of("self_attn_layer_norm", "final_layer_norm", "fc1", "fc2")) {
        names.add(q + n + ".weight");
        names.add(q + n + ".bias");
      }
    }
    return names;
  }

  private static void checkTensorNames(TensorSource r, OptConfig c) {
    Set<String> expected = expectedTensorNames(c);
    List<String> missing = expected.stream().filter(n -> !r.contains(n)).sorted().toList();
    List<String> extra =
        r.shapes().keySet().stream()
            .filter(n -> !expected.contains(n) && !n.equals("lm_head.weight"))
            .sorted()
            .toList();
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalArgumentException(
          r.describe()
              + ": checkpoint does not match config.json ("
              + c.numLayers()
              + " layers): "
              + (missing.isEmpty() ? "" : "missing " + head(missing))
              + (missing.isEmpty() || extra.isEmpty() ? "" : "; ")
              + (extra.isEmpty() ? "" : "unexpected " + head(extra)));
    }
  }

  private static String head(List<String> names) {
    return names.size() <= 5
        ? names.toString()
        : names.subList(0, 5) + " and " + (names.size() - 5) + " more";
  }

  public OptConfig config() {
    return config;
  }

  /** Real (unpadded) tokens sent through the decoder since this model was loaded. */
  public long tokensProcessed() {
    return tokensProcessed.get();
  }

  public ModelPlacement placement() {
    return placement;
  }

  // ---------------------------------------------------------------------------------------------
  // The decoder

  /**
   * Per-layer gradient probes. {@code gates} (B,H,T,1) hold the head mask's values and multiply
   * each head's output, so dL/dgate[b,h,t] = ⟨a, g⟩ at every position: the head-mask gradient and
   * the original code's Σ|⟨a,g⟩| both come from them. {@code outputs}, when present, are zero
   * leaves (B,H,T,D) added to the head outputs so that their gradient is dL/da; {@code captured}
   * receives the head outputs a themselves.
   */
  private record Probes(NDArray[] gates, Optional<NDArray[]> outputs, NDArray[] captured) {}

  /**
   * Runs the decoder to its last hidden state (B,T,P) on the head device. {@code probes}, when
   * present, are leaves that the loss is differentiated against.
   */
  private NDArray decode(NDManager sm, Batch batch, Interventions iv, Optional<Probes> probes) {
    return decode(sm, batch, iv, probes, Optional.empty(), Optional.empty());
  }

  /**
   * Keys (1,H,D,T) and values (1,H,T,D) of every layer for one sequence, so that continuations can
   * attend to a shared context without running it again.
   */
  private record KeyValues(NDArray[] keys, NDArray[] values, int length) {}

  /**
   * The decoder, optionally continuing after {@code past} (a context whose keys and values every
   * row attends to in full; positions continue after it) and optionally keeping this pass's keys
   * and values in {@code keep} (batch of one).
   */
  private NDArray decode(
      NDManager sm,
      Batch batch,
      Interventions iv,
      Optional<Probes> probes,
      Optional<KeyValues> past,
      Optional<KeyValues> keep) {
    return decode(sm, batch, iv, probes, past, keep, new int[batch.size()]);
  }

  /**
   * The decoder with row b's positions shifted by {@code rowShift[b]}: a short training sequence
   * can then sit anywhere in the position table.
   */
  private NDArray decode(
      NDManager sm,
      Batch batch,
      Interventions iv,
      Optional<Probes> probes,
      Optional<KeyValues> past,
      Optional<KeyValues> keep,
      int[] rowShift) {
    int bsz = batch.size();
    int t = batch.length();
    int pastLen = past.map(KeyValues::length).orElse(0);
    for (int[] row : batch.mask()) {
      for (int m : row) {
        tokensProcessed.addAndGet(m);
      }
    }
    int h = config.numHeads();
    int d = config.headDim();
    long e = config.hiddenSize();
    NDArray x = embed(sm, batch, pastLen, rowShift);

    // Additive attention bias (B,1,T,T): 0 where query i may see key j (j <= i and j is a real
    // token), the dtype's lowest value elsewhere — the same construction as HF's OPT.
    NDArray keyMask =
        sm.create(flatten(batch.mask()), new Shape(bsz, 1, 1, t)).toType(DataType.BOOLEAN, false);
    NDArray idx = sm.arange(t);
    NDArray causal = idx.reshape(t, 1).gte(idx.reshape(1, t)).reshape(1, 1, t, t);
    NDArray biasCpu = causal.logicalAnd(keyMask).logicalNot().toType(type, false).mul(lowest(type));
    if (pastLen > 0) {
      // Every query sees the whole shared context.
      biasCpu =
          sm.zeros(new Shape(bsz, 1, t, pastLen), type).concat(biasCpu.broadcast(bsz, 1, t, t), 3);
    }
    NDArray bias = biasCpu;

    float[][] headMask = iv.headMask().orElse(null);
    float[] ffnMask = iv.ffnMask().orElse(null);
    for (int l = 0; l < layers.length; l++) {
      Layer w = layers[l];
      if (!x.getDevice().equals(w.device())) {
        x = x.toDevice(w.device(), false);
      }
      if (!bias.getDevice().equals(w.device())) {
        bias = biasCpu.toDevice(w.device(), false);
      }
      // --- self-attention: (B,T,E) -> qkv (B,T,3E) -> 3 x (B,H,T,D)
      NDArray residual = x;
      NDArray hs = config.layerNormBefore() ? norm(x, w.attnNormW(), w.attnNormB()) : x;
      NDList qkv = Linear.linear(hs, w.qkvW(), w.qkvB()).singletonOrThrow().split(3, 2);
      NDArray q = qkv.get(0).reshape(bsz, t, h, d).transpose(0, 2, 1, 3);
      NDArray k = qkv.get(1).reshape(bsz, t, h, d).transpose(0, 2, 3, 1);
      NDArray v = qkv.get(2).reshape(bsz, t, h, d).transpose(0, 2, 1, 3);
      if (keep.isPresent()) {
        keep.get().keys()[l] = k;
        keep.get().values()[l] = v;
      }
      if (past.isPresent()) {
        NDArray pk = past.get().keys()[l];
        NDArray pv = past.get().values()[l];
        k = pk.broadcast(bsz, h, d, pastLen).concat(k, 3);
        v = pv.broadcast(bsz, h, pastLen, d).concat(v, 2);
      }
      NDArray probs = q.matMul(k).add(bias).softmax(-1); // (B,H,T,T)
      NDArray ctx = probs.matMul(v); // (B,H,T,D)
      if (headMask != null) {
        NDArray m =
            sm.create(headMask[l], new Shape(1, h, 1, 1))
                .toType(type, false)
                .toDevice(w.device(), false);
        if (iv.attention().isPresent()) {
          probs = probs.mul(m);
        }
        if (probes.isEmpty()) {
          ctx = ctx.mul(m); // with probes, the gates carry the mask's values instead
        }
      }
      if (iv.attention().isPresent()) {
        iv.attention().get().onAttention(l, probs);
      }
      if (probes.isPresent()) {
        Probes p = probes.get();
        p.captured()[l] = ctx;
        if (p.outputs().isPresent()) {
          ctx = ctx.add(p.outputs().get()[l]);
        }
        ctx = ctx.mul(p.gates()[l]);
      }
      NDArray merged = ctx.transpose(0, 2, 1, 3).reshape(bsz, t, e);
      x = residual.add(Linear.linear(merged, w.outW(), w.outB()).singletonOrThrow());
      if (!config.layerNormBefore()) {
        x = norm(x, w.attnNormW(), w.attnNormB());
      }
      // --- feed-forward block, skipped entirely when its mask is 0
      float ffnScale = ffnMask == null ? 1f : ffnMask[l];
      if (ffnScale != 0f) {
        residual = x;
        hs = config.layerNormBefore() ? norm(x, w.ffnNormW(), w.ffnNormB()) : x;
        hs = Linear.linear(hs, w.fc1W(), w.fc1B()).singletonOrThrow();
        hs = Linear.linear(Activation.relu(hs), w.fc2W(), w.fc2B()).singletonOrThrow();
        if (ffnScale != 1f) {
          hs = hs.mul(ffnScale);
        }
        x = residual.add(hs);
        if (!config.layerNormBefore()) {
          x = norm(x, w.ffnNormW(), w.ffnNormB());
        }
      }
    }
    Device headDev = placement.headDevice();
    if (!x.getDevice().equals(headDev)) {
      x = x.toDevice(headDev, false);
    }
    if (finalNorm.isPresent()) {
      x = norm(x, finalNorm.get()[0], finalNorm.get()[1]);
    }
    if (projectOut.isPresent()) {
      x = Linear.linear(x, projectOut.get()).singletonOrThrow();
    }
    return x;
  }

  private NDArray norm(NDArray x, NDArray weight, NDArray bias) {
    return LayerNorm.layerNorm(x, normShape, weight, bias, LN_EPS).singletonOrThrow();
  }

  private NDArray logits(NDArray hidden) {
    return Linear.linear(hidden, lmHead).singletonOrThrow();
  }

  private static float lowest(DataType t) {
    return t == DataType.FLOAT16 ? -65504f : -Float.MAX_VALUE;
  }

  // ---------------------------------------------------------------------------------------------
  // Public operations: plain Java in, plain Java out

  /** Logits (B,T,V) of a batch. Meant for small inputs; scoring uses {@link #score}. */
  public float[][][] logits(Batch batch, Interventions iv) {
    check(batch, iv);
    try (NDManager sm = scope()) {
      NDArray lg = logits(decode(sm, batch, iv, Optional.empty())).toType(DataType.FLOAT32, false);
      float[] flat = lg.toFloatArray();
      int bsz = batch.size();
      int t = batch.length();
      int v = config.vocabSize();
      float[][][] out = new float[bsz][t][];
      for (int b = 0; b < bsz; b++) {
        for (int i = 0; i < t; i++) {
          out[b][i] = Arrays.copyOfRange(flat, (b * t + i) * v, (b * t + i + 1) * v);
        }
      }
      return out;
    }
  }

  /**
   * The most likely next token (B,T) after every position, row b's positions shifted by {@code
   * positionShift[b]} (see {@link #trainingLoss(NDManager, Batch, int[][], int[])}).
   */
  public int[][] greedy(Batch batch, int[] positionShift) {
    check(batch, Interventions.NONE);
    checkShift(batch, positionShift);
    try (NDManager sm = scope()) {
      NDArray hidden = decodeShifted(sm, batch, positionShift);
      int[] flat = logits(hidden).argMax(-1).toType(DataType.INT32, false).toIntArray();
      int t = batch.length();
      int[][] out = new int[batch.size()][];
      for (int b = 0; b < out.length; b++) {
        out[b] = Arrays.copyOfRange(flat, b * t, (b + 1) * t);
      }
      return out;
    }
  }

  private void checkShift(Batch batch, int[] positionShift) {
    if (positionShift.length != batch.size()) {
      throw new IllegalArgumentException(
          positionShift.length + " position shifts for " + batch.size() + " rows");
    }
    for (int shift : positionShift) {
      if (shift < 0 || shift + batch.length() > config.maxPositions()) {
        throw new IllegalArgumentException(
            "position shift "
                + shift
                + " puts a row of "
                + batch.length()
                + " tokens outside max_position_embeddings="
                + config.maxPositions());
      }
    }
  }

  /**
   * Computes the full logits (B,T,V) of a batch inside the engine and returns their sum: a forward
   * pass with nothing copied out, for benchmarks and cheap equality checks.
   */
  public double logitsSum(Batch batch, Interventions iv) {
    check(batch, iv);
    try (NDManager sm = scope()) {
      // A float32 sum (PyTorch reduces it pairwise): widening 25M logits to float64 first would
      // cost a tenth of a 125m forward pass and measure the conversion, not the model.
      return logits(decode(sm, batch, iv, Optional.empty()))
          .toType(DataType.FLOAT32, false)
          .sum()
          .getFloat();
    }
  }

  /** Logits at the last position of each row (B,V). */
  public float[][] lastLogits(Batch batch, Interventions iv) {
    check(batch, iv);
    try (NDManager sm = scope()) {
      NDArray hidden = decode(sm, batch, iv, Optional.empty());
      NDArray last = hidden.get(":, -1, :");
      float[] flat = logits(last).toType(DataType.FLOAT32, false).toFloatArray();
      int v = config.vocabSize();
      float[][] out = new float[batch.size()][];
      for (int b = 0; b < out.length; b++) {
        out[b] = Arrays.copyOfRange(flat, b * v, (b + 1) * v);
      }
      return out;
    }
  }

  /**
   * log p(ids[b][t] | ids[b][<t]) for every t ≥ 1 over the full vocabulary; entry 0 of each row is
   * 0 (nothing predicts the first token).
   */
  public float[][] tokenLogprobs(Batch batch, Interventions iv) {
    check(batch, iv);
    int bsz = batch.size();
    int t = batch.length();
    float[][] out = new float[bsz][t];
    if (t < 2) {
      return out;
    }
    try (NDManager sm = scope()) {
      NDArray hidden = decode(sm, batch, iv, Optional.empty()).get(":, :-1, :");
      NDArray lp = logits(hidden).toType(DataType.FLOAT32, false).logSoftmax(-1);
      int[][] next = new int[bsz][t - 1];
      for (int b = 0; b < bsz; b++) {
        System.arraycopy(batch.ids()[b], 1, next[b], 0, t - 1);
      }
      NDArray target =
          sm.create(toLong(flatten(next)), new Shape(bsz, t - 1, 1))
              .toDevice(lp.getDevice(), false);
      float[] picked = lp.gather(target, 2).toFloatArray();
      for (int b = 0; b < bsz; b++) {
        System.arraycopy(picked, b * (t - 1), out[b], 1, t - 1);
      }
      return out;
    }
  }

  /** Flat (b·T + i) rows whose logits are supervised, and the token each must predict. */
  private record Supervision(long[] rows, long[] targets) {}

  /** HF's label convention: position i predicts labels[b][i+1]; -100 is not supervised. */
  private Supervision supervision(Batch batch, int[][] labels) {
    int bsz = batch.size();
    int t = batch.length();
    if (labels.length != bsz || Arrays.stream(labels).anyMatch(r -> r.length != t)) {
      throw new IllegalArgumentException(
          "labels must have the batch's shape [" + bsz + "][" + t + "]");
    }
    List<Long> rows = new ArrayList<>();
    List<Long> targets = new ArrayList<>();
    for (int b = 0; b < bsz; b++) {
      for (int i = 1; i < t; i++) {
        if (labels[b][i] != -100) {
          if (labels[b][i] < 0 || labels[b][i] >= config.vocabSize()) {
            throw new IllegalArgumentException(
                "label " + labels[b][i] + " at [" + b + "][" + i + "] is outside the vocabulary");
          }
          rows.add((long) b * t + i - 1);
          targets.add((long) labels[b][i]);
        }
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no supervised tokens: every label is -100");
    }
    return new Supervision(
        rows.stream().mapToLong(Long::longValue).toArray(),
        targets.stream().mapToLong(Long::longValue).toArray());
  }

  /** Mean next-token NLL of the supervised rows; the LM head runs on those rows only. */
  private NDArray meanNll(NDManager sm, NDArray hidden, Supervision sup) {
    NDArray flat = hidden.reshape(-1, config.wordEmbedProjDim());
    NDArray picked = flat.get(sm.create(sup.rows()).toDevice(flat.getDevice(), false));
    NDArray lp = logSoftmaxFloat32(logits(picked));
    NDArray target =
        sm.create(sup.targets(), new Shape(sup.targets().length, 1))
            .toDevice(lp.getDevice(), false);
    return lp.gather(target, 1).mean().neg();
  }

  /**
   * Log-softmax over the last axis computed in float32, differentiable: PyTorch's {@code
   * log_softmax(dim, dtype)}. DJL's {@code toType} converts under a no-grad guard, so a float16
   * model that widened its logits with it would cut the graph before the loss.
   */
  private static NDArray logSoftmaxFloat32(NDArray logits) {
    return JniUtils.logSoftmax((PtNDArray) logits, -1, DataType.FLOAT32);
  }

  /** The final hidden states of an unintervened batch whose rows start at shifted positions. */
  private NDArray decodeShifted(NDManager sm, Batch batch, int[] positionShift) {
    return decode(
        sm,
        batch,
        Interventions.NONE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        positionShift);
  }

  /**
   * The mean next-token NLL of a batch as an engine scalar in {@code sm}, for training loops that
   * differentiate it with respect to {@link #parameters()} (see {@link #trainable}).
   */
  public NDArray trainingLoss(NDManager sm, Batch batch, int[][] labels) {
    return trainingLoss(sm, batch, labels, new int[batch.size()]);
  }

  /**
   * {@link #trainingLoss(NDManager, Batch, int[][])} with row b's position ids starting at {@code
   * positionShift[b]} instead of 0, so that short sequences can train every row of the position
   * table.
   */
  public NDArray trainingLoss(NDManager sm, Batch batch, int[][] labels, int[] positionShift) {
    check(batch, Interventions.NONE);
    checkShift(batch, positionShift);
    return meanNll(sm, decodeShifted(sm, batch, positionShift), supervision(batch, labels));
  }

  /**
   * One forward and backward pass of the mean next-token NLL over the supervised tokens: {@code
   * labels[b][t]} is the token expected at position t (predicted from positions before it), or -100
   * where position t is not supervised — Hugging Face's label convention. Returns the head-mask
   * gradient and the original code's Σ|⟨a,g⟩| per head; {@code observer}, when present, also sees
   * each head's output and gradient. No parameter gradient is materialised.
   */
  public HeadGradients headGradients(
      Batch batch, int[][] labels, Interventions iv, Optional<HeadOutputObserver> observer) {
    check(batch, iv);
    int bsz = batch.size();
    int t = batch.length();
    Supervision sup = supervision(batch, labels);
    int h = config.numHeads();
    int L = config.numLayers();
    synchronized (GRADIENT_LOCK) {
      try (NDManager sm = scope()) {
        NDArray[] gates = new NDArray[L];
        NDArray[] outputs = observer.isPresent() ? new NDArray[L] : null;
        for (int l = 0; l < L; l++) {
          Device d = layers[l].device();
          final int layer = l;
          float[] maskRow = iv.headMask().map(m -> m[layer]).orElse(null);
          gates[l] = sm.ones(new Shape(bsz, h, t, 1), type, d);
          if (maskRow != null) {
            NDArray m = sm.create(maskRow, new Shape(1, h, 1, 1)).toType(type, false);
            gates[l] = gates[l].mul(m.toDevice(d, false));
          }
          gates[l].setRequiresGradient(true);
          if (outputs != null) {
            outputs[l] = sm.zeros(new Shape(bsz, h, t, config.headDim()), type, d);
            outputs[l].setRequiresGradient(true);
          }
        }
        NDArray[] captured = new NDArray[L];
        double loss;
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          NDArray hidden =
              decode(
                  sm,
                  batch,
                  iv,
                  Optional.of(new Probes(gates, Optional.ofNullable(outputs), captured)));
          NDArray nll = meanNll(sm, hidden, sup);
          loss = nll.getFloat();
          gc.backward(nll);
        }
        double[][] grad = new double[L][h];
        double[][][] perExample = new double[bsz][L][h];
        double[][] absDot = new double[L][h];
        for (int l = 0; l < L; l++) {
          // dot[b,h,t] = <a, g> for every position: dL/dgate.
          NDArray dot = gates[l].getGradient().toType(DataType.FLOAT32, false).reshape(bsz, h, t);
          float[] perRow = dot.sum(new int[] {2}).toFloatArray(); // (B,H)
          float[] abs = dot.abs().sum(new int[] {0, 2}).toFloatArray(); // (H)
          for (int b = 0; b < bsz; b++) {
            for (int j = 0; j < h; j++) {
              perExample[b][l][j] = perRow[b * h + j];
              grad[l][j] += perRow[b * h + j];
            }
          }
          for (int j = 0; j < h; j++) {
            absDot[l][j] = abs[j];
          }
          if (outputs != null) {
            observer.get().onHeadOutput(l, captured[l], outputs[l].getGradient());
          }
        }
        return new HeadGradients(loss, sup.rows().length, grad, perExample, absDot);
      }
    }
  }

  /**
   * Log-likelihoods of continuations, as lm-evaluation-harness's {@code _loglikelihood_tokens}
   * computes them: context (or {@code </s>} when empty) followed by the continuation,
   * left-truncated to the model's window plus one, the last token dropped; requests sorted longest
   * first and batched under a token budget; results in request order. Only the continuation
   * positions go through the LM head, which is a third of a small model's compute.
   *
   * @param progress receives the number of requests finished so far, after every batch
   */
  public List<TokenScore> score(
      List<ScoreRequest> requests, Interventions iv, ScoreOptions options, IntConsumer progress) {
    iv.validate(config);
    if (options.vocabLimit() > config.vocabSize()) {
      throw new IllegalArgumentException(
          "vocabLimit=" + options.vocabLimit() + " exceeds vocab_size=" + config.vocabSize());
    }
    int window = config.maxPositions();
    int n = requests.size();
    int[][] seqs = new int[n][];
    for (int i = 0; i < n; i++) {
      ScoreRequest r = requests.get(i);
      int[] ctx = r.context().length == 0 ? new int[] {2} : r.context();
      int[] all = new int[ctx.length + r.continuation().length];
      System.arraycopy(ctx, 0, all, 0, ctx.length);
      System.arraycopy(r.continuation(), 0, all, ctx.length, r.continuation().length);
      for (int id : all) {
        if (id < 0 || id >= config.vocabSize()) {
          throw new IllegalArgumentException(
              "request " + i + ": token id " + id + " is outside the vocabulary");
        }
      }
      seqs[i] =
          all.length > window + 1
              ? Arrays.copyOfRange(all, all.length - window - 1, all.length)
              : all;
    }
    TokenScore[] out = new TokenScore[n];
    List<Integer> unshared = new ArrayList<>();
    java.util.Map<List<Integer>, List<Integer>> groups = new java.util.LinkedHashMap<>();
    boolean share = options.sharePrefix() && iv.attention().isEmpty();
    for (int i = 0; i < n; i++) {
      ScoreRequest r = requests.get(i);
      // A request whose window truncation would cut its context cannot share it.
      if (share
          && seqs[i].length
              == (r.context().length == 0 ? 1 : r.context().length) + r.continuation().length) {
        int[] ctx = r.context().length == 0 ? new int[] {2} : r.context();
        groups.computeIfAbsent(Arrays.stream(ctx).boxed().toList(), c -> new ArrayList<>()).add(i);
      } else {
        unshared.add(i);
      }
    }
    int[] done = {0};
    List<List<Integer>> byLength = new ArrayList<>(groups.values());
    byLength.sort((a, b) -> Integer.compare(seqs[b.get(0)].length, seqs[a.get(0)].length));
    for (List<Integer> group : byLength) {
      int[] ctx = requests.get(group.get(0)).context();
      scoreSharedContext(ctx.length == 0 ? new int[] {2} : ctx, group, requests, iv, options, out);
      done[0] += group.size();
      progress.accept(done[0]);
    }
    scoreUnshared(unshared, seqs, requests, iv, options, out, done, progress);
    return List.of(out);
  }

  private void scoreUnshared(
      List<Integer> which,
      int[][] seqs,
      List<ScoreRequest> requests,
      Interventions iv,
      ScoreOptions options,
      TokenScore[] out,
      int[] done,
      IntConsumer progress) {
    int n = which.size();
    Integer[] order = which.toArray(new Integer[0]);
    // Longest first (ties by tokens), as the harness orders them: each batch pads to its first row.
    Arrays.sort(
        order,
        (a, b) ->
            seqs[a].length != seqs[b].length
                ? Integer.compare(seqs[b].length, seqs[a].length)
                : Arrays.compare(seqs[a], seqs[b]));
    int next = 0;
    while (next < n) {
      int longest = seqs[order[next]].length - 1;
      int rows = Math.max(1, Math.min(n - next, options.tokenBudget() / Math.max(1, longest)));
      int[] chunk = new int[rows];
      for (int j = 0; j < rows; j++) {
        chunk[j] = order[next + j];
      }
      scoreChunk(chunk, seqs, requests, iv, options, out);
      next += rows;
      done[0] += rows;
      progress.accept(done[0]);
    }
  }

  /**
   * One context, many continuations: the context runs once and keeps its keys and values; its last
   * position already predicts every continuation's first token; the remaining continuation tokens
   * run as one batch that attends to the cached context.
   */
  private void scoreSharedContext(
      int[] ctx,
      List<Integer> group,
      List<ScoreRequest> requests,
      Interventions iv,
      ScoreOptions options,
      TokenScore[] out) {
    int c = ctx.length;
    int layersN = layers.length;
    try (NDManager sm = scope()) {
      KeyValues kv = new KeyValues(new NDArray[layersN], new NDArray[layersN], c);
      NDArray hidden =
          decode(sm, Batch.of(ctx), iv, Optional.empty(), Optional.empty(), Optional.of(kv));
      NDArray first =
          logProbs(hidden.get(":, -1, :").reshape(1, config.wordEmbedProjDim()), options);
      float[] firstLp = first.toFloatArray();
      int firstArg = (int) first.argMax(1).toType(DataType.INT64, false).toLongArray()[0];

      List<Integer> longer =
          group.stream().filter(i -> requests.get(i).continuation().length > 1).toList();
      float[] restLp = new float[0];
      int[] restArg = new int[0];
      List<Long> restTargets = new ArrayList<>();
      if (!longer.isEmpty()) {
        int m =
            longer.stream()
                .mapToInt(i -> requests.get(i).continuation().length - 1)
                .max()
                .orElse(1);
        int[][] ids = new int[longer.size()][m];
        int[][] mask = new int[longer.size()][m];
        List<Long> rows = new ArrayList<>();
        for (int j = 0; j < longer.size(); j++) {
          int[] cont = requests.get(longer.get(j)).continuation();
          Arrays.fill(ids[j], 1);
          System.arraycopy(cont, 0, ids[j], 0, cont.length - 1);
          Arrays.fill(mask[j], 0, cont.length - 1, 1);
          for (int k = 0; k < cont.length - 1; k++) {
            rows.add((long) j * m + k);
            restTargets.add((long) cont[k + 1]);
          }
        }
        NDArray h =
            decode(
                sm, new Batch(ids, mask), iv, Optional.empty(), Optional.of(kv), Optional.empty());
        NDArray flat = h.reshape((long) longer.size() * m, config.wordEmbedProjDim());
        NDArray picked =
            flat.get(
                sm.create(rows.stream().mapToLong(Long::longValue).toArray())
                    .toDevice(flat.getDevice(), false));
        NDArray lp = logProbs(picked, options);
        NDArray target =
            sm.create(
                    restTargets.stream().mapToLong(Long::longValue).toArray(),
                    new Shape(restTargets.size(), 1))
                .toDevice(lp.getDevice(), false);
        restLp = lp.gather(target, 1).toFloatArray();
        restArg = lp.argMax(1).toType(DataType.INT32, false).toIntArray();
      }
      int k = 0;
      for (int i : group) {
        int[] cont = requests.get(i).continuation();
        double sum = firstLp[cont[0]];
        boolean greedy = firstArg == cont[0];
        for (int j = 1; j < cont.length; j++, k++) {
          sum += restLp[k];
          greedy &= restArg[k] == restTargets.get(k);
        }
        out[i] = new TokenScore(sum, greedy, cont.length);
      }
    }
  }

  /** Log-softmax (N,vocabLimit) in float32 over the LM head's logits of hidden rows (N,P). */
  private NDArray logProbs(NDArray hidden, ScoreOptions options) {
    NDArray lg = logits(hidden);
    if (options.vocabLimit() < config.vocabSize()) {
      lg = lg.get(":, :" + options.vocabLimit());
    }
    return lg.toType(DataType.FLOAT32, false).logSoftmax(-1);
  }

  private void scoreChunk(
      int[] chunk,
      int[][] seqs,
      List<ScoreRequest> requests,
      Interventions iv,
      ScoreOptions options,
      TokenScore[] out) {
    int rows = chunk.length;
    int t = seqs[chunk[0]].length - 1;
    int[][] ids = new int[rows][t];
    int[][] mask = new int[rows][t];
    List<Long> positions = new ArrayList<>();
    List<Long> targets = new ArrayList<>();
    int[] contLen = new int[rows];
    for (int j = 0; j < rows; j++) {
      int[] seq = seqs[chunk[j]];
      int len = seq.length - 1;
      Arrays.fill(ids[j], 1);
      System.arraycopy(seq, 0, ids[j], 0, len);
      Arrays.fill(mask[j], 0, len, 1);
      contLen[j] = Math.min(requests.get(chunk[j]).continuation().length, len);
      for (int k = len - contLen[j]; k < len; k++) {
        positions.add((long) j * t + k);
        targets.add((long) seq[k + 1]);
      }
    }
    float[] logp;
    int[] argmax;
    try (NDManager sm = scope()) {
      NDArray hidden = decode(sm, new Batch(ids, mask), iv, Optional.empty());
      NDArray flat = hidden.reshape(rows * t, config.wordEmbedProjDim());
      NDArray idx = sm.create(positions.stream().mapToLong(Long::longValue).toArray());
      NDArray lp = logProbs(flat.get(idx.toDevice(flat.getDevice(), false)), options);
      NDArray target =
          sm.create(
                  targets.stream().mapToLong(Long::longValue).toArray(),
                  new Shape(targets.size(), 1))
              .toDevice(lp.getDevice(), false);
      logp = lp.gather(target, 1).toFloatArray();
      argmax = lp.argMax(1).toType(DataType.INT32, false).toIntArray();
    }
    int k = 0;
    for (int j = 0; j < rows; j++) {
      double sum = 0;
      boolean greedy = true;
      for (int c = 0; c < contLen[j]; c++, k++) {
        sum += logp[k];
        greedy &= argmax[k] == targets.get(k);
      }
      out[chunk[j]] = new TokenScore(sum, greedy, contLen[j]);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void check(Batch batch, Interventions iv) {
    iv.validate(config);
    if (batch.length() > config.maxPositions()) {
      throw new IllegalArgumentException(
          "sequence length "
              + batch.length()
              + " exceeds max_position_embeddings="
              + config.maxPositions());
    }
    for (int[] row : batch.ids()) {
      for (int id : row) {
        if (id < 0 || id >= config.vocabSize()) {
          throw new IllegalArgumentException(
              "token id " + id + " is outside the vocabulary [0, " + config.vocabSize() + ")");
        }
      }
    }
  }

  private NDManager scope() {
    return manager.newSubManager();
  }

  static long[] toLong(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  static int[] flatten(int[][] rows) {
    int n = 0;
    for (int[] r : rows) {
      n += r.length;
    }
    int[] out = new int[n];
    int i = 0;
    for (int[] r : rows) {
      System.arraycopy(r, 0, out, i, r.length);
      i += r.length;
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
