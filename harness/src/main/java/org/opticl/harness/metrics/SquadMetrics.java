package org.opticl.harness.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.opticl.harness.task.PyStr;

/**
 * SQuAD v2's answer normalisation, exact match and token F1 (transformers' {@code
 * squad_metrics.compute_exact} / {@code compute_f1}), which the harness uses for ReCoRD, taking the
 * maximum over the gold answers.
 */
public final class SquadMetrics {
  private SquadMetrics() {}

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final Pattern ARTICLES =
      Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);

  /** Lower-case, drop ASCII punctuation, replace articles by a space, collapse whitespace. */
  public static String normalize(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    StringBuilder noPunct = new StringBuilder(lower.length());
    lower.codePoints().filter(cp -> PUNCTUATION.indexOf(cp) < 0).forEach(noPunct::appendCodePoint);
    String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
    return String.join(" ", PyStr.split(noArticles));
  }

  /** 1.0 when the normalised strings are equal. */
  public static double exact(String gold, String prediction) {
    return normalize(gold).equals(normalize(prediction)) ? 1.0 : 0.0;
  }

  /** Token-level F1 of the normalised strings (1.0/0.0 when either has no tokens). */
  public static double f1(String gold, String prediction) {
    List<String> goldTokens = tokens(gold);
    List<String> predTokens = tokens(prediction);
    if (goldTokens.isEmpty() || predTokens.isEmpty()) {
      return goldTokens.equals(predTokens) ? 1.0 : 0.0;
    }
    Map<String, Integer> goldCounts = new HashMap<>();
    goldTokens.forEach(t -> goldCounts.merge(t, 1, Integer::sum));
    int same = 0;
    for (String t : predTokens) {
      Integer left = goldCounts.get(t);
      if (left != null && left > 0) {
        goldCounts.put(t, left - 1);
        same++;
      }
    }
    if (same == 0) {
      return 0.0;
    }
    double precision = (double) same / predTokens.size();
    double recall = (double) same / goldTokens.size();
    return 2 * precision * recall / (precision + recall);
  }

  private static List<String> tokens(String s) {
    return s.isEmpty() ? List.of() : PyStr.split(normalize(s));
  }

  /** {@code metric_max_over_ground_truths} for exact match. */
  public static double maxExact(String prediction, List<String> golds) {
    return golds.stream().mapToDouble(g -> exact(g, prediction)).max().orElse(0.0);
  }

  /** {@code metric_max_over_ground_truths} for F1. */
  public static double maxF1(String prediction, List<String> golds) {
    return golds.stream().mapToDouble(g -> f1(g, prediction)).max().orElse(0.0);
  }
}
