package org.opticl.workflows.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A static check of the workflow code's bytecode (Temporal's own workflowcheck tool is not
 * published on Maven Central): no workflow class calls the clock, random numbers, threads, blocking
 * futures, files, the network or DJL. Each of those would make replay diverge.
 */
class WorkflowDeterminismTest {
  private static final List<String> FORBIDDEN =
      List.of(
          "java/lang/System.currentTimeMillis",
          "java/lang/System.nanoTime",
          "java/time/Instant.now",
          "java/time/LocalDateTime.now",
          "java/util/UUID.randomUUID",
          "java/util/Random.\"<init>\"",
          "java/lang/Math.random",
          "java/lang/Thread",
          "java/util/concurrent/CompletableFuture",
          "java/util/concurrent/Executor",
          "java/io/File",
          "java/nio/file/",
          "java/net/",
          "ai/djl/",
          "java/lang/System.getenv",
          "synchronized");

  @Test
  void workflowCodeMakesNoNonDeterministicCalls() throws Exception {
    Path dir = Path.of("target", "classes", "org", "opticl", "workflows", "pipeline");
    List<Path> classes;
    try (Stream<Path> s = Files.list(dir)) {
      classes = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
    assertTrue(classes.size() >= 8, "workflow classes found: " + classes);
    ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
    List<String> problems = new ArrayList<>();
    for (Path c : classes) {
      StringWriter out = new StringWriter();
      javap.run(
          new PrintWriter(out), new PrintWriter(new StringWriter()), "-c", "-p", c.toString());
      for (String line : out.toString().split("\n")) {
        for (String f : FORBIDDEN) {
          boolean call =
              line.contains("// Method " + f)
                  || line.contains("// InterfaceMethod " + f)
                  || line.contains("// class " + f)
                  || line.contains("// Field " + f);
          boolean monitor = f.equals("synchronized") && line.contains("monitorenter");
          if (call || monitor) {
            problems.add(c.getFileName() + ": " + line.trim());
          }
        }
      }
    }
    assertTrue(
        problems.isEmpty(),
        "non-deterministic calls in workflow code:\n" + String.join("\n", problems));
  }
}
