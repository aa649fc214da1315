package org.opticl.harness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {
  @Test
  void everyPaperTaskIsRegisteredWithTheOriginalSplitsAndVersions() {
    for (String name : TaskRegistry.PAPER_TASKS) {
      Task<?> task = TaskRegistry.get(name);
      assertEquals(name, task.name());
      assertTrue(task.hasTrainingDocs(), name + " draws demonstrations from train");
      boolean test = List.of("arc_easy", "arc_challenge", "openbookqa").contains(name);
      assertEquals(test ? Split.TEST : Split.VALIDATION, task.evaluationSplit(), name);
      int version = List.of("boolq", "cb", "multirc").contains(name) ? 1 : 0;
      assertEquals(version, task.version(), name);
      assertFalse(task.expectedFiles(task.evaluationSplit()).isEmpty(), name);
    }
    assertEquals(14, TaskRegistry.PAPER_TASKS.size());
    assertEquals(Split.TEST, TaskRegistry.get("mathqa").evaluationSplit());
    assertFalse(TaskRegistry.get("lambada").hasTrainingDocs());
    assertEquals(Split.VALIDATION, TaskRegistry.get("lambada").demonstrationSplit());
  }

  @Test
  void mathqaDemonstrationTargetsLackTheSpaceOnlyUnderParity() {
    ChoiceDoc doc = new ChoiceDoc("Question: q\nAnswer:", List.of("1", "2"), 1);
    MultipleChoiceTask parity = (MultipleChoiceTask) TaskRegistry.get("mathqa");
    MultipleChoiceTask corrected =
        (MultipleChoiceTask) TaskRegistry.get("mathqa", Variant.CORRECTED);
    assertEquals("2", parity.docToTarget(doc));
    assertEquals(" 2", corrected.docToTarget(doc));
    assertEquals(" 2", parity.requests(doc, "c").get(1).continuation(), "scored with the space");
    assertEquals(" 2", ((MultipleChoiceTask) TaskRegistry.get("arc_easy")).docToTarget(doc));
  }

  @Test
  void syntheticTasksAreDeterministicAndNeedNoFiles() {
    Task<?> induction = TaskRegistry.get("synthetic_induction");
    List<?> a = induction.load(Path.of("/nonexistent"), Split.VALIDATION).docs();
    assertEquals(a, induction.load(Path.of("."), Split.VALIDATION).docs());
    assertEquals(100, a.size());
    ChoiceDoc first = (ChoiceDoc) a.get(0);
    // The first 8 words are a random sample; the query repeats a prefix of them.
    assertEquals(8, first.choices().size());
    String expectedQuery =
        String.join(" ", first.choices())
            + " "
            + String.join(" ", first.choices().subList(0, first.gold()));
    assertEquals(expectedQuery, first.query());

    Task<?> kv = TaskRegistry.get("synthetic_kv");
    List<?> train = kv.load(Path.of("."), Split.TRAIN).docs();
    assertEquals(16, train.size());
    ChoiceDoc pair = (ChoiceDoc) train.get(3);
    assertEquals(3, pair.gold());
    assertTrue(pair.query().endsWith(" ->"));
  }
}
