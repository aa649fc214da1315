package org.opticl.schema;

/**
 * What makes two tasks the same for caching: the registry name and a digest of the documents the
 * task read, so a changed data file invalidates every stage that used it.
 *
 * @param name task registry name, e.g. {@code piqa}
 * @param dataDigest {@code sha256:<hex>} over the task's documents
 */
public record TaskIdentity(String name, String dataDigest) {

  public TaskIdentity {
    Checks.name(name, "TaskIdentity.name");
    Checks.nonBlank(dataDigest, "TaskIdentity.dataDigest");
  }
}
