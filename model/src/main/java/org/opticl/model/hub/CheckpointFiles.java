package org.opticl.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which files of a hub repository make an OPT checkpoint opticl can load: {@code config.json}, the
 * GPT-2 tokenizer ({@code vocab.json}, {@code merges.txt}) and safetensors weights, either {@code
 * model.safetensors} or {@code model.safetensors.index.json} plus every shard its {@code
 * weight_map} names. Everything else in a repository (pickled {@code .bin} weights, TensorFlow and
 * Flax copies) is skipped, which for OPT-66B saves hundreds of gigabytes.
 */
final class CheckpointFiles {
  static final List<String> REQUIRED = List.of("config.json", "vocab.json", "merges.txt");
  static final String SINGLE = "model.safetensors";
  static final String INDEX = "model.safetensors.index.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  // Names come from the hub and from a downloaded index; they must stay inside the snapshot dir.
  private static final Pattern SAFE_NAME =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");

  private CheckpointFiles() {}

  /** The small files every checkpoint needs; fails naming the first one the commit lacks. */
  static List<HubFile> required(RepoListing listing) {
    List<HubFile> out = new ArrayList<>();
    for (String name : REQUIRED) {
      out.add(
          listing
              .file(name)
              .orElseThrow(
                  () ->
                      new HubException(
                          HubException.Kind.MISSING_FILE,
                          label(listing)
                              + " has no "
                              + name
                              + " (an OPT checkpoint needs "
                              + REQUIRED
                              + "); its files: "
                              + listing.files().keySet())));
    }
    return out;
  }

  /** The index of a sharded checkpoint if the commit has one, else the single weights file. */
  static HubFile weightsEntry(RepoListing listing) {
    if (listing.file(INDEX).isPresent()) {
      return listing.file(INDEX).get();
    }
    if (listing.file(SINGLE).isPresent()) {
      return listing.file(SINGLE).get();
    }
    Set<String> weights =
        listing.files().keySet().stream()
            .filter(
                n -> n.matches(".*\\.(bin|safetensors|h5|msgpack|pt|pth|ckpt)(\\.index\\.json)?"))
            .collect(Collectors.toCollection(LinkedHashSet::new));
    throw new HubException(
        HubException.Kind.MISSING_FILE,
        label(listing)
            + " has no safetensors weights ("
            + SINGLE
            + " or "
            + INDEX
            + "); it has "
            + (weights.isEmpty() ? "no weight files" : weights)
            + ". opticl reads safetensors only: pick a --revision that has them (the hub's"
            + " safetensors conversion pull request, e.g. refs/pr/N), or convert the checkpoint"
            + " and pass its local directory");
  }

  /** The shards a downloaded index names, each checked against the listing, in index order. */
  static List<HubFile> shards(RepoListing listing, Path index) {
    JsonNode map;
    try {
      map = JSON.readTree(Files.readString(index)).path("weight_map");
    } catch (IOException e) {
      throw new HubException(
          HubException.Kind.PROTOCOL, label(listing) + ": cannot parse " + INDEX + ": " + e, e);
    }
    if (!map.isObject() || map.isEmpty()) {
      throw new HubException(
          HubException.Kind.PROTOCOL,
          label(listing) + ": " + INDEX + " has no object field weight_map");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
      names.add(it.next().asText());
    }
    List<HubFile> out = new ArrayList<>();
    for (String name : names) {
      checkName(listing, name);
      out.add(
          listing
              .file(name)
              .orElseThrow(
                  () ->
                      new HubException(
                          HubException.Kind.MISSING_FILE,
                          label(listing)
                              + ": "
                              + INDEX
                              + " names shard '"
                              + name
                              + "', which the commit does not have")));
    }
    return out;
  }

  /** Rejects names that could escape the snapshot directory. */
  static void checkName(RepoListing listing, String name) {
    if (!SAFE_NAME.matcher(name).matches() || name.contains("..")) {
      throw new HubException(
          HubException.Kind.PROTOCOL,
          label(listing) + ": refusing file name '" + name + "' (not a plain relative path)");
    }
  }

  static String label(RepoListing listing) {
    return "'" + listing.id() + "' at " + listing.revision() + " (commit " + listing.commit() + ")";
  }
}
