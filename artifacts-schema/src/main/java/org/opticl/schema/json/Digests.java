package org.opticl.schema.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SHA-256 in the two spellings opticl uses: bare lowercase hex (blob names, stage keys, {@code
 * ArtifactRef.sha256}) and the prefixed {@code sha256:<hex>} form of manifest digests, which says
 * which algorithm produced it should another ever be added.
 */
public final class Digests {

  /** Prefix of the self-describing digest form. */
  public static final String PREFIX = "sha256:";

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat HEX_FORMAT = HexFormat.of();

  private Digests() {}

  /** A new SHA-256 {@link MessageDigest}; every JVM must provide one. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM provides no SHA-256", e);
    }
  }

  /** Lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return HEX_FORMAT.formatHex(newSha256().digest(bytes));
  }

  /** Lowercase hex SHA-256 of everything {@code in} yields (the stream is not closed). */
  public static String sha256Hex(InputStream in) throws IOException {
    MessageDigest md = newSha256();
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      md.update(buffer, 0, n);
    }
    return HEX_FORMAT.formatHex(md.digest());
  }

  /** Lowercase hex SHA-256 of a file's content. */
  public static String sha256Hex(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256Hex(in);
    }
  }

  /**
   * {@code sha256:<hex>} of a set of files as one unit: for each file in the given order, its path
   * relative to {@code dir} (UTF-8) and the SHA-256 of its content.
   */
  public static String ofFiles(Path dir, List<Path> files) throws IOException {
    MessageDigest all = newSha256();
    byte[] buffer = new byte[1 << 16];
    for (Path f : files) {
      all.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
      MessageDigest one = newSha256();
      try (InputStream in = Files.newInputStream(f)) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          one.update(buffer, 0, n);
        }
      }
      all.update(one.digest());
    }
    return PREFIX + hex(all);
  }

  /** Lowercase hex of a finished digest. */
  public static String hex(MessageDigest finished) {
    return HEX_FORMAT.formatHex(finished.digest());
  }

  /** {@code sha256:<hex>} for a bare hex digest. */
  public static String prefixed(String hex) {
    return PREFIX + requireHex(hex);
  }

  /** The bare hex of either spelling, validated. */
  public static String hexOf(String digest) {
    String hex = digest.startsWith(PREFIX) ? digest.substring(PREFIX.length()) : digest;
    return requireHex(hex);
  }

  /** Whether {@code hex} is 64 lowercase hex digits. */
  public static boolean isHex(String hex) {
    return hex != null && HEX.matcher(hex).matches();
  }

  /**
   * Returns {@code hex} if it is 64 lowercase hex digits.
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static String requireHex(String hex) {
    if (!isHex(hex)) {
      throw new IllegalArgumentException(
          "not a SHA-256 digest (64 lowercase hex digits): '" + hex + "'");
    }
    return hex;
  }
}
