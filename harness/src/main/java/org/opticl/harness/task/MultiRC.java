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
 * SuperGLUE MultiRC (harness {@code multirc}, version 1): one document per (question, candidate
 * answer), as HF flattens the nested release; the answer is judged by " {answer}\nIs the answer
 * correct? yes" vs "… no" and {@code acc} is {@code acc_all}: a question counts only if every one
 * of its answers is judged correctly.
 */
public final class MultiRC extends BaseTask<MultiRC.Doc> {
  /** One candidate answer with the ids that group answers into questions. */
  public record Doc(
      String paragraph,
      String question,
      String answer,
      boolean label,
      int paragraphIdx,
      int questionIdx,
      int answerIdx) {}

  MultiRC() {
    super(
        "multirc",
        1,
        Split.VALIDATION,
        Map.of(
            Split.VALIDATION,
            List.of(
                new FileSource<>("val.jsonl", "SuperGLUE release", MultiRC::read),
                new FileSource<>("validation.jsonl", "Hugging Face export", MultiRC::read)),
            Split.TRAIN,
            List.of(
                new FileSource<>(
                    "train.jsonl", "SuperGLUE release or Hugging Face export", MultiRC::read))));
  }

  /** The release nests passage → questions → answers; HF exports have one answer per line. */
  static List<Doc> read(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      if (row.has("paragraph")) {
        Row idx = row.object("idx");
        docs.add(
            new Doc(
                row.str("paragraph"),
                row.str("question"),
                row.str("answer"),
                row.bool("label"),
                idx.integer("paragraph"),
                idx.integer("question"),
                idx.integer("answer")));
        continue;
      }
      Row passage = row.object("passage");
      String paragraph = passage.str("text");
      int paragraphIdx = row.integer("idx");
      for (Row question : passage.objects("questions")) {
        for (Row answer : question.objects("answers")) {
          docs.add(
              new Doc(
                  paragraph,
                  question.str("question"),
                  answer.str("text"),
                  answer.bool("label"),
                  paragraphIdx,
                  question.integer("idx"),
                  answer.integer("idx")));
        }
      }
    }
    return docs;
  }

  private static String formatAnswer(String answer, boolean label) {
    return answer + "\nIs the answer correct? " + (label ? "yes" : "no");
  }

  @Override
  public String docToText(Doc doc) {
    return doc.paragraph() + "\nQuestion: " + doc.question() + "\nAnswer:";
  }

  @Override
  public String docToTarget(Doc doc) {
    return " " + formatAnswer(doc.answer(), doc.label());
  }

  @Override
  public List<TextRequest> requests(Doc doc, String context) {
    return List.of(
        new TextRequest(context, " " + formatAnswer(doc.answer(), true)),
        new TextRequest(context, " " + formatAnswer(doc.answer(), false)));
  }

  @Override
  public List<Integer> gold(Doc doc) {
    return List.of(doc.label() ? 0 : 1);
  }

  /** Prediction "correct" iff ll(yes) > ll(no), strictly; grouped by paragraph and question. */
  @Override
  public DocResult score(Doc doc, List<Loglikelihood> results) {
    boolean pred = results.get(0).logprob() > results.get(1).logprob();
    return new DocResult(
        Map.of("acc", pred == doc.label() ? 1.0 : 0.0),
        pred ? 0 : 1,
        doc.label() ? 0 : 1,
        doc.paragraphIdx() + ":" + doc.questionIdx());
  }

  @Override
  public List<MetricSpec> metrics() {
    return List.of(new MetricSpec("acc", Aggregation.ACC_ALL, true));
  }
}
