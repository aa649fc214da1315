package org.opticl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opticl.activities.ModelCatalog;
import org.opticl.workflows.api.ModelRef;
import picocli.CommandLine;

/**
 * {@code opticl prompts}, {@code eval} and {@code induction} as a user runs them: output, exit
 * codes, errors.
 */
class CommandLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one command printed, and its exit code. */
  private record Run(int code, String out, String err) {}

  private static synchronized Run opticl(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      CommandLine cli = Opticl.commandLine();
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(stdout);
    }
  }

  @Test
  void promptsPrintsOneJsonLinePerDocumentInEvaluationOrder() throws Exception {
    Run r = opticl("prompts", "--task", "synthetic_kv", "--shots", "1", "--limit", "3");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r.out());
    for (int i = 0; i < 3; i++) {
      JsonNode doc = JSON.readTree(lines.get(i));
      assertEquals(i, doc.get("doc").asInt());
      assertTrue(doc.get("context").asText().length() > 0);
      assertTrue(doc.get("continuations").isArray() && doc.get("continuations").size() > 0);
      assertTrue(doc.has("gold"));
    }
  }

  @Test
  void evalPrintsTheOriginalResultsShape() throws Exception {
    Path model = randomTiny();
    Run r =
        opticl(
            "eval",
            "--model",
            model.toString(),
            "--task",
            "synthetic_kv",
            "--limit",
            "8",
            "--bootstrap-iters",
            "0");
    assertEquals(0, r.code(), r.err());
    JsonNode json = JSON.readTree(r.out());
    double acc = json.at("/results/synthetic_kv/acc").asDouble(-1);
    assertTrue(acc >= 0 && acc <= 1, r.out());
    assertEquals(8, json.at("/config/limit").asInt());
    assertEquals(0, json.at("/config/num_fewshot").asInt());
    assertTrue(json.at("/versions/synthetic_kv").isInt());
  }

  @Test
  void inductionPrintsMeanAndVarianceOfBothScoresPerHead() throws Exception {
    Path model = randomTiny();
    Run parity = opticl("induction", "--model", model.toString(), "--sequences", "2");
    Run output =
        opticl(
            "induction",
            "--model",
            model.toString(),
            "--sequences",
            "2",
            "--copying-rule",
            "head_output");
    assertEquals(0, parity.code(), parity.err());
    assertEquals(0, output.code(), output.err());
    JsonNode p = JSON.readTree(parity.out());
    JsonNode o = JSON.readTree(output.out());
    for (String field :
        List.of("/prefix_matching/mean", "/prefix_matching/variance", "/copying/mean")) {
      JsonNode layers = p.at(field);
      assertEquals(2, layers.size(), field + " in " + parity.out());
      for (JsonNode layer : layers) {
        assertEquals(4, layer.size(), field);
        for (JsonNode head : layer) {
          assertTrue(head.asDouble() >= 0 && head.asDouble() <= 1, field + " " + head);
        }
      }
    }
    assertEquals(p.get("prefix_matching"), o.get("prefix_matching"));
    assertTrue(!p.get("copying").equals(o.get("copying")), "the copying read-out matters");
  }

  private static Path randomTiny() {
    return ModelCatalog.fromEnvironment()
        .resolve(new ModelRef("builtin:random-tiny", "", "float32"))
        .dir();
  }

  @Test
  void badInputIsOneLineNamingTheProblemWithExitCode2() {
    Run unknown = opticl("prompts", "--task", "piqaa");
    assertEquals(2, unknown.code());
    assertTrue(
        unknown.err().contains("piqaa") && unknown.err().lines().count() == 1, unknown.err());

    Run missing = opticl("prompts", "--task", "copa", "--data", "/nonexistent/copa");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("/nonexistent/copa"), missing.err());

    Run negative = opticl("eval", "--model", "/m", "--task", "copa", "--bootstrap-iters", "-1");
    assertEquals(2, negative.code());
    assertTrue(negative.err().contains("--bootstrap-iters"), negative.err());
  }
}
