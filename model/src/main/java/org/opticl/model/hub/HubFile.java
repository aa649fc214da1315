package org.opticl.model.hub;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One file of a hub revision as the hub's API lists it, with what is needed to check a download of
 * it: Git LFS files (the weights) carry the SHA-256 of their content, ordinary Git files (config,
 * tokenizer, index) the Git blob id, which is the SHA-1 of {@code "blob <size>\0" + content}.
 *
 * @param name path in the repository, e.g. {@code model-00001-of-00014.safetensors}
 * @param size content size in bytes, when the hub reported it
 * @param gitBlobId Git blob SHA-1 (for LFS files this is the pointer's id, not the content's)
 * @param lfsSha256 SHA-256 of the content of an LFS file
 */
public record HubFile(
    String name, OptionalLong size, Optional<String> gitBlobId, Optional<String> lfsSha256) {

  public HubFile {
    gitBlobId = gitBlobId.map(String::toLowerCase);
    lfsSha256 = lfsSha256.map(String::toLowerCase);
    if (gitBlobId.isPresent() && !gitBlobId.get().matches("[0-9a-f]{40}")) {
      throw new IllegalArgumentException(name + ": blobId '" + gitBlobId.get() + "' is not SHA-1");
    }
    if (lfsSha256.isPresent() && !lfsSha256.get().matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          name + ": lfs.sha256 '" + lfsSha256.get() + "' is not SHA-256");
    }
  }

  /** Whether the content lives in Git LFS (true for every weight file on the hub). */
  public boolean isLfs() {
    return lfsSha256.isPresent();
  }
}
