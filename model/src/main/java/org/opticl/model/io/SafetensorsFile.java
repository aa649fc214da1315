package org.opticl.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code .safetensors} file, read lazily: the JSON header is parsed up front and each tensor's
 * bytes are memory-mapped only when asked for. DJL's own decoder reads the whole file into one
 * {@code byte[]} with {@code int} offsets, so it fails on the 10 GB shards of OPT-66B; mapping one
 * tensor at a time keeps every mapping under 2 GiB (the largest OPT-66B tensor is ~0.93 GB).
 */
public final class SafetensorsFile implements AutoCloseable {

  /** Element types a safetensors header may name, with their widths. */
  public enum Dtype {
    F32(4),
    F16(2),
    BF16(2);

    public final int bytes;

    Dtype(int bytes) {
      this.bytes = bytes;
    }
  }

  /** Where one tensor lives in the file. Offsets are absolute file positions. */
  public record TensorInfo(String name, Dtype dtype, long[] shape, long begin, long end) {
    public long elementCount() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    @Override
    public String toString() {
      return name + " " + dtype + Arrays.toString(shape);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private final Path path;
  private final FileChannel channel;
  private final Map<String, TensorInfo> tensors;

  private SafetensorsFile(Path path, FileChannel channel, Map<String, TensorInfo> tensors) {
    this.path = path;
    this.channel = channel;
    this.tensors = tensors;
  }

  /** Opens a file and validates its header against the file's length. */
  public static SafetensorsFile open(Path path) {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("weights file not found: " + path, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot open weights file " + path + ": " + e, e);
    }
    try {
      return new SafetensorsFile(path, channel, readHeader(path, channel));
    } catch (RuntimeException | IOException e) {
      closeQuietly(channel);
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(path + ": cannot read safetensors header: " + e, e);
    }
  }

  private static Map<String, TensorInfo> readHeader(Path path, FileChannel channel)
      throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw new IllegalArgumentException(
          path + ": truncated safetensors file (" + size + " bytes)");
    }
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    channel.read(lenBuf, 0);
    long headerLen = lenBuf.flip().getLong();
    if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
      throw new IllegalArgumentException(
          path + ": corrupt safetensors header length " + headerLen + " (file has " + size + ")");
    }
    ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
    channel.read(headerBuf, 8);
    JsonNode header = JSON.readTree(headerBuf.array());
    long dataStart = 8 + headerLen;
    Map<String, TensorInfo> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      out.put(e.getKey(), parseInfo(path, e.getKey(), e.getValue(), dataStart, size));
    }
    return Collections.unmodifiableMap(out);
  }

  private static TensorInfo parseInfo(
      Path path, String name, JsonNode node, long dataStart, long fileSize) {
    String dt = node.path("dtype").asText();
    Dtype dtype;
    try {
      dtype = Dtype.valueOf(dt);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path + ": tensor " + name + " has dtype " + dt + "; supported: F32, F16, BF16");
    }
    JsonNode shapeNode = node.path("shape");
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
    }
    JsonNode offsets = node.path("data_offsets");
    if (offsets.size() != 2) {
      throw new IllegalArgumentException(path + ": tensor " + name + " has no data_offsets");
    }
    long begin = dataStart + offsets.get(0).asLong();
    long end = dataStart + offsets.get(1).asLong();
    TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
    if (end - begin != info.elementCount() * dtype.bytes) {
      throw new IllegalArgumentException(
          path
              + ": tensor "
              + info
              + " spans "
              + (end - begin)
              + " bytes, expected "
              + info.elementCount() * dtype.bytes);
    }
    if (end > fileSize) {
      throw new IllegalArgumentException(
          path + ": tensor " + name + " is truncated: ends at byte " + end + " of " + fileSize);
    }
    return info;
  }

  public Path path() {
    return path;
  }

  /** Every tensor in header order. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /**
   * Maps one tensor's bytes (little-endian, read-only). The buffer stays valid while this file is
   * open.
   */
  public ByteBuffer map(TensorInfo info) {
    try {
      return channel
          .map(FileChannel.MapMode.READ_ONLY, info.begin(), info.end() - info.begin())
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new IllegalArgumentException(path + ": cannot map tensor " + info.name() + ": " + e, e);
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Read-only channel: nothing was written that could be lost.
    }
  }
}
