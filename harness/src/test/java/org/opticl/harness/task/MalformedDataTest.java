package org.opticl.harness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.harness.prompt.PromptBuilder;

/** Every way task data can be missing or malformed fails with the file, line and field. */
class MalformedDataTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private String loadError(String task, Split split) {
    return assertThrows(
            TaskDataException.class, () -> TaskRegistry.get(task).load(dir, split).docs())
        .getMessage();
  }

  @Test
  void missingFilesListWhatWouldBeRead() {
    assertEquals(
        "piqa: no validation data in "
            + dir
            + "; expected one of: valid.jsonl (PIQA release, labels in valid-labels.lst);"
            + " validation.jsonl (Hugging Face export)",
        loadError("piqa", Split.VALIDATION));
  }

  @Test
  void aSplitTheTaskDoesNotHaveIsNamed() {
    assertEquals("lambada has no train split", loadError("lambada", Split.TRAIN));
  }

  @Test
  void invalidJsonNamesFileAndLine() throws IOException {
    Path f = write("val.jsonl", "{\"premise\": \"a\"}\n\n{oops\n");
    assertEquals(
        f
            + ":3: not valid JSON (Unexpected character ('o' (code 111)): was expecting double-quote"
            + " to start field name)",
        loadError("cb", Split.VALIDATION));
  }

  @Test
  void aNonObjectLineIsRejected() throws IOException {
    Path f = write("val.jsonl", "[1, 2]\n");
    assertEquals(
        f + ":1: expected a JSON object per line, found [1,2]",
        loadError("boolq", Split.VALIDATION));
  }

  @Test
  void aMissingFieldIsNamedWithTheFieldsPresent() throws IOException {
    Path f = write("val.jsonl", "{\"premise\": \"p\", \"label\": \"neutral\"}\n");
    assertEquals(
        f + ":1: field 'hypothesis': missing (the record has fields [premise, label])",
        loadError("cb", Split.VALIDATION));
  }

  @Test
  void aWrongLabelNamesTheAllowedValues() throws IOException {
    Path f =
        write("val.jsonl", "{\"premise\": \"p\", \"hypothesis\": \"h\", \"label\": \"maybe\"}\n");
    assertEquals(
        f
            + ":1: field 'label': expected one of [entailment, contradiction, neutral], found \"maybe\"",
        loadError("cb", Split.VALIDATION));
  }

  @Test
  void aWrongTypeIsReported() throws IOException {
    Path f =
        write(
            "val.jsonl",
            "{\"question\": \"q\", \"passage\": \"p\", \"label\": \"perhaps\", \"idx\": 0}\n");
    assertEquals(
        f + ":1: field 'label': expected a boolean (true/false or 1/0), found \"perhaps\"",
        loadError("boolq", Split.VALIDATION));
  }

  @Test
  void nestedFieldsAreNamedByTheirPath() throws IOException {
    Path f =
        write(
            "val.jsonl",
            "{\"idx\": 0, \"passage\": {\"text\": \"t\", \"questions\": [{\"question\": \"q\","
                + " \"idx\": 0, \"answers\": [{\"text\": \"a\", \"idx\": 0}]}]}}\n");
    assertEquals(
        f
            + ":1: field 'passage.questions[0].answers[0].label': missing (the record has fields"
            + " [text, idx])",
        loadError("multirc", Split.VALIDATION));
  }

  @Test
  void labelListsMustAlignWithTheirRecords() throws IOException {
    Path f = write("valid.jsonl", "{\"goal\": \"g\", \"sol1\": \"a\", \"sol2\": \"b\"}\n");
    Path labels = write("valid-labels.lst", "0\n1\n");
    assertEquals(
        labels
            + ": has 2 labels but valid.jsonl has 1 records; the two files must align line by line",
        loadError("piqa", Split.VALIDATION));
    write("valid-labels.lst", "2\n");
    assertEquals(
        labels + ":1: expected label 0 or 1, found \"2\"", loadError("piqa", Split.VALIDATION));
  }

  @Test
  void tsvRowsMustHaveTheHeadersColumns() throws IOException {
    Path f = write("dev.tsv", "index\tsentence1\tsentence2\tlabel\n0\ta\tb\n");
    assertEquals(
        f + ":2: expected 4 tab-separated fields [index, sentence1, sentence2, label], found 3",
        loadError("rte", Split.VALIDATION));
    write("dev.tsv", "index\tsentence1\tlabel\n");
    assertEquals(
        f + ":1: header [index, sentence1, label] lacks column 'sentence2'",
        loadError("rte", Split.VALIDATION));
  }

  @Test
  void openbookqaChoicesMustBeLettered() throws IOException {
    Path f =
        write(
            "test.tsv",
            "ID\tQuestion Stem\tChoices\tComplete Question\tAnswer Key\n"
                + "1\tq\t(A) x (B) y (D) w\tq\tA\n");
    assertEquals(
        f
            + ":2: field 'Choices': expected \"(A) .. (B) .. (C) .. (D) ..\", found \"(A) x (B) y (D)"
            + " w\"",
        loadError("openbookqa", Split.TEST));
  }

  @Test
  void arcAnswerKeysOutsideAToEAreRejected() throws IOException {
    Path f =
        write(
            "ARC-Easy-Test.jsonl",
            "{\"id\": \"x\", \"question\": {\"stem\": \"s\", \"choices\": [{\"text\": \"a\","
                + " \"label\": \"A\"}]}, \"answerKey\": \"F\"}\n");
    assertEquals(
        f + ":1: field 'answerKey': expected A-E or 1-5, found \"F\"",
        loadError("arc_easy", Split.TEST));
  }

  @Test
  void hellaswagTextExportMustHaveSixLinesPerItem() throws IOException {
    Path f = write("hellaswag_val_full.txt", "ctx\n3\na\nb\nc\n");
    assertEquals(
        f + ": has 5 lines, expected a multiple of 6 (context, label, 4 endings per item)",
        loadError("hellaswag", Split.VALIDATION));
    write("hellaswag_val_full.txt", "ctx\nx\na\nb\nc\nd\n");
    assertEquals(
        f + ":2: label: expected 0, 1, 2 or 3, found \"x\"",
        loadError("hellaswag", Split.VALIDATION));
  }

  @Test
  void mathqaReleaseFilesMustBeAJsonArray() throws IOException {
    Path f = write("test.json", "{\"Problem\": \"p\"}");
    assertEquals(f + ":1: expected a JSON array of objects", loadError("mathqa", Split.TEST));
    write("test.json", "[\n{\"Problem\": \"p\", \"options\": \"a ) 1\", \"correct\": \"z\"}\n]");
    assertEquals(
        f + ":2: field 'correct': expected one of [a, b, c, d, e], found \"z\"",
        loadError("mathqa", Split.TEST));
  }

  @Test
  void winograndeSentencesNeedABlankAndAnAnswer() throws IOException {
    Path f =
        write(
            "dev.jsonl",
            "{\"sentence\": \"no blank\", \"option1\": \"a\", \"option2\": \"b\", \"answer\": \"1\"}\n");
    assertEquals(
        f + ":1: field 'sentence': has no \"_\" blank: \"no blank\"",
        loadError("winogrande", Split.VALIDATION));
    write(
        "dev.jsonl",
        "{\"sentence\": \"a _ b\", \"option1\": \"a\", \"option2\": \"b\", \"answer\": \"3\"}\n");
    assertEquals(
        f + ":1: field 'answer': expected \"1\" or \"2\", found \"3\"",
        loadError("winogrande", Split.VALIDATION));
  }

  @Test
  void lambadaTextsNeedALastWord() throws IOException {
    Path f = write("lambada_test.jsonl", "{\"text\": \"single\"}\n");
    assertEquals(
        f + ":1: field 'text': has no space to split off the last word: \"single\"",
        loadError("lambada", Split.VALIDATION));
  }

  @Test
  void recordEntitySpansMustLieInsideThePassage() throws IOException {
    Path f =
        write(
            "val.jsonl",
            "{\"idx\": 0, \"passage\": {\"text\": \"abc\", \"entities\": [{\"start\": 1, \"end\":"
                + " 5}]}, \"qas\": []}\n");
    assertEquals(
        f
            + ":1: field 'passage.entities[0].end': entity span [1, 5] is outside the passage of"
            + " length 3",
        loadError("record", Split.VALIDATION));
  }

  @Test
  void copaChoicesMustNotBeEmpty() throws IOException {
    Path f =
        write(
            "val.jsonl",
            "{\"premise\": \"p\", \"choice1\": \"a\", \"choice2\": \"\", \"question\":"
                + " \"cause\", \"label\": 0}\n");
    String m = loadError("copa", Split.VALIDATION);
    assertTrue(m.startsWith(f + ":1: field 'choice2'") && m.contains("must not be empty"), m);
  }

  @Test
  void recordNeedsCandidateEntitiesInBothFormats() throws IOException {
    Path f =
        write(
            "val.jsonl",
            "{\"idx\": 0, \"passage\": {\"text\": \"abc\", \"entities\": []}, \"qas\": []}\n");
    String release = loadError("record", Split.VALIDATION);
    assertTrue(release.startsWith(f + ":1:") && release.contains("no candidate entities"), release);
    Files.delete(f);
    Path hf =
        write(
            "validation.jsonl",
            "{\"passage\": \"p\", \"query\": \"q @placeholder\", \"entities\": [],"
                + " \"answers\": []}\n");
    String export = loadError("record", Split.VALIDATION);
    assertTrue(export.startsWith(hf + ":1: field 'entities'"), export);
  }

  @Test
  void wscPronounIndicesMustBeWordIndices() throws IOException {
    Path f =
        write(
            "val.jsonl",
            "{\"text\": \"a b c\", \"target\": {\"span1_index\": 0, \"span2_index\": -1,"
                + " \"span1_text\": \"a\", \"span2_text\": \"c\"}, \"label\": true}\n");
    String m = loadError("wsc", Split.VALIDATION);
    assertTrue(m.startsWith(f + ":1: field 'target.span2_index'") && m.contains("found -1"), m);
  }

  @Test
  void wicSpansMustLieInsideTheFirstSentence() throws IOException {
    Path f =
        write(
            "val.jsonl",
            "{\"word\": \"w\", \"sentence1\": \"ab\", \"sentence2\": \"c\", \"start1\": 0,"
                + " \"end1\": 9, \"label\": true}\n");
    assertEquals(
        f + ":1: field 'end1': span [0, 9) is not inside sentence1 of length 2",
        loadError("wic", Split.VALIDATION));
  }

  @Test
  void invalidUtf8IsReportedAgainstTheFile() throws IOException {
    Path f = dir.resolve("val.jsonl");
    Files.write(f, new byte[] {'{', (byte) 0xff, '}', '\n'});
    String message = loadError("copa", Split.VALIDATION);
    assertEquals(true, message.startsWith(f + ": not valid UTF-8 text"), message);
  }

  @Test
  void askingForMoreDemonstrationsThanExistIsAnError() throws IOException {
    write(
        "val.jsonl",
        "{\"premise\": \"p.\", \"choice1\": \"A\", \"choice2\": \"B\", \"question\": \"cause\","
            + " \"label\": 0}\n");
    Files.copy(dir.resolve("val.jsonl"), dir.resolve("train.jsonl"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PromptBuilder.build(TaskRegistry.get("copa"), dir, 2, OptionalInt.empty(), ""));
    assertEquals("copa: cannot sample 2 demonstrations from 1 train documents", e.getMessage());
  }

  @Test
  void zeroShotNeedsNoTrainingFiles() throws IOException {
    write(
        "val.jsonl",
        "{\"premise\": \"p.\", \"choice1\": \"A\", \"choice2\": \"B\", \"question\": \"cause\","
            + " \"label\": 0}\n");
    assertEquals(
        1, PromptBuilder.build(TaskRegistry.get("copa"), dir, 0, OptionalInt.empty(), "").size());
    TaskDataException e =
        assertThrows(
            TaskDataException.class,
            () -> PromptBuilder.build(TaskRegistry.get("copa"), dir, 1, OptionalInt.empty(), ""));
    assertEquals(
        "copa: no train data in "
            + dir
            + "; expected one of: train.jsonl (SuperGLUE release or Hugging Face export)",
        e.getMessage());
  }

  @Test
  void unknownTasksListTheValidNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaskRegistry.get("superglue"));
    assertEquals(
        "unknown task 'superglue'; valid tasks: hellaswag, piqa, arc_easy, arc_challenge,"
            + " openbookqa, winogrande, boolq, cb, copa, wic, wsc, multirc, rte, record, lambada,"
            + " mathqa, synthetic_induction, synthetic_kv",
        e.getMessage());
  }
}
