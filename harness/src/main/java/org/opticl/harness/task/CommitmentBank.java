package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.Aggregation;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.metrics.Metrics;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * SuperGLUE CommitmentBank (harness {@code cb}, version 1): " True"/" False"/" Neither" for
 * entailment/contradiction/neutral; {@code acc} and the harness's macro F1 over the three classes.
 */
public final class CommitmentBank extends BaseTask<CommitmentBank.Doc> {
  /** One premise–hypothesis pair; label 0 entailment, 1 contradiction, 2 neutral. */
  public record Doc(String premise, String hypothesis, int label) {}

  private static final List<String> LABELS = List.of("entailment", "contradiction", "neutral");
  private static final List<String> ANSWERS = List.of(" True", " False", " Neither");

  CommitmentBank() {
    super(
        "cb",
        1,
        Split.VALIDATION,
        Map.of(
            Split.VALIDATION,
            List.of(
                new FileSource<>("val.jsonl", "SuperGLUE release", CommitmentBank::read),
                new FileSource<>("validation.jsonl", "Hugging Face export", CommitmentBank::read)),
            Split.TRAIN,
            List.of(
                new FileSource<>(
                    "train.jsonl",
                    "SuperGLUE release or Hugging Face export",
                    CommitmentBank::read))));
  }

  static List<Doc> read(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      int label =
          row.node().path("label").isTextual()
              ? row.oneOf("label", LABELS)
              : ChoiceReaders.goldIndex(row, "label", 3);
      docs.add(new Doc(row.str("premise"), row.str("hypothesis"), label));
    }
    return docs;
  }

  @Override
  public String docToText(Doc doc) {
    return doc.premise() + "\nQuestion: " + doc.hypothesis() + ". True, False or Neither?\nAnswer:";
  }

  @Override
  public String docToTarget(Doc doc) {
    return ANSWERS.get(doc.label());
  }

  @Override
  public List<TextRequest> requests(Doc doc, String context) {
    return ANSWERS.stream().map(a -> new TextRequest(context, a)).toList();
  }

  @Override
  public List<Integer> gold(Doc doc) {
    return List.of(doc.label());
  }

  @Override
  public DocResult score(Doc doc, List<Loglikelihood> results) {
    int prediction = Metrics.argmax(results.stream().mapToDouble(Loglikelihood::logprob).toArray());
    double acc = prediction == doc.label() ? 1.0 : 0.0;
    return new DocResult(Map.of("acc", acc), prediction, doc.label(), "");
  }

  @Override
  public List<MetricSpec> metrics() {
    return List.of(MetricSpec.mean("acc"), new MetricSpec("f1", Aggregation.MACRO_F1, true));
  }
}
