package org.opticl.schema;

import org.opticl.schema.json.Digests;

/**
 * How an artifact crosses a process boundary (an activity's argument or result, a workflow's memo):
 * a few hundred bytes naming content instead of carrying it, so Temporal payloads stay far below
 * their 2 MB limit. The digest makes the reference self-verifying: whoever resolves it checks the
 * bytes against {@code sha256}.
 *
 * @param uri where the bytes live, relative to an artifact store's root: {@code
 *     cas/sha256/ab/<hex>} for a blob
 * @param sha256 lowercase hex SHA-256 of the bytes
 * @param size length in bytes
 * @param mediaType IANA media type, e.g. {@code application/json} or {@code application/x-npy}
 */
public record ArtifactRef(String uri, String sha256, long size, String mediaType) {

  /** Media type of JSON artifacts. */
  public static final String JSON = "application/json";

  /** Media type of NumPy {@code .npy} files. */
  public static final String NPY = "application/x-npy";

  public ArtifactRef {
    Checks.nonBlank(uri, "ArtifactRef.uri");
    Digests.requireHex(sha256);
    if (size < 0) {
      throw new IllegalArgumentException("ArtifactRef.size must be >= 0, got " + size);
    }
    Checks.nonBlank(mediaType, "ArtifactRef.mediaType");
  }

  /** The store-relative location of a content-addressed blob: {@code cas/sha256/ab/<hex>}. */
  public static String blobUri(String sha256) {
    Digests.requireHex(sha256);
    return "cas/sha256/" + sha256.substring(0, 2) + "/" + sha256;
  }

  /** A reference to the content-addressed blob with this digest. */
  public static ArtifactRef blob(String sha256, long size, String mediaType) {
    return new ArtifactRef(blobUri(sha256), sha256, size, mediaType);
  }

  /** {@code sha256:<hex>}, the form manifests use. */
  public String digest() {
    return Digests.prefixed(sha256);
  }
}
