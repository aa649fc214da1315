package org.opticl.harness.eval;

import java.util.ArrayList;
import java.util.List;
import org.opticl.harness.scoring.Loglikelihood;
import org.opticl.harness.scoring.LoglikelihoodModel;
import org.opticl.harness.scoring.LoglikelihoodRequest;
import org.opticl.harness.scoring.ProgressListener;
import org.opticl.harness.scoring.TextEncoder;

/**
 * A deterministic stand-in for a language model, for testing request and metric logic only (never
 * for model results). Tokens are code points ({@link #ENCODER}); it "predicts" the next word by
 * induction: the word that followed the most recent earlier occurrence of the context's last two
 * words, else of its last word. That continuation gets log-probability 0 and is greedy; any other
 * gets −1 − 0.01 × its length.
 */
final class CopyingFakeModel implements LoglikelihoodModel {
  static final TextEncoder ENCODER = text -> text.codePoints().toArray();

  final List<LoglikelihoodRequest> seen = new ArrayList<>();
  private final int maxLength;

  CopyingFakeModel(int maxLength) {
    this.maxLength = maxLength;
  }

  static String decode(int[] ids) {
    return new String(ids, 0, ids.length);
  }

  static String predict(String context) {
    String[] words = context.trim().split("\\s+");
    int n = words.length;
    for (int width = Math.min(2, n - 1); width >= 1; width--) {
      for (int start = n - width - 1; start >= 0; start--) {
        boolean match = true;
        for (int i = 0; i < width; i++) {
          match &= words[start + i].equals(words[n - width + i]);
        }
        if (match && start + width < n) {
          return words[start + width];
        }
      }
    }
    return "";
  }

  @Override
  public List<Loglikelihood> loglikelihoods(
      List<LoglikelihoodRequest> requests, ProgressListener progress) {
    List<Loglikelihood> out = new ArrayList<>();
    for (LoglikelihoodRequest r : requests) {
      seen.add(r);
      String continuation = decode(r.continuation());
      boolean hit = continuation.equals(" " + predict(decode(r.context())));
      out.add(new Loglikelihood(hit ? 0.0 : -1 - 0.01 * continuation.length(), hit));
      progress.progress(out.size(), requests.size());
    }
    return out;
  }

  @Override
  public int maxLength() {
    return maxLength;
  }
}
