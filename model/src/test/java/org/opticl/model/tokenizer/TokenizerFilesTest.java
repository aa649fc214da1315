package org.opticl.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerFilesTest {
  private static final String CORPUS = TokenizerFiles.builtinCorpus();

  @Test
  void trainedFilesLoadWithOptSpecialsAndTargetSize(@TempDir Path dir) throws IOException {
    TokenizerFiles.writeTrained(dir, CORPUS, 512);
    OptTokenizer t = OptTokenizer.load(dir);
    assertEquals(512, t.size());
    assertEquals(OptionalInt.of(0), t.id("<s>"));
    assertEquals(OptionalInt.of(OptTokenizer.PAD), t.id("<pad>"));
    assertEquals(OptionalInt.of(OptTokenizer.BOS), t.id("</s>"));
    assertEquals(OptionalInt.of(3), t.id("<unk>"));
    assertEquals(OptionalInt.of(4), t.id(String.valueOf(ByteLevel.byteChar(0))));
    assertEquals(OptionalInt.of(4 + 'a'), t.id("a"));
    assertEquals(OptionalInt.of(259), t.id(String.valueOf(ByteLevel.byteChar(255))));
    List<String> lines = Files.readAllLines(dir.resolve("merges.txt"), StandardCharsets.UTF_8);
    assertEquals("#version: 0.2", lines.get(0));
    assertEquals(512 - 260, t.mergesInRankOrder().size());
    for (int rank = 0; rank < t.mergesInRankOrder().size(); rank++) {
      // Every merge here makes a new entry, so rank r maps to id 260 + r as in a fresh GPT-2 vocab.
      assertEquals(OptionalInt.of(260 + rank), t.id(t.mergesInRankOrder().get(rank)));
    }
  }

  @Test
  void trainedTokenizerRoundTripsAnyText(@TempDir Path dir) throws IOException {
    TokenizerFiles.writeTrained(dir, CORPUS, 600);
    OptTokenizer t = OptTokenizer.load(dir);
    for (String text :
        List.of(
            CORPUS,
            "",
            "  leading and trailing  ",
            "naïve café, 日本語, \ud83d\ude00 and tabs\t\tand\r\nlines\n\n",
            "It's 3:45 -- they're late!")) {
      assertEquals(text, t.decode(t.encode(text)), text);
    }
  }

  @Test
  void mergesShortenCorpusWords(@TempDir Path dir) throws IOException {
    TokenizerFiles.writeTrained(dir, CORPUS, 600);
    OptTokenizer t = OptTokenizer.load(dir);
    assertEquals(1, t.encode(" the").length);
    int[] ids = t.encode(" attention");
    assertTrue(ids.length < " attention".length(), "ids: " + ids.length);
    int[] corpusIds = t.encode(CORPUS);
    assertTrue(
        corpusIds.length < CORPUS.getBytes(StandardCharsets.UTF_8).length / 2,
        "corpus ids: " + corpusIds.length);
  }

  @Test
  void writesAreByteIdentical(@TempDir Path dir) throws IOException {
    TokenizerFiles.writeTrained(dir.resolve("a"), CORPUS, 700);
    TokenizerFiles.writeTrained(dir.resolve("b"), CORPUS, 700);
    for (String file : List.of("vocab.json", "merges.txt")) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("a").resolve(file)),
          Files.readAllBytes(dir.resolve("b").resolve(file)),
          file);
    }
  }

  @Test
  void smallerTargetIsAPrefixOfALargerOne(@TempDir Path dir) throws IOException {
    TokenizerFiles.writeTrained(dir.resolve("small"), CORPUS, 300);
    TokenizerFiles.writeTrained(dir.resolve("large"), CORPUS, 1024);
    List<String> small = OptTokenizer.load(dir.resolve("small")).mergesInRankOrder();
    List<String> large = OptTokenizer.load(dir.resolve("large")).mergesInRankOrder();
    assertEquals(small, large.subList(0, small.size()));
  }

  @Test
  void baseVocabAloneHasNoMerges(@TempDir Path dir) throws IOException {
    TokenizerFiles.writeTrained(dir, CORPUS, 260);
    OptTokenizer t = OptTokenizer.load(dir);
    assertEquals(260, t.size());
    assertEquals(List.of(), t.mergesInRankOrder());
    assertEquals("#version: 0.2\n", Files.readString(dir.resolve("merges.txt")));
    assertEquals(4, t.encode(" the").length);
  }

  @Test
  void rejectsTargetsOutsideWhatTheCorpusCanGive(@TempDir Path dir) {
    IllegalArgumentException tooSmall =
        assertThrows(
            IllegalArgumentException.class, () -> TokenizerFiles.writeTrained(dir, CORPUS, 259));
    assertTrue(tooSmall.getMessage().contains("targetSize=259"), tooSmall.getMessage());
    IllegalArgumentException tooLarge =
        assertThrows(
            IllegalArgumentException.class, () -> TokenizerFiles.writeTrained(dir, "ab ab", 300));
    assertTrue(tooLarge.getMessage().contains("exhausted at 262"), tooLarge.getMessage());
  }
}
