package org.opticl.schema.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes and reads NumPy {@code .npy} files, format version 1.0: the 6-byte magic {@code
 * \x93NUMPY}, version bytes {@code 1 0}, a little-endian uint16 header length, an ASCII Python dict
 * literal {@code {'descr': '<f8', 'fortran_order': False, 'shape': (L, H), }} padded with spaces
 * and ended by a newline so that the data starts on a 64-byte boundary, then the values in C order.
 * Only little-endian {@code <f4}/{@code <f8} are produced or accepted: that is all opticl exports,
 * and rejecting the rest keeps the reader honest.
 */
public final class Npy {

  /** File extension, with the dot. */
  public static final String EXTENSION = ".npy";

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int PREAMBLE = MAGIC.length + 2 + 2; // magic, version, header length
  private static final int ALIGNMENT = 64;
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** The {@code .npy} bytes of {@code array}. */
  public static byte[] write(NpyArray array) {
    StringBuilder dict = new StringBuilder();
    dict.append("{'descr': '")
        .append(array.dtype())
        .append("', 'fortran_order': False, 'shape': (");
    int[] shape = array.shape();
    for (int i = 0; i < shape.length; i++) {
      dict.append(shape[i]);
      if (shape.length == 1 || i < shape.length - 1) {
        dict.append(shape.length == 1 ? "," : ", "); // a 1-tuple needs its comma: (12,)
      }
    }
    dict.append("), }");
    int unpadded = PREAMBLE + dict.length() + 1; // + the newline
    int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
    dict.append(" ".repeat(padding)).append('\n');
    byte[] header = dict.toString().getBytes(StandardCharsets.US_ASCII);

    boolean f8 = NpyArray.F8.equals(array.dtype());
    double[] data = array.data();
    ByteBuffer out =
        ByteBuffer.allocate(PREAMBLE + header.length + data.length * (f8 ? 8 : 4))
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
    for (double v : data) {
      if (f8) {
        out.putDouble(v);
      } else {
        out.putFloat((float) v);
      }
    }
    return out.array();
  }

  /**
   * Parses {@code .npy} bytes written by {@link #write} or by NumPy ({@code numpy.save} of a
   * little-endian float32/float64 C-order array).
   *
   * @throws IllegalArgumentException naming what is wrong with the file
   */
  public static NpyArray read(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < PREAMBLE) {
      throw new IllegalArgumentException("not an .npy file: only " + bytes.length + " bytes");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (in.get() != MAGIC[i]) {
        throw new IllegalArgumentException("not an .npy file: bad magic at byte " + i);
      }
    }
    int major = in.get();
    int minor = in.get();
    if (major != 1 || minor != 0) {
      throw new IllegalArgumentException(
          "unsupported .npy version " + major + "." + minor + "; only 1.0 is read");
    }
    int headerLength = Short.toUnsignedInt(in.getShort());
    if (PREAMBLE + headerLength > bytes.length) {
      throw new IllegalArgumentException(
          ".npy header length "
              + headerLength
              + " runs past the end of a "
              + bytes.length
              + "-byte file");
    }
    String header = new String(bytes, PREAMBLE, headerLength, StandardCharsets.US_ASCII);
    String descr = group(DESCR, header, "descr");
    if (!NpyArray.F8.equals(descr) && !NpyArray.F4.equals(descr)) {
      throw new IllegalArgumentException(
          ".npy dtype '" + descr + "' is not supported; expected '<f8' or '<f4'");
    }
    if (!"False".equals(group(FORTRAN, header, "fortran_order"))) {
      throw new IllegalArgumentException(".npy file is in Fortran order; only C order is read");
    }
    List<Integer> dims = new ArrayList<>();
    for (String part : group(SHAPE, header, "shape").split(",")) {
      if (!part.isBlank()) {
        dims.add(Integer.parseInt(part.strip()));
      }
    }
    int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    int width = NpyArray.F8.equals(descr) ? 8 : 4;
    long expected = PREAMBLE + headerLength + count * width;
    if (bytes.length != expected) {
      throw new IllegalArgumentException(
          ".npy of shape "
              + dims
              + " and dtype "
              + descr
              + " should be "
              + expected
              + " bytes, file has "
              + bytes.length);
    }
    in.position(PREAMBLE + headerLength);
    double[] data = new double[(int) count];
    for (int i = 0; i < data.length; i++) {
      data[i] = width == 8 ? in.getDouble() : in.getFloat();
    }
    return new NpyArray(shape, descr, data);
  }

  private static String group(Pattern pattern, String header, String key) {
    Matcher m = pattern.matcher(header);
    if (!m.find()) {
      throw new IllegalArgumentException(".npy header has no '" + key + "': " + header.strip());
    }
    return m.group(1);
  }
}
