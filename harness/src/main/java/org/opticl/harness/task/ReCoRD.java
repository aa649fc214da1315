package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.metrics.Metrics;
import org.opticl.harness.metrics.SquadMetrics;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * SuperGLUE ReCoRD (harness {@code record}, version 0): the passage with its highlights as " -
 * highlight." lines, then one request per candidate entity, the cloze query with the entity in
 * place of {@code @placeholder}; the top entity is scored by SQuAD exact match and token F1 against
 * the gold answers (max over golds). Entities and answers are de-duplicated and sorted.
 */
public final class ReCoRD extends BaseTask<ReCoRD.Doc> {
  /** One cloze query over a passage; entities and answers sorted by code point, unique. */
  public record Doc(String passage, String query, List<String> entities, List<String> answers) {
    public Doc {
      entities = List.copyOf(entities);
      answers = List.copyOf(answers);
    }
  }

  ReCoRD() {
    super(
        "record",
        0,
        Split.VALIDATION,
        Map.of(
            Split.VALIDATION,
            List.of(
                new FileSource<>("val.jsonl", "SuperGLUE release", ReCoRD::read),
                new FileSource<>("validation.jsonl", "Hugging Face export", ReCoRD::read)),
            Split.TRAIN,
            List.of(
                new FileSource<>(
                    "train.jsonl", "SuperGLUE release or Hugging Face export", ReCoRD::read))));
  }

  private static List<String> sortedUnique(List<String> values) {
    TreeSet<String> set = new TreeSet<>(PyStr.CODE_POINT_ORDER);
    set.addAll(values);
    return List.copyOf(set);
  }

  /**
   * The release has one line per passage with entity spans {@code [start, end]} (inclusive,
   * code-point offsets) and several queries; HF exports have one line per query with entity texts.
   */
  static List<Doc> read(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      if (row.has("query")) {
        List<String> entities = sortedUnique(row.strings("entities"));
        if (entities.isEmpty()) {
          throw row.error("entities", "no candidate entities");
        }
        docs.add(
            new Doc(
                row.str("passage"),
                row.str("query"),
                entities,
                sortedUnique(row.strings("answers"))));
        continue;
      }
      Row passage = row.object("passage");
      String text = passage.str("text");
      int length = PyStr.len(text);
      List<String> entityTexts = new ArrayList<>();
      for (Row entity : passage.objects("entities")) {
        int start = entity.integer("start");
        int end = entity.integer("end");
        if (start < 0 || end < start || end >= length) {
          throw entity.error(
              "end",
              "entity span ["
                  + start
                  + ", "
                  + end
                  + "] is outside the passage of length "
                  + length);
        }
        entityTexts.add(PyStr.slice(text, start, end + 1));
      }
      List<String> entities = sortedUnique(entityTexts);
      if (entities.isEmpty()) {
        throw passage.error("entities", "no candidate entities");
      }
      for (Row qa : row.objects("qas")) {
        List<String> answers = new ArrayList<>();
        if (qa.has("answers")) {
          for (Row answer : qa.objects("answers")) {
            answers.add(answer.str("text"));
          }
        }
        docs.add(new Doc(text, qa.str("query"), entities, sortedUnique(answers)));
      }
    }
    return docs;
  }

  private static String formatAnswer(String query, String entity) {
    return ("  - " + query).replace("@placeholder", entity);
  }

  @Override
  public String docToText(Doc doc) {
    List<String> parts = PyStr.split(PyStr.strip(doc.passage()), "\n@highlight\n");
    StringBuilder text = new StringBuilder(parts.get(0)).append("\n\n");
    for (String highlight : parts.subList(1, parts.size())) {
      text.append("  - ").append(highlight).append(".\n");
    }
    return text.toString();
  }

  /** Only the first gold answer is shown in a demonstration. */
  @Override
  public String docToTarget(Doc doc) {
    if (doc.answers().isEmpty()) {
      throw new IllegalArgumentException(
          "record: query \"" + doc.query() + "\" has no gold answer to use as a target");
    }
    return formatAnswer(doc.query(), doc.answers().get(0));
  }

  @Override
  public List<TextRequest> requests(Doc doc, String context) {
    return doc.entities().stream()
        .map(e -> new TextRequest(context, formatAnswer(doc.query(), e)))
        .toList();
  }

  @Override
  public List<Integer> gold(Doc doc) {
    List<Integer> gold = new ArrayList<>();
    for (int i = 0; i < doc.entities().size(); i++) {
      if (doc.answers().contains(doc.entities().get(i))) {
        gold.add(i);
      }
    }
    return gold;
  }

  @Override
  public boolean multipleGold() {
    return true;
  }

  @Override
  public DocResult score(Doc doc, List<Loglikelihood> results) {
    int best = Metrics.argmax(results.stream().mapToDouble(Loglikelihood::logprob).toArray());
    String prediction = doc.entities().get(best);
    return new DocResult(
        Map.of(
            "f1", SquadMetrics.maxF1(prediction, doc.answers()),
            "em", SquadMetrics.maxExact(prediction, doc.answers())),
        best,
        -1,
        "");
  }

  @Override
  public List<MetricSpec> metrics() {
    return List.of(MetricSpec.mean("f1"), MetricSpec.mean("em"));
  }
}
