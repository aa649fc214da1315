package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * RTE as the harness's {@code rte} defines it (the GLUE version, {@code glue.RTE}, version 0): "
 * True" for entailment, " False" otherwise; predicts not-entailment iff ll(" False") > ll(" True").
 * GLUE's TSV keeps quote characters that SuperGLUE's JSONL strips from about 3% of items, so the
 * GLUE files are preferred; SuperGLUE files are accepted as a fallback.
 */
public final class Rte extends BaseTask<Rte.Doc> {
  /** One sentence pair; label 0 entailment, 1 not_entailment. */
  public record Doc(String sentence1, String sentence2, int label) {}

  private static final List<String> LABELS = List.of("entailment", "not_entailment");

  Rte() {
    super(
        "rte",
        0,
        Split.VALIDATION,
        Map.of(
            Split.VALIDATION,
            List.of(
                new FileSource<>("dev.tsv", "GLUE release", Rte::readTsv),
                new FileSource<>(
                    "validation.jsonl", "Hugging Face glue/rte export", Rte::readJsonl),
                new FileSource<>(
                    "val.jsonl", "SuperGLUE release; quotes differ from GLUE", Rte::readJsonl)),
            Split.TRAIN,
            List.of(
                new FileSource<>("train.tsv", "GLUE release", Rte::readTsv),
                new FileSource<>(
                    "train.jsonl",
                    "Hugging Face glue/rte export, or SuperGLUE release (quotes differ from GLUE)",
                    Rte::readJsonl))));
  }

  static List<Doc> readTsv(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Row row : DataFiles.tsv(file, List.of("sentence1", "sentence2", "label"))) {
      docs.add(new Doc(row.str("sentence1"), row.str("sentence2"), row.oneOf("label", LABELS)));
    }
    return docs;
  }

  /** HF glue exports: sentence1/sentence2/int label; SuperGLUE: premise/hypothesis/string label. */
  static List<Doc> readJsonl(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      boolean glue = row.has("sentence1");
      int label =
          row.node().path("label").isTextual()
              ? row.oneOf("label", LABELS)
              : ChoiceReaders.goldIndex(row, "label", 2);
      docs.add(
          new Doc(
              row.str(glue ? "sentence1" : "premise"),
              row.str(glue ? "sentence2" : "hypothesis"),
              label));
    }
    return docs;
  }

  @Override
  public String docToText(Doc doc) {
    return doc.sentence1() + "\nQuestion: " + doc.sentence2() + " True or False?\nAnswer:";
  }

  @Override
  public String docToTarget(Doc doc) {
    return doc.label() == 0 ? " True" : " False";
  }

  @Override
  public List<TextRequest> requests(Doc doc, String context) {
    return List.of(new TextRequest(context, " True"), new TextRequest(context, " False"));
  }

  @Override
  public List<Integer> gold(Doc doc) {
    return List.of(doc.label());
  }

  @Override
  public DocResult score(Doc doc, List<Loglikelihood> results) {
    int prediction = results.get(1).logprob() > results.get(0).logprob() ? 1 : 0;
    return new DocResult(
        Map.of("acc", prediction == doc.label() ? 1.0 : 0.0), prediction, doc.label(), "");
  }

  @Override
  public List<MetricSpec> metrics() {
    return List.of(MetricSpec.mean("acc"));
  }
}
