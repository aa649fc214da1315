package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.opticl.harness.prompt.DocPrompt;
import org.opticl.harness.prompt.PromptBuilder;
import org.opticl.harness.prompt.PromptedDoc;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.harness.task.TextRequest;
import org.opticl.harness.task.Variant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opticl prompts}: the exact prompts a task's evaluation scores, in evaluation order, one
 * JSON object per line; for checking opticl's prompts against the original harness without a model.
 */
@Command(
    name = "prompts",
    mixinStandardHelpOptions = true,
    description = {
      "Prints, in evaluation order (random.Random(42) shuffle, as lm-evaluation-harness), one JSON"
          + " line per document: {\"doc\", \"context\", \"continuations\", \"gold\"} (and"
          + " \"contexts\" when requests differ in context, as WinoGrande's)."
    })
final class PromptsCommand implements Callable<Integer> {
  @Option(names = "--task", required = true, description = "task name, e.g. copa")
  String task;

  @Option(names = "--shots", defaultValue = "0", description = "few-shot demonstrations (k)")
  int shots;

  @Option(
      names = "--data",
      defaultValue = ".",
      description = "the task's data directory (unused by synthetic tasks)")
  Path data;

  @Option(names = "--limit", description = "only the first N documents in evaluation order")
  Integer limit;

  @Option(names = "--description", defaultValue = "", description = "text prepended to contexts")
  String description;

  @Option(
      names = "--variant",
      defaultValue = "PARITY",
      description = "PARITY (original behaviour) or CORRECTED (paper-spec §10 fixes)")
  Variant variant;

  @Override
  public Integer call() {
    // An unknown task or missing/malformed data is bad input: Opticl reports it in one line, exit
    // 2.
    print(TaskRegistry.get(task, variant));
    return 0;
  }

  private <D> void print(Task<D> t) {
    ObjectMapper json = new ObjectMapper();
    OptionalInt n = limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    List<PromptedDoc<D>> docs = PromptBuilder.build(t, data, shots, n, description);
    PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    for (PromptedDoc<D> doc : docs) {
      DocPrompt p = doc.prompt();
      ObjectNode line = json.createObjectNode();
      line.put("doc", p.doc());
      line.put("context", p.context());
      ArrayNode continuations = line.putArray("continuations");
      p.continuations().forEach(continuations::add);
      if (t.multipleGold()) {
        p.gold().forEach(line.putArray("gold")::add);
      } else {
        line.put("gold", p.gold().get(0));
      }
      if (p.requests().stream().anyMatch(r -> !r.context().equals(p.context()))) {
        ArrayNode contexts = line.putArray("contexts");
        p.requests().stream().map(TextRequest::context).forEach(contexts::add);
      }
      line.put("source_index", p.sourceIndex());
      out.println(line);
    }
    out.flush();
  }
}
