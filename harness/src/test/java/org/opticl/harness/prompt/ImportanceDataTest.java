package org.opticl.harness.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.harness.task.Variant;
import org.opticl.harness.testing.SharedData;

/**
 * Importance data: the seeded replacement of the original's unseeded pairing. Expected values were
 * printed by the original harness's task classes (11fa0bf) driven as documented in {@link
 * ImportanceData}: {@code rnd = random.Random(1234)}, {@code rnd.shuffle(range(n))}, then {@code
 * task.fewshot_context(doc, k, rnd=rnd)} per visited document, continuation {@code doc_to_cont} /
 * {@code doc_to_target} as in the paper's task files.
 */
class ImportanceDataTest {
  @TempDir Path tmp;

  private static <D> List<ImportanceExample> build(Task<D> task, Path dir, int shots) {
    return ImportanceData.build(task, dir, shots);
  }

  @Test
  void copaUsesTheTrainingSplitAndTheDemonstrationTarget() {
    List<ImportanceExample> ex =
        build(TaskRegistry.get("copa"), SharedData.require("datasets/copa"), 1);
    assertEquals(400, ex.size(), "COPA has 400 training docs, fewer than 2,500: all used");
    assertEquals(
        new ImportanceExample(
            333,
            "The doctor x-rayed the patient's arm therefore he discovered that the patient's arm"
                + " was broken.\n\nThe woman suffered amnesia because",
            " she got into a car accident."),
        ex.get(0));
    assertEquals(
        new ImportanceExample(
            229,
            "The woman was deemed mentally ill therefore she was sent to a psychiatric"
                + " institution.\n\nThe woman was wrongly convicted for the crime because",
            " she was framed."),
        ex.get(1));
  }

  @Test
  void arcContinuationLacksTheLeadingSpaceUnderParityOnly() {
    Path dir = SharedData.require("datasets/arc_easy");
    List<ImportanceExample> ex = build(TaskRegistry.get("arc_easy"), dir, 1);
    assertEquals(2251, ex.size());
    assertEquals(1514, ex.get(0).doc());
    assertEquals(
        "Question: Which of these will best separate iron filings from sand?\nAnswer: a magnet\n\n"
            + "Question: The formation of diamonds requires tremendous pressure that is generated\n"
            + "Answer:",
        ex.get(0).context());
    assertEquals("deep below the crust.", ex.get(0).continuation());
    assertEquals(new ImportanceExample(313, ex.get(1).context(), "ocean tides"), ex.get(1));
    assertEquals(
        " deep below the crust.",
        build(TaskRegistry.get("arc_easy", Variant.CORRECTED), dir, 1).get(0).continuation());
  }

  @Test
  void lambadaDrawsFromItsOwnSplitAndRemovesTheDocument() throws IOException {
    Path dir = tmp.resolve("lambada");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("lambada_test.jsonl"),
        String.join(
            "\n",
            "{\"text\": \"the cat sat on the mat\"}",
            "{\"text\": \"she opened the door and saw her brother\"}",
            "{\"text\": \"he paid with a golden coin\"}",
            "{\"text\": \"they sailed across the wide sea\"}"));
    List<ImportanceExample> ex = build(TaskRegistry.get("lambada"), dir, 2);
    assertEquals(
        List.of(
            new ImportanceExample(
                1,
                "the cat sat on the mat\n\nhe paid with a golden coin\n\nshe opened the door and"
                    + " saw her",
                " brother"),
            new ImportanceExample(
                2,
                "the cat sat on the mat\n\nthey sailed across the wide sea\n\nhe paid with a golden",
                " coin"),
            new ImportanceExample(
                0,
                "she opened the door and saw her brother\n\nhe paid with a golden coin\n\nthe cat"
                    + " sat on the",
                " mat"),
            new ImportanceExample(
                3,
                "the cat sat on the mat\n\nshe opened the door and saw her brother\n\nthey sailed"
                    + " across the wide",
                " sea")),
        ex);
  }

  @Test
  void onlyTheFirstSubsetDocumentsAreUsed() {
    var task = TaskRegistry.get("synthetic_induction");
    List<ImportanceExample> ex = buildSubset(task, 10);
    assertEquals(10, ex.size());
    assertEquals(
        List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
        ex.stream().map(ImportanceExample::doc).sorted().toList());
  }

  private static <D> List<ImportanceExample> buildSubset(Task<D> task, int subset) {
    return ImportanceData.build(
        task, task.load(Path.of("."), task.demonstrationSplit()).docs(), 1, subset, 1234);
  }
}
