package org.opticl.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The tensors of a Hugging Face checkpoint directory: {@code model.safetensors}, or the shards
 * named by {@code model.safetensors.index.json}. Names are normalised by stripping the {@code
 * model.decoder.} or {@code decoder.} prefix, so both layouts of OPT checkpoints look the same.
 * Tensors are read one at a time, copied into engine memory and converted to the requested type;
 * BF16 is widened to F32 in Java because a BF16 tensor aborts DJL's PyTorch JNI.
 */
public final class CheckpointReader implements TensorSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PREFIXES = List.of("model.decoder.", "decoder.");

  private record Entry(SafetensorsFile file, SafetensorsFile.TensorInfo info) {}

  private final Path dir;
  private final List<SafetensorsFile> files;
  private final Map<String, Entry> entries;

  private CheckpointReader(Path dir, List<SafetensorsFile> files, Map<String, Entry> entries) {
    this.dir = dir;
    this.files = files;
    this.entries = entries;
  }

  /** Opens every weight file of a checkpoint directory and indexes its tensors. */
  public static CheckpointReader open(Path dir) {
    Path single = dir.resolve("model.safetensors");
    Path index = dir.resolve("model.safetensors.index.json");
    List<Path> paths = new ArrayList<>();
    if (Files.exists(index)) {
      paths.addAll(shardsOf(index));
    } else if (Files.exists(single)) {
      paths.add(single);
    } else {
      throw new IllegalArgumentException(
          dir
              + ": no model.safetensors or model.safetensors.index.json (opticl reads safetensors"
              + " checkpoints; convert pytorch_model.bin first)");
    }
    List<SafetensorsFile> files = new ArrayList<>();
    Map<String, Entry> entries = new LinkedHashMap<>();
    try {
      for (Path p : paths) {
        SafetensorsFile f = SafetensorsFile.open(p);
        files.add(f);
        for (SafetensorsFile.TensorInfo info : f.tensors().values()) {
          String name = normalise(info.name());
          Entry previous = entries.put(name, new Entry(f, info));
          if (previous != null) {
            throw new IllegalArgumentException(
                "tensor "
                    + name
                    + " appears twice: in "
                    + previous.file().path()
                    + " and "
                    + f.path());
          }
        }
      }
    } catch (RuntimeException e) {
      files.forEach(SafetensorsFile::close);
      throw e;
    }
    return new CheckpointReader(dir, files, entries);
  }

  private static List<Path> shardsOf(Path index) {
    try {
      JsonNode map = JSON.readTree(Files.readString(index)).path("weight_map");
      if (!map.isObject()) {
        throw new IllegalArgumentException(index + ": missing object field weight_map");
      }
      TreeSet<String> shards = new TreeSet<>();
      for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
        shards.add(it.next().asText());
      }
      List<Path> out = new ArrayList<>();
      for (String s : shards) {
        Path p = index.resolveSibling(s);
        if (!Files.exists(p)) {
          throw new IllegalArgumentException(index + ": shard " + s + " is missing");
        }
        out.add(p);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException(index + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Strips the decoder prefix: {@code model.decoder.layers.0.fc1.weight -> layers.0.fc1.weight}.
   */
  static String normalise(String name) {
    for (String p : PREFIXES) {
      if (name.startsWith(p)) {
        return name.substring(p.length());
      }
    }
    return name;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public String describe() {
    return dir.toString();
  }

  @Override
  public Map<String, long[]> shapes() {
    Map<String, long[]> out = new LinkedHashMap<>();
    entries.forEach((k, v) -> out.put(k, v.info().shape()));
    return out;
  }

  @Override
  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** The checkpoint's storage type of a tensor ("F32", "F16", "BF16"). */
  public Optional<String> storageType(String name) {
    return Optional.ofNullable(entries.get(name)).map(e -> e.info().dtype().name());
  }

  /** The file mapping is never shared with the engine: the result is a copy. */
  @Override
  public NDArray load(NDManager manager, String name, long[] expectedShape, DataType type) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException(dir + ": missing tensor " + name);
    }
    if (!Arrays.equals(e.info().shape(), expectedShape)) {
      throw new IllegalArgumentException(
          dir
              + ": tensor "
              + name
              + " has shape "
              + Arrays.toString(e.info().shape())
              + ", expected "
              + Arrays.toString(expectedShape));
    }
    ByteBuffer bytes = e.file().map(e.info());
    ByteBuffer source = e.info().dtype() == SafetensorsFile.Dtype.BF16 ? widenBf16(bytes) : bytes;
    DataType stored =
        e.info().dtype() == SafetensorsFile.Dtype.F16 ? DataType.FLOAT16 : DataType.FLOAT32;
    try {
      return converted(manager.create(source, new Shape(expectedShape), stored), type);
    } finally {
      // The engine array aliases these buffers until it is copied: keep them alive till then.
      Reference.reachabilityFence(source);
      Reference.reachabilityFence(bytes);
    }
  }

  /** Copies (the source may alias a file mapping) and converts. */
  private static NDArray converted(NDArray view, DataType type) {
    try (view) {
      return view.getDataType() == type ? view.duplicate() : view.toType(type, true);
    }
  }

  /** bfloat16 is the upper half of a float32: widening is a shift, exact. */
  static ByteBuffer widenBf16(ByteBuffer bf16) {
    ShortBuffer in = bf16.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    ByteBuffer out = ByteBuffer.allocateDirect(in.remaining() * 4).order(ByteOrder.nativeOrder());
    while (in.hasRemaining()) {
      out.putFloat(Float.intBitsToFloat((in.get() & 0xffff) << 16));
    }
    return out.flip();
  }

  @Override
  public void close() {
    files.forEach(SafetensorsFile::close);
  }
}
