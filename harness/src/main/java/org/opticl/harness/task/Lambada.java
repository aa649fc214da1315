package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.Aggregation;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * LAMBADA, OpenAI's detokenised test set (harness {@code lambada}, config "original", exposed as
 * the validation split, version 0): the text up to its last space is the context, {@code " " +} the
 * last word the continuation; {@code acc} is greedy match, {@code ppl} exp(−mean ll). It has no
 * training split, so demonstrations are sampled from the evaluated documents (k + 1 drawn, the
 * document itself removed).
 */
public final class Lambada extends BaseTask<Lambada.Doc> {
  /** One passage. */
  public record Doc(String text) {}

  Lambada() {
    super(
        "lambada",
        0,
        Split.VALIDATION,
        Map.of(
            Split.VALIDATION,
            List.of(
                new FileSource<>("lambada_test.jsonl", "OpenAI LAMBADA release", Lambada::read),
                new FileSource<>("validation.jsonl", "Hugging Face export", Lambada::read))));
  }

  static List<Doc> read(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      String text = row.str("text");
      if (text.indexOf(' ') < 0) {
        throw row.error("text", "has no space to split off the last word: \"" + text + "\"");
      }
      docs.add(new Doc(text));
    }
    return docs;
  }

  @Override
  public String docToText(Doc doc) {
    return doc.text().substring(0, doc.text().lastIndexOf(' '));
  }

  @Override
  public String docToTarget(Doc doc) {
    return " " + doc.text().substring(doc.text().lastIndexOf(' ') + 1);
  }

  @Override
  public List<TextRequest> requests(Doc doc, String context) {
    return List.of(new TextRequest(context, docToTarget(doc)));
  }

  @Override
  public List<Integer> gold(Doc doc) {
    return List.of(0);
  }

  @Override
  public DocResult score(Doc doc, List<Loglikelihood> results) {
    Loglikelihood r = results.get(0);
    return new DocResult(
        Map.of("ppl", r.logprob(), "acc", r.greedy() ? 1.0 : 0.0), r.greedy() ? 0 : -1, 0, "");
  }

  @Override
  public List<MetricSpec> metrics() {
    return List.of(new MetricSpec("ppl", Aggregation.PERPLEXITY, false), MetricSpec.mean("acc"));
  }
}
