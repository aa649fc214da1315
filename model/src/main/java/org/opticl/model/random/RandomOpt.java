package org.opticl.model.random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.opticl.model.config.OptConfig;
import org.opticl.model.io.SafetensorsWriter;
import org.opticl.model.io.TensorSource;
import org.opticl.model.tokenizer.TokenizerFiles;

/**
 * A random OPT of any shape, deterministic by seed: every tensor's values depend only on (seed,
 * tensor name), so a model is the same whether it is generated in memory or written to disk and
 * read back. Matrices are N(0, std²); LayerNorm weights 1 + N(0, (std/2)²) and biases N(0,
 * (std/2)²), so LayerNorms are not trivially the identity. Written in Hugging Face layout with a
 * tokenizer trained by opticl, for tests and demos.
 */
public final class RandomOpt implements TensorSource {
  private static final int TOKENIZER_MIN = 260;
  // The built-in corpus supports up to ~1200 entries; larger models keep unused embedding rows,
  // as OPT itself does (50272 rows, 50265 tokens).
  private static final int TOKENIZER_MAX = 1024;

  private final OptConfig config;
  private final long seed;
  private final float std;
  private final Map<String, long[]> shapes;

  public RandomOpt(OptConfig config, long seed, float std) {
    if (!(std > 0)) {
      throw new IllegalArgumentException("std must be positive, got " + std);
    }
    this.config = config;
    this.seed = seed;
    this.std = std;
    this.shapes = shapesOf(config);
  }

  /** Hugging Face tensor names (decoder prefix stripped) and shapes of an architecture. */
  public static Map<String, long[]> shapesOf(OptConfig c) {
    long e = c.hiddenSize();
    long p = c.wordEmbedProjDim();
    long f = c.ffnDim();
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("embed_tokens.weight", new long[] {c.vocabSize(), p});
    s.put("embed_positions.weight", new long[] {c.maxPositions() + OptConfig.POSITION_OFFSET, e});
    if (c.projectsEmbeddings()) {
      s.put("project_in.weight", new long[] {e, p});
      s.put("project_out.weight", new long[] {p, e});
    }
    for (int l = 0; l < c.numLayers(); l++) {
      String q = "layers." + l + ".";
      for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
        s.put(q + "self_attn." + proj + ".weight", new long[] {e, e});
        s.put(q + "self_attn." + proj + ".bias", new long[] {e});
      }
      s.put(q + "self_attn_layer_norm.weight", new long[] {e});
      s.put(q + "self_attn_layer_norm.bias", new long[] {e});
      s.put(q + "fc1.weight", new long[] {f, e});
      s.put(q + "fc1.bias", new long[] {f});
      s.put(q + "fc2.weight", new long[] {e, f});
      s.put(q + "fc2.bias", new long[] {e});
      s.put(q + "final_layer_norm.weight", new long[] {e});
      s.put(q + "final_layer_norm.bias", new long[] {e});
    }
    if (c.finalLayerNorm()) {
      s.put("final_layer_norm.weight", new long[] {e});
      s.put("final_layer_norm.bias", new long[] {e});
    }
    return s;
  }

  /** The values of one tensor. */
  public float[] values(String name) {
    long[] shape = shapes.get(name);
    if (shape == null) {
      throw new IllegalArgumentException("random OPT has no tensor " + name);
    }
    long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " is too large to generate in one array");
    }
    SplittableRandom rng = new SplittableRandom(seed ^ stableHash(name));
    float[] v = new float[(int) n];
    boolean norm = name.contains("layer_norm");
    boolean normWeight = norm && name.endsWith(".weight");
    float s = norm ? std / 2 : std;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rng.nextGaussian() * s) + (normWeight ? 1f : 0f);
    }
    return v;
  }

  @Override
  public String describe() {
    return "random OPT (seed " + seed + ")";
  }

  @Override
  public Map<String, long[]> shapes() {
    return shapes;
  }

  @Override
  public NDArray load(NDManager manager, String name, long[] expectedShape, DataType type) {
    if (!Arrays.equals(shapes.get(name), expectedShape)) {
      throw new IllegalArgumentException(
          describe() + ": tensor " + name + " has shape " + Arrays.toString(shapes.get(name)));
    }
    NDArray a = manager.create(values(name), new Shape(expectedShape));
    if (a.getDataType() == type) {
      return a;
    }
    try (a) {
      return a.toType(type, true);
    }
  }

  /**
   * Writes the model in Hugging Face layout: {@code config.json}, {@code model.safetensors} (prefix
   * {@code model.decoder.}) and a tokenizer ({@code vocab.json}, {@code merges.txt}) trained by
   * opticl on its built-in corpus to at most the model's vocabulary size.
   */
  public void write(Path dir) throws IOException {
    if (config.vocabSize() < TOKENIZER_MIN) {
      throw new IllegalArgumentException(
          "vocab_size="
              + config.vocabSize()
              + " is too small for a byte-level tokenizer (needs at least "
              + TOKENIZER_MIN
              + ": 4 specials and 256 bytes)");
    }
    config.write(dir);
    Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      tensors.put(
          "model.decoder." + e.getKey(),
          new SafetensorsWriter.Tensor(e.getValue(), values(e.getKey())));
    }
    SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
    TokenizerFiles.writeTrained(
        dir, TokenizerFiles.builtinCorpus(), Math.min(config.vocabSize(), TOKENIZER_MAX));
  }

  private static long stableHash(String s) {
    long h = 1125899906842597L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = 31 * h + b;
    }
    return h;
  }

  @Override
  public void close() {}
}
