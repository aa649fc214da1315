package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * SuperGLUE WiC (harness {@code wic}, version 0): is the word, cut from sentence 1 at the data's
 * code-point offsets {@code [start1, end1)}, used in the same way in both sentences? " yes"/" no".
 */
public final class WordsInContext extends BaseTask<WordsInContext.Doc> {
  /** One WiC pair; {@code start1}/{@code end1} are Python (code-point) offsets into sentence1. */
  public record Doc(String sentence1, String sentence2, int start1, int end1, boolean label) {}

  WordsInContext() {
    super(
        "wic",
        0,
        Split.VALIDATION,
        Map.of(
            Split.VALIDATION,
            List.of(
                new FileSource<>("val.jsonl", "SuperGLUE release", WordsInContext::read),
                new FileSource<>("validation.jsonl", "Hugging Face export", WordsInContext::read)),
            Split.TRAIN,
            List.of(
                new FileSource<>(
                    "train.jsonl",
                    "SuperGLUE release or Hugging Face export",
                    WordsInContext::read))));
  }

  static List<Doc> read(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      String sentence1 = row.str("sentence1");
      int start1 = row.integer("start1");
      int end1 = row.integer("end1");
      if (start1 < 0 || end1 < start1 || end1 > PyStr.len(sentence1)) {
        throw row.error(
            "end1",
            "span ["
                + start1
                + ", "
                + end1
                + ") is not inside sentence1 of length "
                + PyStr.len(sentence1));
      }
      docs.add(new Doc(sentence1, row.str("sentence2"), start1, end1, row.bool("label")));
    }
    return docs;
  }

  @Override
  public String docToText(Doc doc) {
    return "Sentence 1: "
        + doc.sentence1()
        + "\nSentence 2: "
        + doc.sentence2()
        + "\nQuestion: Is the word '"
        + PyStr.slice(doc.sentence1(), doc.start1(), doc.end1())
        + "' used in the same way in the two sentences above?\nAnswer:";
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
