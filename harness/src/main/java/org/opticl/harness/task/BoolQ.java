package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * SuperGLUE BoolQ (harness {@code boolq}, version 1): passage, question, " yes"/" no"; correct when
 * {@code (ll(" yes") > ll(" no")) == label} (a tie counts as "no").
 */
public final class BoolQ extends BaseTask<BoolQ.Doc> {
  /** One BoolQ question. */
  public record Doc(String passage, String question, boolean label) {}

  BoolQ() {
    super(
        "boolq",
        1,
        Split.VALIDATION,
        Map.of(
            Split.VALIDATION,
            List.of(
                new FileSource<>("val.jsonl", "SuperGLUE release", BoolQ::read),
                new FileSource<>("validation.jsonl", "Hugging Face export", BoolQ::read)),
            Split.TRAIN,
            List.of(
                new FileSource<>(
                    "train.jsonl", "SuperGLUE release or Hugging Face export", BoolQ::read))));
  }

  static List<Doc> read(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      docs.add(new Doc(row.str("passage"), row.str("question"), row.bool("label")));
    }
    return docs;
  }

  @Override
  public String docToText(Doc doc) {
    return doc.passage() + "\nQuestion: " + doc.question() + "?\nAnswer:";
  }

  @Override
  public String docToTarget(Doc doc) {
    return doc.label() ? " yes" : " no";
  }

  @Override
  public List<TextRequest> requests(Doc doc, String context) {
    return YesNo.requests(context);
  }

  @Override
  public List<Integer> gold(Doc doc) {
    return YesNo.gold(doc.label());
  }

  @Override
  public DocResult score(Doc doc, List<Loglikelihood> results) {
    return YesNo.score(doc.label(), results);
  }

  @Override
  public List<MetricSpec> metrics() {
    return List.of(MetricSpec.mean("acc"));
  }
}
