package org.opticl.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.testing.TinyModels;

/**
 * Checkpoints load the same model whatever their layout (single file or shards, {@code
 * model.decoder.} or {@code decoder.} prefix, F32/F16/BF16 storage, tied or explicit lm_head), and
 * every malformed checkpoint is rejected with a message naming the problem.
 */
class CheckpointLoadingTest {
  private static final OptConfig CONFIG = TinyModels.preLn();
  private static final RandomOpt WEIGHTS = new RandomOpt(CONFIG, 21, 0.3f);
  private static final Batch BATCH = Batch.of(new int[] {2, 8, 9, 10, 50, 60});
  private static float[][] reference;

  @TempDir static Path tmp;

  @BeforeAll
  static void referenceLogits() {
    try (OptModel m = OptModel.load(WEIGHTS, CONFIG, ModelPlacement.cpu(CONFIG.numLayers()))) {
      reference = m.lastLogits(BATCH, Interventions.NONE);
    }
  }

  /** Raw little-endian bytes of one tensor in a storage type. */
  private record Raw(String dtype, long[] shape, byte[] bytes) {}

  private static Raw raw(String name, String dtype) {
    float[] v = WEIGHTS.values(name);
    long[] shape = WEIGHTS.shapes().get(name);
    ByteBuffer b;
    switch (dtype) {
      case "F32" -> {
        b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
          b.putFloat(f);
        }
      }
      case "BF16" -> {
        b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
          b.putShort((short) (Float.floatToIntBits(f) >>> 16));
        }
      }
      case "F16" -> {
        b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
          b.putShort(toHalf(f));
        }
      }
      default -> throw new IllegalArgumentException(dtype);
    }
    return new Raw(dtype, shape, b.array());
  }

  /** float -> IEEE half, round to nearest even (values here are normal and small). */
  private static short toHalf(float f) {
    int bits = Float.floatToIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = ((bits >>> 23) & 0xff) - 127 + 15;
    int mant = bits & 0x7fffff;
    if (exp <= 0) {
      return (short) sign; // flush tiny values; the random weights never get there
    }
    int half = sign | (exp << 10) | (mant >>> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++;
    }
    return (short) half;
  }

  private static float fromStorage(String dtype, float v) {
    return switch (dtype) {
      case "BF16" -> Float.intBitsToFloat(Float.floatToIntBits(v) & 0xffff0000);
      default -> v;
    };
  }

  /** Writes a safetensors file by hand, so storage types and names are fully controlled. */
  static void writeFile(Path file, Map<String, Raw> tensors) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long off = 0;
    for (Map.Entry<String, Raw> e : new TreeMap<>(tensors).entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", e.getValue().dtype());
      var s = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        s.add(d);
      }
      t.putArray("data_offsets").add(off).add(off + e.getValue().bytes().length);
      off += e.getValue().bytes().length;
    }
    byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
      out.write(h);
      for (Raw r : new TreeMap<>(tensors).values()) {
        out.write(r.bytes());
      }
    }
  }

  private static Map<String, Raw> all(String prefix, String dtype) {
    Map<String, Raw> m = new LinkedHashMap<>();
    for (String n : WEIGHTS.shapes().keySet()) {
      m.put(prefix + n, raw(n, dtype));
    }
    return m;
  }

  private static Path dir(String name) throws IOException {
    Path d = Files.createDirectories(tmp.resolve(name));
    CONFIG.write(d);
    return d;
  }

  private static float[][] logitsOf(Path d) {
    try (OptModel m = OptModel.load(d)) {
      return m.lastLogits(BATCH, Interventions.NONE);
    }
  }

  @Test
  void writtenRandomModelLoadsAsTheInMemoryOne() throws IOException {
    Path d = tmp.resolve("written");
    WEIGHTS.write(d);
    assertTrue(Files.exists(d.resolve("vocab.json")) && Files.exists(d.resolve("merges.txt")));
    float[][] got = logitsOf(d);
    for (int b = 0; b < got.length; b++) {
      assertArrayEquals(reference[b], got[b], 0f);
    }
  }

  @Test
  void bothKeyPrefixesLoadTheSameModel() throws IOException {
    Path a = dir("prefix-model");
    writeFile(a.resolve("model.safetensors"), all("model.decoder.", "F32"));
    Path b = dir("prefix-decoder");
    writeFile(b.resolve("model.safetensors"), all("decoder.", "F32"));
    float[][] la = logitsOf(a);
    float[][] lb = logitsOf(b);
    assertArrayEquals(reference[0], la[0], 0f);
    assertArrayEquals(la[0], lb[0], 0f);
  }

  @Test
  void shardedCheckpointLoadsAsTheSingleFile() throws IOException {
    Path d = dir("sharded");
    Map<String, Raw> first = new LinkedHashMap<>();
    Map<String, Raw> second = new LinkedHashMap<>();
    ObjectNode index = new ObjectMapper().createObjectNode();
    ObjectNode map = index.putObject("weight_map");
    for (Map.Entry<String, Raw> e : all("model.decoder.", "F32").entrySet()) {
      boolean one = e.getKey().contains("layers.1.");
      (one ? second : first).put(e.getKey(), e.getValue());
      map.put(
          e.getKey(),
          one ? "model-00002-of-00002.safetensors" : "model-00001-of-00002.safetensors");
    }
    writeFile(d.resolve("model-00001-of-00002.safetensors"), first);
    writeFile(d.resolve("model-00002-of-00002.safetensors"), second);
    Files.writeString(d.resolve("model.safetensors.index.json"), index.toString());
    assertArrayEquals(reference[0], logitsOf(d)[0], 0f);
  }

  @Test
  void halfPrecisionStorageIsWidenedToFloat32() throws IOException {
    for (String dtype : new String[] {"F16", "BF16"}) {
      Path d = dir("dtype-" + dtype);
      writeFile(d.resolve("model.safetensors"), all("model.decoder.", dtype));
      try (CheckpointReader r = CheckpointReader.open(d);
          var m = ai.djl.engine.Engine.getEngine("PyTorch").newBaseManager()) {
        String name = "layers.0.fc1.weight";
        float[] got =
            r.load(m, name, WEIGHTS.shapes().get(name), ai.djl.ndarray.types.DataType.FLOAT32)
                .toFloatArray();
        float[] src = WEIGHTS.values(name);
        for (int i = 0; i < got.length; i++) {
          float want = fromStorage(dtype, src[i]);
          double tol = dtype.equals("F16") ? Math.abs(src[i]) * 1e-3 + 1e-7 : 0;
          assertEquals(want, got[i], tol, dtype + " element " + i);
        }
      }
      float[][] lg = logitsOf(d);
      assertEquals(reference[0][0], lg[0][0], 0.05, dtype + " model stays close to float32");
    }
  }

  @Test
  void explicitLmHeadIsUsedInsteadOfTheTiedEmbedding() throws IOException {
    Path d = dir("lm-head");
    Map<String, Raw> t = all("model.decoder.", "F32");
    Raw emb = t.get("model.decoder.embed_tokens.weight");
    byte[] zeros = new byte[emb.bytes().length];
    t.put("lm_head.weight", new Raw("F32", emb.shape(), zeros));
    writeFile(d.resolve("model.safetensors"), t);
    for (float v : logitsOf(d)[0]) {
      assertEquals(0f, v, 0f);
    }
  }

  @Test
  void missingTensorIsNamed() throws IOException {
    Path d = dir("missing");
    Map<String, Raw> t = all("model.decoder.", "F32");
    t.remove("model.decoder.layers.1.fc2.bias");
    writeFile(d.resolve("model.safetensors"), t);
    var e = assertThrows(IllegalArgumentException.class, () -> OptModel.load(d));
    assertTrue(e.getMessage().contains("missing [layers.1.fc2.bias]"), e.getMessage());
  }

  @Test
  void unexpectedTensorIsNamed() throws IOException {
    Path d = dir("extra");
    Map<String, Raw> t = all("model.decoder.", "F32");
    t.put("model.decoder.layers.7.fc1.bias", raw("layers.0.fc1.bias", "F32"));
    writeFile(d.resolve("model.safetensors"), t);
    var e = assertThrows(IllegalArgumentException.class, () -> OptModel.load(d));
    assertTrue(e.getMessage().contains("unexpected [layers.7.fc1.bias]"), e.getMessage());
  }

  @Test
  void misShapedTensorIsNamedWithBothShapes() throws IOException {
    Path d = dir("shape");
    Map<String, Raw> t = all("model.decoder.", "F32");
    Raw fc1 = t.get("model.decoder.layers.0.fc1.weight");
    t.put("model.decoder.layers.0.fc1.weight", new Raw("F32", new long[] {16, 32}, fc1.bytes()));
    writeFile(d.resolve("model.safetensors"), t);
    var e = assertThrows(IllegalArgumentException.class, () -> OptModel.load(d));
    assertTrue(
        e.getMessage().contains("layers.0.fc1.weight has shape [16, 32], expected [32, 16]"),
        e.getMessage());
  }

  @Test
  void truncatedFileIsRejected() throws IOException {
    Path d = dir("truncated");
    writeFile(d.resolve("model.safetensors"), all("model.decoder.", "F32"));
    byte[] b = Files.readAllBytes(d.resolve("model.safetensors"));
    Files.write(d.resolve("model.safetensors"), java.util.Arrays.copyOf(b, b.length - 100));
    var e = assertThrows(IllegalArgumentException.class, () -> OptModel.load(d));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void missingWeightsAndConfigAreNamed() throws IOException {
    Path d = dir("empty");
    var e = assertThrows(IllegalArgumentException.class, () -> OptModel.load(d));
    assertTrue(e.getMessage().contains("no model.safetensors"), e.getMessage());
    var f =
        assertThrows(IllegalArgumentException.class, () -> OptModel.load(tmp.resolve("nowhere")));
    assertTrue(f.getMessage().contains("config.json not found"), f.getMessage());
  }

  @Test
  void missingShardIsNamed() throws IOException {
    Path d = dir("lost-shard");
    Files.writeString(
        d.resolve("model.safetensors.index.json"),
        "{\"weight_map\":{\"model.decoder.embed_tokens.weight\":\"model-00001-of-00002.safetensors\"}}");
    var e = assertThrows(IllegalArgumentException.class, () -> OptModel.load(d));
    assertTrue(
        e.getMessage().contains("shard model-00001-of-00002.safetensors is missing"),
        e.getMessage());
  }
}
