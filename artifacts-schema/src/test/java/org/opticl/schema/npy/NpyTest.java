package org.opticl.schema.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

  private static final double[][] M = {{0.25, -1.5, 3}, {1e-7, 2, 0.1}};

  @Test
  void headerIsVersion10AlignedTo64BytesWithCOrderShape() {
    byte[] bytes = Npy.write(NpyArray.matrix(M));
    assertEquals((byte) 0x93, bytes[0]);
    assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, bytes[6]);
    assertEquals(0, bytes[7]);
    int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    assertEquals(0, (10 + headerLength) % 64);
    String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
    assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", header.strip());
    assertEquals('\n', header.charAt(header.length() - 1));
    assertEquals(10 + headerLength + 6 * 8, bytes.length);
    double first =
        ByteBuffer.wrap(bytes, 10 + headerLength, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
    assertEquals(0.25, first);
  }

  @Test
  void vectorShapeIsAOneTuple() {
    byte[] bytes = Npy.write(NpyArray.vector(new double[] {1, 2, 3}));
    String header = new String(bytes, 10, bytes.length - 10 - 24, StandardCharsets.US_ASCII);
    assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", header.strip());
  }

  @Test
  void roundTripsF8ExactlyAndF4AsFloats() {
    NpyArray f8 = NpyArray.matrix(M);
    assertEquals(f8, Npy.read(Npy.write(f8)));
    NpyArray f4 = Npy.read(Npy.write(f8.as(NpyArray.F4)));
    assertEquals(NpyArray.F4, f4.dtype());
    assertArrayEquals(new int[] {2, 3}, f4.shape());
    assertEquals((double) (float) 0.1, f4.get(1, 2));
  }

  @Test
  void truncatedFileIsRejectedWithSizes() {
    byte[] bytes = Npy.write(NpyArray.matrix(M));
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(cut));
    assertEquals(
        ".npy of shape [2, 3] and dtype <f8 should be "
            + bytes.length
            + " bytes, file has "
            + cut.length,
        e.getMessage());
  }

  @Test
  void numpyLoadsWhatWeWrite(@TempDir Path dir) throws Exception {
    assumeTrue(numpyAvailable(), "python3 with numpy not available");
    Path f8 = dir.resolve("m.npy");
    Path f4 = dir.resolve("v.npy");
    Files.write(f8, Npy.write(NpyArray.matrix(M)));
    Files.write(f4, Npy.write(NpyArray.vector(new double[] {0.5, -2}).as(NpyArray.F4)));
    String out =
        python(
            "import numpy, sys\n"
                + "a = numpy.load(sys.argv[1]); b = numpy.load(sys.argv[2])\n"
                + "print(a.dtype, a.shape, a.flags['C_CONTIGUOUS'], repr(a.tolist()))\n"
                + "print(b.dtype, b.shape, repr(b.tolist()))\n",
            f8.toString(),
            f4.toString());
    assertEquals(
        "float64 (2, 3) True [[0.25, -1.5, 3.0], [1e-07, 2.0, 0.1]]\nfloat32 (2,) [0.5, -2.0]",
        out.strip());
    // And the other way: what numpy.save writes, we read.
    Path saved = dir.resolve("saved.npy");
    python(
        "import numpy, sys\nnumpy.save(sys.argv[1], numpy.arange(6, dtype='<f4').reshape(2, 3))\n",
        saved.toString());
    NpyArray back = Npy.read(Files.readAllBytes(saved));
    assertArrayEquals(new int[] {2, 3}, back.shape());
    assertEquals(5.0, back.get(1, 2));
  }

  private static boolean numpyAvailable() {
    try {
      python("import numpy\n");
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static String python(String script, String... args)
      throws IOException, InterruptedException {
    String[] command = new String[3 + args.length];
    command[0] = "python3";
    command[1] = "-c";
    command[2] = script;
    System.arraycopy(args, 0, command, 3, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("python3 failed: " + out);
    }
    return out;
  }
}
