package org.opticl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.schema.RunSpec;

/** Run specs are validated up front, every problem named by its field, all problems at once. */
class SpecFileTest {
  private static final String VALID =
      """
      model: {id: builtin:random-tiny}
      tasks: [synthetic_induction, {name: copa, data: data/copa}]
      shots: [0, 1]
      pruning:
        heads: [10, 50]
        ffns: [50]
      """;

  private static String problems(String yaml) {
    SpecException e =
        assertThrows(SpecException.class, () -> SpecFile.parse(yaml, "spec.yaml", Path.of("/s")));
    return e.getMessage();
  }

  @Test
  void theExamplesParse() {
    for (String f : List.of("demo.yaml", "opt-66b-paper.yaml")) {
      RunSpec s = SpecFile.read(Path.of("..", "examples", f));
      assertTrue(!s.tasks().isEmpty() && !s.shots().isEmpty(), f);
    }
  }

  @Test
  void aValidSpecResolvesDataAgainstItsFolder() {
    RunSpec s = SpecFile.parse(VALID, "spec.yaml", Path.of("/s"));
    assertEquals(List.of("synthetic_induction", "copa"), s.tasks());
    assertEquals(List.of(0, 1), s.shots());
    assertEquals(List.of(10, 50), s.headPercents());
    assertEquals("/s/data/copa", s.execution().taskData().get("copa"));
  }

  @Test
  void aPercentageOutOfRangeIsNamedWithItsIndex() {
    String m = problems(VALID.replace("heads: [10, 50]", "heads: [10, 120]"));
    assertTrue(m.contains("pruning.heads[1]=120"), m);
  }

  @Test
  void unknownFieldsAndTasksAreNamed() {
    String m = problems(VALID.replace("shots:", "shotz:"));
    assertTrue(m.contains("shotz"), m);
    String t = problems(VALID.replace("synthetic_induction", "piqaa"));
    assertTrue(t.contains("piqaa"), t);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String m =
        problems(
            VALID
                .replace("model: {id: builtin:random-tiny}", "model: {dtype: float8}")
                .replace("ffns: [50]", "ffns: [-5]"));
    assertTrue(m.contains("model.id"), m);
    assertTrue(m.contains("model.dtype=float8"), m);
    assertTrue(m.contains("pruning.ffns[0]=-5"), m);
  }

  @Test
  void aTaskListedTwiceIsNamed() {
    String m = problems(VALID.replace("tasks: [synthetic_induction,", "tasks: [copa,"));
    assertTrue(m.contains("copa") && m.contains("twice"), m);
  }

  @Test
  void malformedYamlAndMissingFilesAreClearErrors(@TempDir Path dir) {
    assertTrue(problems("model: [unclosed").contains("not valid YAML"));
    assertTrue(problems("- a list").contains("must be a YAML mapping"));
    SpecException e =
        assertThrows(SpecException.class, () -> SpecFile.read(dir.resolve("absent.yaml")));
    assertTrue(e.getMessage().contains("absent.yaml"), e.getMessage());
  }
}
