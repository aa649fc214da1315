package org.opticl.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class OptTokenizerTest {
  /** Loaded once: the merge table takes a moment and the instance is shared by design. */
  private static volatile OptTokenizer opt;

  /** OPT's real files and Hugging Face's ids for 264 texts, from {@code ../shared}. */
  @Nested
  class AgainstOptGolden {

    private Path dir;

    /** Skips every test of this class, factory included, where the shared folder is absent. */
    @BeforeEach
    void loadOptOrSkip() {
      String shared = System.getProperty("opticl.shared");
      dir = shared == null ? null : Path.of(shared, "tokenizer", "opt");
      Assumptions.assumeTrue(
          dir != null && Files.isRegularFile(dir.resolve("golden.jsonl")),
          "skipped: OPT tokenizer files not found at "
              + dir
              + " (system property opticl.shared names the shared reference folder)");
      if (opt == null) {
        opt = OptTokenizer.load(dir);
      }
    }

    private OptTokenizer opt() {
      return opt;
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenLineEncodesToHuggingFaceIdsAndDecodesBack() throws IOException {
      OptTokenizer tokenizer = opt();
      ObjectMapper json = new ObjectMapper();
      List<String> lines = Files.readAllLines(dir.resolve("golden.jsonl"));
      assertEquals(264, lines.size());
      List<DynamicTest> tests = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        JsonNode row = json.readTree(lines.get(i));
        String text = row.get("text").textValue();
        int[] ids = json.treeToValue(row.get("ids"), int[].class);
        String name = "line " + (i + 1) + ": " + json.writeValueAsString(abbreviate(text));
        tests.add(
            DynamicTest.dynamicTest(
                name,
                () -> {
                  assertArrayEquals(ids, tokenizer.encode(text), "ids of " + name);
                  assertEquals(text, tokenizer.decode(ids), "decode of " + name);
                }));
      }
      return tests.stream();
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    @Test
    void matchesHuggingFaceOptTestVectors() {
      // tests/models/gpt2/test_tokenization_gpt2.py::OPTTokenizationTest, BOS dropped.
      assertArrayEquals(new int[] {250, 1345, 9, 10, 4758}, opt().encode("A photo of a cat"));
      assertArrayEquals(
          new int[] {31414, 6, 127, 2335, 16, 11962}, opt().encode("Hello, my dog is cute"));
    }

    @Test
    void vocabHasOptSizeAndSpecials() {
      OptTokenizer t = opt();
      assertEquals(50265, t.size());
      assertEquals(OptionalInt.of(0), t.id("<s>"));
      assertEquals(OptionalInt.of(OptTokenizer.PAD), t.id("<pad>"));
      assertEquals(OptionalInt.of(OptTokenizer.BOS), t.id("</s>"));
      assertEquals(OptionalInt.of(3), t.id("<unk>"));
      assertEquals(OptionalInt.of(50264), t.id("<mask>"));
      assertEquals("Ġthe", t.token(5));
      assertEquals(OptionalInt.empty(), t.id("no such token"));
    }

    @Test
    void mergeRanksFollowMergesTxtAndNameVocabTokens() {
      List<String> merged = opt().mergesInRankOrder();
      assertEquals(50000, merged.size());
      assertEquals(List.of("Ġt", "Ġa", "he", "in"), merged.subList(0, 4));
      assertEquals("Ġgazed", merged.get(49999));
      for (String m : merged) {
        assertTrue(opt().id(m).isPresent(), m);
      }
    }

    @Test
    void decodeSkipsNothing() {
      assertEquals("</s>Hello<pad>", opt().decode(new int[] {2, 31414, 1}));
      assertEquals("", opt().decode(new int[0]));
    }

    @Test
    void rejectsIdsOutsideTheVocab() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> opt().decode(new int[] {50265}));
      assertTrue(e.getMessage().contains("50265"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> opt().token(-1));
    }

    @Test
    void concurrentEncodesAgree() throws Exception {
      OptTokenizer fresh = OptTokenizer.load(dir);
      String text = "In-context learning: which heads matter? 12,345 tokens, naïve café 日本語. ";
      int[] expected = opt().encode(text.repeat(20));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<int[]>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          results.add(pool.submit(() -> fresh.encode(text.repeat(20))));
        }
        for (Future<int[]> r : results) {
          assertArrayEquals(expected, r.get());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Pieces as Python's {@code regex} module splits these texts with GPT-2's pattern. */
  @Test
  void preTokenizerMatchesPythonRegex() {
    assertPieces("  leading and trailing  ", " ", " leading", " and", " trailing", "  ");
    assertPieces("Hello\n\n  world", "Hello", "\n\n ", " world");
    assertPieces("x's ?'s ''s 'S 'sa", "x", "'s", " ?'", "s", " ''", "s", " '", "S", " '", "sa");
    assertPieces("a\u00a0b \u00a0c", "a", "\u00a0", "b", " ", "\u00a0", "c");
    assertPieces("tab\t\tx\u3000y", "tab", "\t", "\t", "x", "\u3000", "y");
    assertPieces("line\r\nnext \n", "line", "\r", "\n", "next", " \n");
    assertPieces("2³ ٣4 Ⅻ", "2³", " ٣4", " Ⅻ");
    assertPieces(
        "e\u0301t \ud83d\ude00\ud83c\udffd!", "e", "\u0301", "t", " \ud83d\ude00\ud83c\udffd!");
    assertPieces("\u001c\u001fa", "\u001c\u001f", "a");
    assertPieces("");
  }

  private static void assertPieces(String text, String... expected) {
    List<String> pieces = new ArrayList<>();
    ByteLevel.preTokenize(text, pieces::add);
    assertEquals(List.of(expected), pieces, "pieces of " + text);
  }

  @Test
  void bpeAppliesTheBestMergeLeftToRightEverywhere(@TempDir Path dir) throws IOException {
    // "a a" has rank 0 and applies at every occurrence left to right, as in GPT-2's bpe(): "aaa"
    // -> [aa, a], and "aaaa" -> [aa, aa], which rank 1 then joins.
    OptTokenizer t = tinyTokenizer(dir, List.of("a a", "aa aa", "Ġ aa"));
    int a = t.id("a").getAsInt();
    int aa = t.id("aa").getAsInt();
    int aaaa = t.id("aaaa").getAsInt();
    int spaceAa = t.id("Ġaa").getAsInt();
    assertArrayEquals(new int[] {aa, a}, t.encode("aaa"));
    assertArrayEquals(new int[] {aaaa}, t.encode("aaaa"));
    assertArrayEquals(new int[] {aa, spaceAa}, t.encode("aa aa"));
    assertArrayEquals(new int[0], t.encode(""));
    assertEquals(List.of("aa", "aaaa", "Ġaa"), t.mergesInRankOrder());
    assertEquals("aa aaa", t.decode(t.encode("aa aaa")));
  }

  /** The 256 byte symbols plus every merge result, specials first as in OPT. */
  private static OptTokenizer tinyTokenizer(Path dir, List<String> merges) throws IOException {
    StringBuilder vocab = new StringBuilder("{\"<s>\": 0, \"<pad>\": 1, \"</s>\": 2, \"<unk>\": 3");
    int id = 4;
    ObjectMapper json = new ObjectMapper();
    for (int b = 0; b < 256; b++) {
      vocab.append(", ").append(json.writeValueAsString(String.valueOf(ByteLevel.byteChar(b))));
      vocab.append(": ").append(id++);
    }
    for (String m : merges) {
      vocab.append(", ").append(json.writeValueAsString(m.replace(" ", ""))).append(": ");
      vocab.append(id++);
    }
    Files.writeString(dir.resolve("vocab.json"), vocab.append('}'));
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", merges));
    return OptTokenizer.load(dir);
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> OptTokenizer.load(dir));
    assertTrue(e.getMessage().contains(dir.resolve("vocab.json").toString()), e.getMessage());

    Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0}");
    Files.delete(dir.resolve("merges.txt"));
    e = assertThrows(UncheckedIOException.class, () -> OptTokenizer.load(dir));
    assertTrue(e.getMessage().contains(dir.resolve("merges.txt").toString()), e.getMessage());
  }

  @Test
  void badJsonIsReportedWithFileAndLine(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n");
    assertVocabRejected(dir, "{\"a\": 0,\n \"b\": }", "line 2");
    assertVocabRejected(dir, "[\"a\"]", "expected a JSON object");
    assertVocabRejected(dir, "", "expected a JSON object");
    assertVocabRejected(dir, "{\"a\": 0, \"b\": 1.5}", "\"b\" has id 1.5");
    assertVocabRejected(dir, "{\"a\": 0, \"b\": \"1\"}", "\"b\" has id 1");
    assertVocabRejected(dir, "{\"a\": 0, \"a\": 1}", "line 1");
    assertVocabRejected(dir, "{\"a\": 0, \"b\": 2}", "ids must be exactly 0..1");
    assertVocabRejected(dir, "{\"a\": 0, \"b\": 0}", "id 0 is used by both");
    assertVocabRejected(dir, "{\"a\": 0} x", "line 1");
  }

  private static void assertVocabRejected(Path dir, String vocab, String expected)
      throws IOException {
    Files.writeString(dir.resolve("vocab.json"), vocab);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OptTokenizer.load(dir), vocab);
    assertTrue(e.getMessage().contains(dir.resolve("vocab.json").toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void malformedMergesLineIsReportedWithFileAndLine(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0}");
    assertMergesRejected(dir, "#version: 0.2\nĠ t\nĠt\n", "line 3");
    assertMergesRejected(dir, "#version: 0.2\nĠ t\n\nh e\n", "line 3");
    assertMergesRejected(dir, "Ġ t\nh e x\n", "line 2");
    assertMergesRejected(dir, "Ġ t\nh \n", "line 2");
    assertMergesRejected(dir, "Ġ t\nh e\nĠ t\n", "line 3: merge \"Ġ t\" repeats line 1");
  }

  private static void assertMergesRejected(Path dir, String merges, String expected)
      throws IOException {
    Files.writeString(dir.resolve("merges.txt"), merges);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OptTokenizer.load(dir), merges);
    assertTrue(e.getMessage().contains(dir.resolve("merges.txt").toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void invalidUtf8IsReportedWithFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0}");
    Files.write(dir.resolve("merges.txt"), new byte[] {'a', ' ', (byte) 0xC3, '\n'});
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> OptTokenizer.load(dir));
    assertTrue(e.getMessage().contains(dir.resolve("merges.txt").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }
}
