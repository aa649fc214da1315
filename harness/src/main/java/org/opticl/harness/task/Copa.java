package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.metrics.Metrics;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * SuperGLUE COPA (harness {@code copa}, version 0): the premise without its final character plus "
 * because"/" therefore", continued by either alternative with its first letter lower-cased.
 */
public final class Copa extends BaseTask<Copa.Doc> {
  /** One COPA item; question is "cause" or "effect", label 0 for choice1, 1 for choice2. */
  public record Doc(String premise, String choice1, String choice2, String question, int label) {}

  Copa() {
    super(
        "copa",
        0,
        Split.VALIDATION,
        Map.of(
            Split.VALIDATION,
            List.of(
                new FileSource<>("val.jsonl", "SuperGLUE release", Copa::read),
                new FileSource<>("validation.jsonl", "Hugging Face export", Copa::read)),
            Split.TRAIN,
            List.of(
                new FileSource<>(
                    "train.jsonl", "SuperGLUE release or Hugging Face export", Copa::read))));
  }

  static List<Doc> read(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      String question =
          List.of("cause", "effect").get(row.oneOf("question", List.of("cause", "effect")));
      String choice1 = row.str("choice1");
      String choice2 = row.str("choice2");
      if (choice1.isEmpty() || choice2.isEmpty()) {
        throw row.error(choice1.isEmpty() ? "choice1" : "choice2", "must not be empty");
      }
      docs.add(
          new Doc(
              row.str("premise"),
              choice1,
              choice2,
              question,
              ChoiceReaders.goldIndex(row, "label", 2)));
    }
    return docs;
  }

  @Override
  public String docToText(Doc doc) {
    String connector = doc.question().equals("cause") ? "because" : "therefore";
    return PyStr.slice(PyStr.strip(doc.premise()), 0, -1) + " " + connector;
  }

  @Override
  public String docToTarget(Doc doc) {
    return " " + PyStr.lowerFirst(doc.label() == 0 ? doc.choice1() : doc.choice2());
  }

  @Override
  public List<TextRequest> requests(Doc doc, String context) {
    return List.of(
        new TextRequest(context, " " + PyStr.lowerFirst(doc.choice1())),
        new TextRequest(context, " " + PyStr.lowerFirst(doc.choice2())));
  }

  @Override
  public List<Integer> gold(Doc doc) {
    return List.of(doc.label());
  }

  @Override
  public DocResult score(Doc doc, List<Loglikelihood> results) {
    int prediction = Metrics.argmax(results.stream().mapToDouble(Loglikelihood::logprob).toArray());
    return new DocResult(
        Map.of("acc", prediction == doc.label() ? 1.0 : 0.0), prediction, doc.label(), "");
  }

  @Override
  public List<MetricSpec> metrics() {
    return List.of(MetricSpec.mean("acc"));
  }
}
