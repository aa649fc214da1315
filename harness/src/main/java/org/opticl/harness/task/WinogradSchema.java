package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * SuperGLUE WSC, binary form (harness {@code wsc}, version 0): does the starred pronoun refer to
 * the noun? The harness loads HF config {@code wsc}, not {@code wsc.fixed}, so span texts are used
 * as released; demonstrations come only from positive training examples (GPT-3's format).
 */
public final class WinogradSchema extends BaseTask<WinogradSchema.Doc> {
  /** One WSC item; span indices count words of {@code text.split()}. */
  public record Doc(
      String text,
      int span1Index,
      int span2Index,
      String span1Text,
      String span2Text,
      boolean label) {}

  WinogradSchema() {
    super(
        "wsc",
        0,
        Split.VALIDATION,
        Map.of(
            Split.VALIDATION,
            List.of(
                new FileSource<>("val.jsonl", "SuperGLUE release", WinogradSchema::read),
                new FileSource<>("validation.jsonl", "Hugging Face export", WinogradSchema::read)),
            Split.TRAIN,
            List.of(
                new FileSource<>(
                    "train.jsonl",
                    "SuperGLUE release or Hugging Face export; only label=true items are used",
                    file -> read(file).stream().filter(Doc::label).toList()))));
  }

  /** SuperGLUE records keep the spans in a nested {@code target} object, HF exports flatten it. */
  static List<Doc> read(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      Row spans = row.has("target") ? row.object("target") : row;
      String text = row.str("text");
      int span2Index = spans.integer("span2_index");
      if (span2Index < 0) {
        throw spans.error("span2_index", "expected a word index >= 0, found " + span2Index);
      }
      docs.add(
          new Doc(
              text,
              spans.integer("span1_index"),
              span2Index,
              spans.str("span1_text"),
              spans.str("span2_text"),
              row.bool("label")));
    }
    return docs;
  }

  @Override
  public String docToText(Doc doc) {
    String raw = doc.text();
    List<String> words = PyStr.split(raw);
    String pre = String.join(" ", words.subList(0, Math.min(doc.span2Index(), words.size())));
    String post = PyStr.slice(raw, PyStr.len(pre) + PyStr.len(doc.span2Text()) + 1);
    String passage = PyStr.generalDetokenize(pre + " *" + doc.span2Text() + "*" + post);
    return "Passage: "
        + passage
        + "\nQuestion: In the passage above, does the pronoun \"*"
        + doc.span2Text()
        + "*\" refer to \"*"
        + doc.span1Text()
        + "*\"?\nAnswer:";
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
