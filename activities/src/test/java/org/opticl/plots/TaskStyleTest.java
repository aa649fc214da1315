package org.opticl.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opticl.harness.task.TaskRegistry;

class TaskStyleTest {
  @Test
  void everyRegisteredTaskHasItsOwnStyle() {
    for (String t : TaskRegistry.names()) {
      assertTrue(TaskStyle.of(t).known(), t + " has no fixed style");
    }
  }

  @Test
  void thePaperTasksHaveDistinctColours() {
    Set<Integer> colours = new HashSet<>();
    for (String t : TaskRegistry.PAPER_TASKS) {
      assertTrue(colours.add(TaskStyle.of(t).colour().getRGB()), t + " shares a colour");
    }
  }

  @Test
  void displayNamesFollowThePaper() {
    assertEquals("ARC (Easy)", TaskStyle.displayName("arc_easy"));
    assertEquals("WIC", TaskStyle.displayName("wic"));
    assertEquals("ReCoRD", TaskStyle.displayName("record"));
  }

  @Test
  void unknownTasksGetADeterministicFallback() {
    TaskStyle a = TaskStyle.of("my_new_task");
    assertFalse(a.known());
    assertEquals("my_new_task", a.displayName());
    assertEquals(TaskStyle.CROSS, a.marker());
    assertEquals(a.colour(), TaskStyle.of("my_new_task").colour());
  }

  @Test
  void paperOrderPutsKnownTasksFirstThenUnknownAlphabetically() {
    assertEquals(
        List.of("hellaswag", "copa", "record", "lambada", "aaa_custom", "zzz_custom"),
        TaskStyle.paperOrder(
            List.of("zzz_custom", "record", "lambada", "copa", "aaa_custom", "hellaswag", "copa")));
  }
}
