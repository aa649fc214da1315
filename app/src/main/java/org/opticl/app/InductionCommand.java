package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opticl.model.config.OptConfig;
import org.opticl.model.induction.CopyingRule;
import org.opticl.model.induction.HeadStats;
import org.opticl.model.induction.InductionCheckpoint;
import org.opticl.model.induction.InductionRequest;
import org.opticl.model.induction.InductionResult;
import org.opticl.model.induction.InductionScores;
import org.opticl.model.induction.PrefixRule;
import org.opticl.model.induction.TokenPool;
import org.opticl.model.opt.OptModel;
import org.opticl.model.tokenizer.OptTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opticl induction}: the paper's prefix-matching and copying scores of every head of a
 * model, as one JSON object of per-head means and variances, so that the heatmaps of the paper's
 * Figures 9–10 can be drawn for any OPT in Hugging Face layout.
 */
@Command(
    name = "induction",
    mixinStandardHelpOptions = true,
    description = {
      "Prefix-matching and copying scores of every attention head (paper §6.3, Algorithms 1-2)"
          + " over --sequences random sequences; prints one JSON object"
          + " {\"prefix_matching\": {\"mean\", \"variance\"}, \"copying\": {...}}, each [layer][head]."
          + " Progress goes to stderr.",
      "Tokens come from the merge ranks in --model's merges.txt without the --exclude-ratio most"
          + " and least frequent merges, or from --pool LO:HI."
    })
final class InductionCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      description = "model directory (config.json, model.safetensors, vocab.json, merges.txt)")
  Path model;

  @Option(
      names = "--sequences",
      defaultValue = "100",
      description = "sequences s = 0..N-1, segment length 2s+25 (default: ${DEFAULT-VALUE})")
  int sequences;

  @Option(names = "--seed", defaultValue = "0", description = "default: ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--rule",
      defaultValue = "parity",
      description =
          "prefix-matching targets: parity (the original's formula) or corrected (default:"
              + " ${DEFAULT-VALUE})")
  PrefixRule rule;

  @Option(
      names = "--copying-rule",
      defaultValue = "parity",
      description =
          "copying score's OV read-out: parity (the original's, the query's own value) or"
              + " head_output (the paper's description, the head's attention-weighted output)"
              + " (default: ${DEFAULT-VALUE})")
  CopyingRule copyingRule;

  @Option(
      names = "--pool",
      description = "token ids LO:HI (half-open) instead of the merges.txt pool")
  String pool;

  @Option(
      names = "--exclude-ratio",
      defaultValue = "0.04",
      description = "share of merge ranks excluded at each end (default: ${DEFAULT-VALUE})")
  double excludeRatio;

  @Option(
      names = "--checkpoint",
      description = "resume from this file if it exists, and rewrite it after every sequence")
  Path checkpoint;

  @Override
  public Integer call() throws java.io.IOException {
    try {
      return measure();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("opticl induction: " + e.getMessage());
      return 2;
    }
  }

  private int measure() throws java.io.IOException {
    TokenPool tokens = pool();
    InductionRequest request = new InductionRequest(sequences, seed, rule, copyingRule, tokens);
    InductionScores.validate(OptConfig.read(model.resolve("config.json")), request);
    ObjectMapper json = new ObjectMapper();
    Optional<InductionCheckpoint> resume = Optional.empty();
    if (checkpoint != null && Files.exists(checkpoint)) {
      resume = Optional.of(json.readValue(checkpoint.toFile(), InductionCheckpoint.class));
      if (!resume.get().requestKey().equals(request.key())) {
        throw new IllegalArgumentException(
            checkpoint + " belongs to another run: seed, rules or pool differ from this one");
      }
      System.err.printf(
          "opticl induction: resuming after %d sequences from %s%n",
          resume.get().sequencesDone(), checkpoint);
    }
    System.err.printf(
        "opticl induction: %d sequences, seed %d, %s prefix rule, %s copying rule, pool %s%n",
        sequences,
        seed,
        rule.name().toLowerCase(),
        copyingRule.name().toLowerCase(),
        tokens.description());
    InductionResult result;
    try (OptModel m = OptModel.load(model);
        ProgressBar bar = new ProgressBar("sequences", true)) {
      result =
          InductionScores.run(
              m,
              request,
              resume,
              cp -> {
                bar.update(cp.sequencesDone(), sequences);
                if (checkpoint != null) {
                  save(json, cp);
                }
              });
    }
    ObjectNode out = json.createObjectNode();
    out.set("prefix_matching", stats(json, result.prefixMatching()));
    out.set("copying", stats(json, result.copying()));
    System.out.println(json.writeValueAsString(out));
    return 0;
  }

  private TokenPool pool() {
    if (pool != null) {
      String[] parts = pool.split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException("--pool " + pool + ": expected LO:HI, e.g. 4:272");
      }
      try {
        return TokenPool.range(
            Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--pool " + pool + ": LO and HI must be integers", e);
      }
    }
    if (!Files.exists(model.resolve("merges.txt"))) {
      throw new IllegalArgumentException(
          model.resolve("merges.txt")
              + " does not exist: the token pool comes from merge ranks; give --pool LO:HI"
              + " (token ids) for a model without a tokenizer");
    }
    return TokenPool.fromMerges(OptTokenizer.load(model), excludeRatio);
  }

  /** Written beside the target and moved over it, so an interruption never leaves half a file. */
  private void save(ObjectMapper json, InductionCheckpoint cp) {
    try {
      Path tmp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
      json.writeValue(tmp.toFile(), cp);
      Files.move(
          tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write checkpoint " + checkpoint, e);
    }
  }

  private static ObjectNode stats(ObjectMapper json, HeadStats s) {
    ObjectNode node = json.createObjectNode();
    node.set("mean", matrix(json, s.mean()));
    node.set("variance", matrix(json, s.variance()));
    return node;
  }

  private static ArrayNode matrix(ObjectMapper json, double[][] m) {
    ArrayNode rows = json.createArrayNode();
    for (double[] row : m) {
      ArrayNode r = rows.addArray();
      for (double v : row) {
        r.add(v);
      }
    }
    return rows;
  }
}
