package org.opticl.schema.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestsTest {

  @Test
  void sha256OfAbcIsTheFips180Vector() {
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Digests.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void prefixedAndBareFormsConvert() {
    String hex = "ab".repeat(32);
    assertEquals("sha256:" + hex, Digests.prefixed(hex));
    assertEquals(hex, Digests.hexOf("sha256:" + hex));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Digests.hexOf("sha256:ABC"));
    assertEquals("not a SHA-256 digest (64 lowercase hex digits): 'ABC'", e.getMessage());
  }

  @Test
  void aSetOfFilesHashesEachRelativeNameAndContentDigestInOrder(@TempDir Path dir)
      throws Exception {
    Path a = Files.writeString(dir.resolve("a.txt"), "abc");
    Path b = Files.writeString(Files.createDirectories(dir.resolve("sub")).resolve("b"), "");
    MessageDigest expected = Digests.newSha256();
    expected.update("a.txt".getBytes(StandardCharsets.UTF_8));
    expected.update(Digests.newSha256().digest("abc".getBytes(StandardCharsets.UTF_8)));
    expected.update(dir.relativize(b).toString().getBytes(StandardCharsets.UTF_8));
    expected.update(Digests.newSha256().digest(new byte[0]));
    assertEquals("sha256:" + Digests.hex(expected), Digests.ofFiles(dir, List.of(a, b)));
  }
}
