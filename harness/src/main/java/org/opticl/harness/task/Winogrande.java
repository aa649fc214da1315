package org.opticl.harness.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.metrics.Metrics;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * WinoGrande (harness {@code winogrande}, HF config {@code winogrande_xl}, version 0) with partial
 * scoring: the blank is filled with each option in the <em>context</em> and the shared rest of the
 * sentence is the scored continuation. The harness builds each option's context by splitting the
 * few-shot context on "\n\n" and replacing its last part, reproduced here literally.
 */
public final class Winogrande extends BaseTask<Winogrande.Doc> {
  /** One WinoGrande sentence with a "_" blank; answer is "1" or "2". */
  public record Doc(String sentence, String option1, String option2, String answer) {}

  Winogrande() {
    super(
        "winogrande",
        0,
        Split.VALIDATION,
        Map.of(
            Split.VALIDATION,
            List.of(
                new FileSource<>(
                    "dev.jsonl", "WinoGrande 1.1 release (+ dev-labels.lst)", Winogrande::read),
                new FileSource<>("validation.jsonl", "Hugging Face export", Winogrande::read)),
            Split.TRAIN,
            List.of(
                new FileSource<>(
                    "train_xl.jsonl",
                    "WinoGrande 1.1 release (+ train_xl-labels.lst)",
                    Winogrande::read),
                new FileSource<>(
                    "train.jsonl", "Hugging Face winogrande_xl export", Winogrande::read),
                new FileSource<>(
                    "train_l.jsonl",
                    "fallback, NOT lm-eval's xl: demonstrations differ from the original",
                    Winogrande::read),
                new FileSource<>("train_m.jsonl", "fallback, NOT lm-eval's xl", Winogrande::read),
                new FileSource<>("train_s.jsonl", "fallback, NOT lm-eval's xl", Winogrande::read),
                new FileSource<>(
                    "train_xs.jsonl", "fallback, NOT lm-eval's xl", Winogrande::read))));
  }

  /** Records {qID, sentence, option1, option2, answer}; a sibling labels list overrides answer. */
  static List<Doc> read(Path file) {
    List<Row> rows = DataFiles.jsonl(file);
    String base = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
    Path labelsFile = file.resolveSibling(base + "-labels.lst");
    List<String> labels =
        Files.isRegularFile(labelsFile) ? DataFiles.labels(labelsFile, rows.size(), file) : null;
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      String sentence = row.str("sentence");
      if (sentence.indexOf('_') < 0) {
        throw row.error("sentence", "has no \"_\" blank: \"" + sentence + "\"");
      }
      String answer = labels != null ? labels.get(i) : row.str("answer");
      if (!answer.equals("1") && !answer.equals("2")) {
        throw labels != null
            ? new TaskDataException(
                labelsFile + ":" + (i + 1) + ": expected answer 1 or 2, found \"" + answer + "\"")
            : row.error("answer", "expected \"1\" or \"2\", found \"" + answer + "\"");
      }
      docs.add(new Doc(sentence, row.str("option1"), row.str("option2"), answer));
    }
    return docs;
  }

  private static String partialContext(Doc doc, String option) {
    return doc.sentence().substring(0, doc.sentence().indexOf('_')) + option;
  }

  private static String partialTarget(Doc doc) {
    return " " + PyStr.strip(doc.sentence().substring(doc.sentence().indexOf('_') + 1));
  }

  private static String option(Doc doc, String answer) {
    return answer.equals("1") ? doc.option1() : doc.option2();
  }

  @Override
  public String docToText(Doc doc) {
    return partialContext(doc, option(doc, doc.answer()));
  }

  @Override
  public String docToTarget(Doc doc) {
    return partialTarget(doc);
  }

  /** The original's {@code append_context}: drop the last "\n\n" part, append the option's. */
  static String appendContext(String context, String partialContext) {
    List<String> parts = new ArrayList<>(PyStr.split(context, "\n\n"));
    parts.remove(parts.size() - 1);
    if (parts.isEmpty()) {
      return partialContext;
    }
    parts.add(partialContext);
    return String.join("\n\n", parts);
  }

  @Override
  public List<TextRequest> requests(Doc doc, String context) {
    String target = partialTarget(doc);
    return List.of(
        new TextRequest(appendContext(context, partialContext(doc, doc.option1())), target),
        new TextRequest(appendContext(context, partialContext(doc, doc.option2())), target));
  }

  @Override
  public List<Integer> gold(Doc doc) {
    return List.of(doc.answer().equals("1") ? 0 : 1);
  }

  @Override
  public DocResult score(Doc doc, List<Loglikelihood> results) {
    int prediction = Metrics.argmax(results.stream().mapToDouble(Loglikelihood::logprob).toArray());
    int gold = doc.answer().equals("1") ? 0 : 1;
    return new DocResult(Map.of("acc", prediction == gold ? 1.0 : 0.0), prediction, gold, "");
  }

  @Override
  public List<MetricSpec> metrics() {
    return List.of(MetricSpec.mean("acc"));
  }
}
