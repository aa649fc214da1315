package org.opticl.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The architecture of one OPT model, as Hugging Face's {@code config.json} states it. Every OPT
 * release is covered: pre-LayerNorm models, and opt-350m's post-LayerNorm with a word-embedding
 * projection ({@code word_embed_proj_dim != hidden_size}). Validation happens once, here, so the
 * model code can trust every field.
 *
 * @param hiddenSize E, the residual width
 * @param numHeads H, attention heads per layer
 * @param numLayers L, decoder layers
 * @param ffnDim F, inner width of each feed-forward block
 * @param vocabSize rows of the embedding matrix (50272 for OPT; the tokenizer has 50265)
 * @param maxPositions learned positions (HF adds an offset of 2 to the table)
 * @param wordEmbedProjDim P, embedding width; projected to E when different
 * @param layerNormBefore pre-LN (true for all OPT sizes but 350m)
 * @param finalLayerNorm whether the decoder ends with a LayerNorm (pre-LN models that keep it)
 * @param enableBias linear layers carry biases
 * @param torchDtype the dtype the checkpoint declares ("float32", "float16", "bfloat16")
 */
public record OptConfig(
    int hiddenSize,
    int numHeads,
    int numLayers,
    int ffnDim,
    int vocabSize,
    int maxPositions,
    int wordEmbedProjDim,
    boolean layerNormBefore,
    boolean finalLayerNorm,
    boolean enableBias,
    String torchDtype) {

  /** HF OPT keeps two extra rows at the start of the position table. */
  public static final int POSITION_OFFSET = 2;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> DTYPES = Set.of("float32", "float16", "bfloat16");

  public OptConfig {
    positive("hidden_size", hiddenSize);
    positive("num_attention_heads", numHeads);
    positive("num_hidden_layers", numLayers);
    positive("ffn_dim", ffnDim);
    positive("vocab_size", vocabSize);
    positive("max_position_embeddings", maxPositions);
    positive("word_embed_proj_dim", wordEmbedProjDim);
    if (hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException(
          "config.json: num_attention_heads="
              + numHeads
              + " does not divide hidden_size="
              + hiddenSize);
    }
    if (!DTYPES.contains(torchDtype)) {
      throw new IllegalArgumentException(
          "config.json: torch_dtype=" + torchDtype + " is not one of " + DTYPES);
    }
  }

  /** D, the width of one head. */
  public int headDim() {
    return hiddenSize / numHeads;
  }

  /** Total attention heads, L·H. */
  public int totalHeads() {
    return numLayers * numHeads;
  }

  public boolean projectsEmbeddings() {
    return wordEmbedProjDim != hiddenSize;
  }

  /** Parameters, counted as the checkpoint stores them (tied lm_head counted once). */
  public long parameterCount() {
    long e = hiddenSize;
    long perLayer = 4 * (e * e + e) + (e * ffnDim + ffnDim) + (ffnDim * e + e) + 4 * e;
    long total = numLayers * perLayer;
    total += (long) vocabSize * wordEmbedProjDim;
    total += (long) (maxPositions + POSITION_OFFSET) * e;
    if (projectsEmbeddings()) {
      total += 2L * e * wordEmbedProjDim;
    }
    if (finalLayerNorm) {
      total += 2 * e;
    }
    return total;
  }

  /** Reads and validates {@code config.json}; every error names the file, field and value. */
  public static OptConfig read(Path configJson) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(configJson));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("config.json not found: " + configJson, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          configJson + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    try {
      return fromJson(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(configJson + ": " + e.getMessage(), e);
    }
  }

  /** Validates a parsed {@code config.json}. */
  public static OptConfig fromJson(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("config.json must be a JSON object");
    }
    String modelType = root.path("model_type").asText("opt");
    if (!modelType.equals("opt")) {
      throw new IllegalArgumentException("config.json: model_type=" + modelType + ", expected opt");
    }
    String activation = root.path("activation_function").asText("relu");
    if (!activation.equals("relu")) {
      throw new IllegalArgumentException(
          "config.json: activation_function=" + activation + " is not supported (OPT uses relu)");
    }
    if (!root.path("layer_norm_elementwise_affine").asBoolean(true)) {
      throw new IllegalArgumentException(
          "config.json: layer_norm_elementwise_affine=false is not supported");
    }
    int hidden = requiredInt(root, "hidden_size");
    boolean before = optionalBoolean(root, "do_layer_norm_before", true);
    boolean removeFinal = optionalBoolean(root, "_remove_final_layer_norm", false);
    return new OptConfig(
        hidden,
        requiredInt(root, "num_attention_heads"),
        requiredInt(root, "num_hidden_layers"),
        requiredInt(root, "ffn_dim"),
        requiredInt(root, "vocab_size"),
        requiredInt(root, "max_position_embeddings"),
        root.has("word_embed_proj_dim") ? requiredInt(root, "word_embed_proj_dim") : hidden,
        before,
        before && !removeFinal,
        optionalBoolean(root, "enable_bias", true),
        root.path("torch_dtype").asText("float32"));
  }

  /** The {@code config.json} Hugging Face would write for this architecture. */
  public ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("architectures").add("OPTForCausalLM");
    n.put("model_type", "opt");
    n.put("activation_function", "relu");
    n.put("hidden_size", hiddenSize);
    n.put("num_attention_heads", numHeads);
    n.put("num_hidden_layers", numLayers);
    n.put("ffn_dim", ffnDim);
    n.put("vocab_size", vocabSize);
    n.put("max_position_embeddings", maxPositions);
    n.put("do_layer_norm_before", layerNormBefore);
    if (layerNormBefore && !finalLayerNorm) {
      n.put("_remove_final_layer_norm", true);
    }
    n.put("word_embed_proj_dim", wordEmbedProjDim);
    n.put("enable_bias", enableBias);
    n.put("layer_norm_elementwise_affine", true);
    n.put("pad_token_id", 1);
    n.put("bos_token_id", 2);
    n.put("eos_token_id", 2);
    n.put("torch_dtype", torchDtype);
    return n;
  }

  /** Writes {@link #toJson()} to {@code dir/config.json}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("config.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()));
  }

  /** The same architecture with a different vocabulary and position table (for small demos). */
  public OptConfig withVocab(int vocab, int positions) {
    return new OptConfig(
        hiddenSize,
        numHeads,
        numLayers,
        ffnDim,
        vocab,
        positions,
        wordEmbedProjDim,
        layerNormBefore,
        finalLayerNorm,
        enableBias,
        torchDtype);
  }

  /** The same architecture, declaring another storage dtype. */
  public OptConfig withTorchDtype(String dtype) {
    return new OptConfig(
        hiddenSize,
        numHeads,
        numLayers,
        ffnDim,
        vocabSize,
        maxPositions,
        wordEmbedProjDim,
        layerNormBefore,
        finalLayerNorm,
        enableBias,
        dtype);
  }

  /** The published OPT shapes, keyed by size name ("125m" … "175b"). */
  public static Map<String, OptConfig> variants() {
    Map<String, OptConfig> v = new LinkedHashMap<>();
    v.put("125m", published(768, 12, 12, 3072, 768, true, "float16"));
    v.put("350m", published(1024, 16, 24, 4096, 512, false, "float16"));
    v.put("1.3b", published(2048, 32, 24, 8192, 2048, true, "float16"));
    v.put("2.7b", published(2560, 32, 32, 10240, 2560, true, "float16"));
    v.put("6.7b", published(4096, 32, 32, 16384, 4096, true, "float16"));
    v.put("13b", published(5120, 40, 40, 20480, 5120, true, "float16"));
    v.put("30b", published(7168, 56, 48, 28672, 7168, true, "float16"));
    v.put("66b", published(9216, 72, 64, 36864, 9216, true, "float16"));
    v.put("175b", published(12288, 96, 96, 49152, 12288, true, "float16"));
    return v;
  }

  /** One published shape by name, e.g. {@code variant("66b")}. */
  public static OptConfig variant(String name) {
    OptConfig c = variants().get(name.toLowerCase().replace("opt-", "").replace("facebook/", ""));
    if (c == null) {
      throw new IllegalArgumentException(
          "unknown OPT shape '" + name + "'; valid: " + variants().keySet());
    }
    return c;
  }

  private static OptConfig published(
      int e, int h, int l, int f, int proj, boolean before, String dtype) {
    return new OptConfig(e, h, l, f, 50272, 2048, proj, before, before, true, dtype);
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          "config.json: " + field + "=" + value + " must be a positive integer");
    }
  }

  private static int requiredInt(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException("config.json: missing required field " + field);
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException(
          "config.json: " + field + "=" + n + " must be a positive integer");
    }
    return n.intValue();
  }

  private static boolean optionalBoolean(JsonNode root, String field, boolean fallback) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw new IllegalArgumentException(
          "config.json: " + field + "=" + n + " must be true or false");
    }
    return n.booleanValue();
  }
}
