package org.opticl.harness.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readers that turn the multiple-choice datasets' files into {@link ChoiceDoc}s exactly as the
 * Hugging Face loaders plus lm-eval's {@code _process_doc} did at harness commit 11fa0bf. Each
 * JSONL reader accepts both the original release's record layout and the layout of a Hugging Face
 * {@code datasets} export, recognised per record by its fields.
 */
final class ChoiceReaders {
  private ChoiceReaders() {}

  private static final List<String> LETTERS = List.of("A", "B", "C", "D", "E");

  // --- HellaSwag ---

  private static final Pattern BRACKETS = Pattern.compile("\\[.*?\\]", Pattern.UNIX_LINES);

  /** HellaSwag's {@code preprocess}: WikiHow bracket artefacts removed, double spaces halved. */
  static String hellaswagPreprocess(String text) {
    text = PyStr.strip(text);
    text = text.replace(" [title]", ". ");
    text = BRACKETS.matcher(text).replaceAll("");
    return text.replace("  ", " ");
  }

  /** Raw HellaSwag JSONL (rowanz release or HF export): activity_label, ctx_a, ctx_b, endings. */
  static List<ChoiceDoc> hellaswagJsonl(Path file) {
    List<ChoiceDoc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      String ctx = row.str("ctx_a") + " " + PyStr.capitalize(row.str("ctx_b"));
      String query = hellaswagPreprocess(row.str("activity_label") + ": " + ctx);
      List<String> endings = new ArrayList<>();
      for (String ending : row.strings("endings")) {
        endings.add(hellaswagPreprocess(ending));
      }
      docs.add(new ChoiceDoc(query, endings, goldIndex(row, "label", endings.size())));
    }
    return docs;
  }

  /**
   * The 6-lines-per-item text export ({@code hellaswag_val_full.txt}): "activity_label: ctx", the
   * label, four endings. An approximation of the raw data: its ctx is {@code ctx_a + " " + ctx_b}
   * with ctx_b not capitalised, so queries can differ from lm-eval's in that one letter.
   */
  static List<ChoiceDoc> hellaswagText(Path file) {
    List<String> lines = DataFiles.lines(file);
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    if (lines.size() % 6 != 0) {
      throw new TaskDataException(
          file
              + ": has "
              + lines.size()
              + " lines, expected a multiple of 6 (context, label, 4 endings per item)");
    }
    List<ChoiceDoc> docs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i += 6) {
      String label = lines.get(i + 1).strip();
      if (!label.matches("[0-3]")) {
        throw new TaskDataException(
            file + ":" + (i + 2) + ": label: expected 0, 1, 2 or 3, found \"" + label + "\"");
      }
      List<String> endings = new ArrayList<>();
      for (int e = 0; e < 4; e++) {
        endings.add(hellaswagPreprocess(lines.get(i + 2 + e)));
      }
      docs.add(new ChoiceDoc(hellaswagPreprocess(lines.get(i)), endings, Integer.parseInt(label)));
    }
    return docs;
  }

  // --- PIQA ---

  /**
   * PIQA: {@code <split>.jsonl} (goal, sol1, sol2) with labels from {@code <split>-labels.lst} when
   * that file exists (the release), else from each record's {@code label} field (HF export).
   */
  static List<ChoiceDoc> piqa(Path file) {
    List<Row> rows = DataFiles.jsonl(file);
    String base = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
    Path labelsFile = file.resolveSibling(base + "-labels.lst");
    List<String> labels =
        Files.isRegularFile(labelsFile) ? DataFiles.labels(labelsFile, rows.size(), file) : null;
    List<ChoiceDoc> docs = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      int gold;
      if (labels != null) {
        if (!labels.get(i).matches("[01]")) {
          throw new TaskDataException(
              labelsFile
                  + ":"
                  + (i + 1)
                  + ": expected label 0 or 1, found \""
                  + labels.get(i)
                  + "\"");
        }
        gold = Integer.parseInt(labels.get(i));
      } else {
        gold = goldIndex(row, "label", 2);
      }
      docs.add(
          new ChoiceDoc(
              "Question: " + row.str("goal") + "\nAnswer:",
              List.of(row.str("sol1"), row.str("sol2")),
              gold));
    }
    return docs;
  }

  // --- ARC ---

  /**
   * ARC: AI2 records {@code {id, question: {stem, choices: [{text, label}]}, answerKey}} or HF
   * records {@code {id, question, choices: {text: [...], label: [...]}, answerKey}}; numeric answer
   * keys 1–5 map to A–E, the gold index is the key's position in A–E (option labels are ignored, as
   * in lm-eval).
   */
  static List<ChoiceDoc> arc(Path file) {
    List<ChoiceDoc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      StemAndChoices q = stemAndChoices(row);
      String key = row.str("answerKey");
      String letter =
          switch (key) {
            case "1" -> "A";
            case "2" -> "B";
            case "3" -> "C";
            case "4" -> "D";
            case "5" -> "E";
            default -> key;
          };
      int gold = LETTERS.indexOf(letter);
      if (gold < 0) {
        throw row.error("answerKey", "expected A-E or 1-5, found \"" + key + "\"");
      }
      docs.add(new ChoiceDoc("Question: " + q.stem() + "\nAnswer:", q.choices(), gold));
    }
    return docs;
  }

  private record StemAndChoices(String stem, List<String> choices) {}

  /** The AI2 nested question object, or the HF flat {@code question(_stem)} + {@code choices}. */
  private static StemAndChoices stemAndChoices(Row row) {
    if (row.has("question") && row.node().get("question").isObject()) {
      Row question = row.object("question");
      List<String> texts = new ArrayList<>();
      for (Row choice : question.objects("choices")) {
        texts.add(choice.str("text"));
      }
      return new StemAndChoices(question.str("stem"), texts);
    }
    String stemField = row.has("question_stem") ? "question_stem" : "question";
    return new StemAndChoices(row.str(stemField), row.object("choices").strings("text"));
  }

  // --- OpenBookQA ---

  /**
   * OpenBookQA JSONL: AI2 release records or HF {@code {id, question_stem, choices, answerKey}}.
   */
  static List<ChoiceDoc> openbookqaJsonl(Path file) {
    List<ChoiceDoc> docs = new ArrayList<>();
    for (Row row : DataFiles.jsonl(file)) {
      StemAndChoices q = stemAndChoices(row);
      docs.add(new ChoiceDoc(q.stem(), q.choices(), openbookqaGold(row, "answerKey")));
    }
    return docs;
  }

  /**
   * OpenBookQA TSV ({@code ID, Question Stem, Choices, Complete Question, Answer Key}); the choices
   * cell "(A) x (B) y (C) z (D) w" is split from the right, since an option text may itself contain
   * an earlier letter's marker (train item 7-1046 has "(D)" inside option C).
   */
  static List<ChoiceDoc> openbookqaTsv(Path file) {
    List<ChoiceDoc> docs = new ArrayList<>();
    for (Row row : DataFiles.tsv(file, List.of("ID", "Question Stem", "Choices", "Answer Key"))) {
      docs.add(
          new ChoiceDoc(
              row.str("Question Stem"),
              splitLetteredChoices(row, "Choices"),
              openbookqaGold(row, "Answer Key")));
    }
    return docs;
  }

  private static List<String> splitLetteredChoices(Row row, String field) {
    String cell = row.str(field);
    String[] texts = new String[4];
    int end = cell.length();
    for (int i = 3; i >= 0; i--) {
      String marker = "(" + LETTERS.get(i) + ") ";
      int at = i == 0 ? (cell.startsWith(marker) ? 0 : -1) : cell.lastIndexOf(" " + marker, end);
      if (at < 0 || at >= end) {
        throw row.error(field, "expected \"(A) .. (B) .. (C) .. (D) ..\", found \"" + cell + "\"");
      }
      int textStart = at + (i == 0 ? marker.length() : marker.length() + 1);
      texts[i] = cell.substring(textStart, end);
      end = at;
    }
    return List.of(texts);
  }

  private static int openbookqaGold(Row row, String field) {
    String key = PyStr.strip(row.str(field));
    int gold = LETTERS.subList(0, 4).indexOf(key);
    if (gold < 0) {
      throw row.error(field, "expected A, B, C or D, found \"" + key + "\"");
    }
    return gold;
  }

  // --- MathQA ---

  private static final Pattern MATHQA_OPTION =
      Pattern.compile("[abcd] \\) .*?, |e \\) .*?$", Pattern.UNIX_LINES);

  /** MathQA's option parsing: "a ) 38 , b ) 27.675 , ..." → ["38", "27.675", ...]. */
  static List<String> mathqaChoices(String options) {
    List<String> choices = new ArrayList<>();
    Matcher m = MATHQA_OPTION.matcher(options);
    while (m.find()) {
      choices.add(PyStr.rstrip(PyStr.slice(m.group(), 4), " ,"));
    }
    return choices;
  }

  /** MathQA records (a JSON array in the release's {@code test.json}, or JSONL). */
  static List<ChoiceDoc> mathqa(List<Row> rows) {
    List<ChoiceDoc> docs = new ArrayList<>();
    for (Row row : rows) {
      int gold = row.oneOf("correct", List.of("a", "b", "c", "d", "e"));
      docs.add(
          new ChoiceDoc(
              "Question: " + row.str("Problem") + "\nAnswer:",
              mathqaChoices(row.str("options")),
              gold));
    }
    return docs;
  }

  /** An integer label in [0, n) (JSON integer or digit string, as HF exports write ClassLabels). */
  static int goldIndex(Row row, String field, int n) {
    int gold = row.integer(field);
    if (gold < 0 || gold >= n) {
      throw row.error(field, "expected a label in [0, " + (n - 1) + "], found " + gold);
    }
    return gold;
  }
}
