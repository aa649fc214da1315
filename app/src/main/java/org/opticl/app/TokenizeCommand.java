package org.opticl.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opticl.model.tokenizer.OptTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code opticl tokenize}: token ids of texts, one JSON string per stdin line to one JSON array of
 * ids per stdout line (no BOS). It exists so that opticl's tokenizer can be compared line by line
 * with Hugging Face's from a shell pipeline, and so that scripts can tokenise without a JVM API.
 */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = {
      "Reads one JSON string per line on stdin and prints its token ids as a JSON array per line"
          + " (no BOS), e.g. \" \" -> [1437]."
    })
public final class TokenizeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--vocab", required = true, paramLabel = "V", description = "vocab.json")
  private Path vocab;

  @Option(names = "--merges", required = true, paramLabel = "M", description = "merges.txt")
  private Path merges;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    OptTokenizer tokenizer;
    try {
      tokenizer = OptTokenizer.load(vocab, merges);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("tokenize: " + e.getMessage());
      return 1;
    }
    ObjectMapper json = new ObjectMapper();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    int lineNumber = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNumber++;
      JsonNode text;
      try {
        text = json.readTree(line);
      } catch (JsonProcessingException e) {
        text = null;
      }
      if (text == null || !text.isTextual()) {
        // Stop rather than skip: a missing output line would misalign every later answer.
        out.flush();
        err.println(
            "tokenize: stdin line " + lineNumber + ": expected one JSON string, got: " + line);
        return 1;
      }
      out.write(idsJson(tokenizer.encode(text.textValue())));
      out.write('\n');
      if (!in.ready()) {
        // Interactive or piped-in-chunks callers see each answer before sending more.
        out.flush();
      }
    }
    out.flush();
    return 0;
  }

  private static String idsJson(int[] ids) {
    StringBuilder sb = new StringBuilder(ids.length * 6 + 2).append('[');
    for (int i = 0; i < ids.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(ids[i]);
    }
    return sb.append(']').toString();
  }
}
