package org.opticl.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The files of one commit of a hub repository, from {@code GET
 * {endpoint}/api/models/{id}/revision/{revision}?blobs=true}: the answer's {@code sha} is the
 * commit the revision resolved to, and each entry of {@code siblings} names a file ({@code
 * rfilename}) with its {@code size}, {@code blobId} and, for LFS files, {@code lfs.sha256}.
 * Everything downloaded afterwards is addressed by that commit, so a branch moving mid-download
 * cannot mix two versions.
 *
 * @param id repository id
 * @param revision the revision asked for
 * @param commit the 40-hex commit it resolved to
 * @param files by name, in the hub's order
 */
public record RepoListing(String id, String revision, String commit, Map<String, HubFile> files) {

  public RepoListing {
    if (!commit.matches("[0-9a-f]{40}")) {
      throw new IllegalArgumentException(id + ": commit '" + commit + "' is not a 40-hex SHA-1");
    }
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /** Parses the API's answer for {@code id} at {@code revision}. */
  public static RepoListing parse(String id, String revision, JsonNode root) {
    String commit = root.path("sha").asText("");
    if (!commit.matches("[0-9a-fA-F]{40}")) {
      throw new HubException(
          HubException.Kind.PROTOCOL,
          "the hub's listing of "
              + id
              + "@"
              + revision
              + " has no commit sha (field 'sha' = '"
              + commit
              + "')");
    }
    JsonNode siblings = root.path("siblings");
    if (!siblings.isArray()) {
      throw new HubException(
          HubException.Kind.PROTOCOL,
          "the hub's listing of " + id + "@" + revision + " has no 'siblings' array");
    }
    Map<String, HubFile> files = new LinkedHashMap<>();
    for (JsonNode s : siblings) {
      String name = s.path("rfilename").asText("");
      if (name.isEmpty()) {
        continue;
      }
      JsonNode lfs = s.path("lfs");
      OptionalLong size =
          s.path("size").canConvertToLong()
              ? OptionalLong.of(s.path("size").asLong())
              : lfs.path("size").canConvertToLong()
                  ? OptionalLong.of(lfs.path("size").asLong())
                  : OptionalLong.empty();
      try {
        files.put(
            name,
            new HubFile(
                name,
                size,
                text(s.path("blobId")),
                lfs.isObject() ? text(lfs.path("sha256")) : Optional.empty()));
      } catch (IllegalArgumentException e) {
        throw new HubException(
            HubException.Kind.PROTOCOL,
            "the hub's listing of " + id + "@" + revision + ": " + e.getMessage(),
            e);
      }
    }
    return new RepoListing(id, revision, commit.toLowerCase(), files);
  }

  private static Optional<String> text(JsonNode n) {
    return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
  }

  /** The file called {@code name}, if this commit has it. */
  public Optional<HubFile> file(String name) {
    return Optional.ofNullable(files.get(name));
  }
}
