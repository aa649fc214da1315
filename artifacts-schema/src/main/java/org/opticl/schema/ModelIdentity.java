package org.opticl.schema;

/**
 * What makes two models the same for caching: a name for people, the digest of the weights for the
 * cache, and the dtype the weights were used in (fp16 and fp32 runs of one checkpoint give
 * different numbers). Paths and device placement are deliberately absent.
 *
 * @param id e.g. {@code facebook/opt-66b} or {@code random-opt-2l-4h}
 * @param weightsDigest {@code sha256:<hex>} over the checkpoint's tensors
 * @param dtype {@code float32}, {@code float16} or {@code bfloat16}
 */
public record ModelIdentity(String id, String weightsDigest, String dtype) {

  public ModelIdentity {
    Checks.nonBlank(id, "ModelIdentity.id");
    Checks.nonBlank(weightsDigest, "ModelIdentity.weightsDigest");
    Checks.nonBlank(dtype, "ModelIdentity.dtype");
  }
}
