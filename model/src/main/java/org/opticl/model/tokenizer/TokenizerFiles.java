package org.opticl.model.tokenizer;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains and writes small GPT-2 style tokenizer files ({@code vocab.json}, {@code merges.txt}) for
 * opticl's self-generated random OPT models. OPT's own files may not be copied into the repository,
 * yet those models need a tokenizer with the same shape, specials and byte-level behaviour so that
 * every code path ({@link OptTokenizer}, prompts, scoring, the merge-rank token pool) runs on them
 * unchanged; training on a fixed corpus with total-order tie-breaks makes the files reproducible
 * byte for byte.
 */
public final class TokenizerFiles {
  private TokenizerFiles() {}

  /** OPT's specials in OPT's id order, ahead of the 256 byte symbols. */
  private static final List<String> SPECIALS = List.of("<s>", "<pad>", "</s>", "<unk>");

  /** Ids taken before the first merge: the specials plus one per byte. */
  private static final int BASE_SIZE = SPECIALS.size() + 256;

  /**
   * Trains byte-level BPE merges on {@code corpus} until the vocab reaches {@code targetSize}
   * entries (specials {@code <s>}=0, {@code <pad>}=1, {@code </s>}=2, {@code <unk>}=3, then the 256
   * byte symbols in byte order, then one entry per merge that yields a new string), and writes
   * {@code dir/vocab.json} and {@code dir/merges.txt} (first line "#version: 0.2" as GPT-2's). Each
   * step merges the most frequent adjacent pair within pre-tokenised words; ties go to the pair
   * whose left, then right, string sorts first, so the output depends only on the arguments.
   *
   * @throws IllegalArgumentException if {@code targetSize} is below 260 (specials and bytes) or the
   *     corpus runs out of pairs to merge before reaching it
   */
  public static void writeTrained(Path dir, String corpus, int targetSize) throws IOException {
    Trained trained = train(corpus, targetSize);
    Files.createDirectories(dir);
    Files.write(dir.resolve("vocab.json"), vocabJson(trained.vocab()));
    Files.write(dir.resolve("merges.txt"), mergesTxt(trained.merges()));
  }

  private record Trained(List<String> vocab, List<String> merges) {}

  private static Trained train(String corpus, int targetSize) {
    if (targetSize < BASE_SIZE) {
      throw new IllegalArgumentException(
          "targetSize=" + targetSize + " is below the " + BASE_SIZE + " specials and byte symbols");
    }
    Map<String, Integer> wordCounts = new HashMap<>();
    ByteLevel.preTokenize(corpus, w -> wordCounts.merge(w, 1, Integer::sum));
    List<int[]> words = new ArrayList<>(wordCounts.size());
    List<Integer> counts = new ArrayList<>(wordCounts.size());
    wordCounts.forEach(
        (w, c) -> {
          byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
          int[] symbols = new int[bytes.length];
          for (int i = 0; i < bytes.length; i++) {
            symbols[i] = bytes[i] & 0xFF;
          }
          words.add(symbols);
          counts.add(c);
        });

    // Symbols are numbered as in OptTokenizer: 0..255 the bytes, then new strings as they appear.
    List<String> symbols = new ArrayList<>();
    Map<String, Integer> symbolNumbers = new HashMap<>();
    for (int b = 0; b < 256; b++) {
      String s = String.valueOf(ByteLevel.byteChar(b));
      symbolNumbers.put(s, symbols.size());
      symbols.add(s);
    }
    List<String> vocab = new ArrayList<>(SPECIALS);
    vocab.addAll(symbols);
    // Specials are included so that a merge can never claim one of their strings a second time.
    Set<String> inVocab = new HashSet<>(vocab);
    // A pair can reappear only after a merge rebuilt an existing string; its line is written once.
    Set<String> merges = new LinkedHashSet<>();

    while (vocab.size() < targetSize) {
      Map<Long, Integer> pairCounts = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        int[] word = words.get(w);
        int count = counts.get(w);
        for (int i = 0; i + 1 < word.length; i++) {
          pairCounts.merge(((long) word[i] << 32) | word[i + 1], count, Integer::sum);
        }
      }
      long best = -1;
      int bestCount = 0;
      for (Map.Entry<Long, Integer> e : pairCounts.entrySet()) {
        int c = e.getValue();
        if (c > bestCount || (c == bestCount && comparePairs(e.getKey(), best, symbols) < 0)) {
          best = e.getKey();
          bestCount = c;
        }
      }
      if (best < 0) {
        throw new IllegalArgumentException(
            "the corpus ("
                + corpus.length()
                + " chars) is exhausted at "
                + vocab.size()
                + " vocab entries, below targetSize="
                + targetSize
                + "; use a larger corpus or a smaller target");
      }
      int left = (int) (best >>> 32);
      int right = (int) best;
      String merged = symbols.get(left) + symbols.get(right);
      int result =
          symbolNumbers.computeIfAbsent(
              merged,
              s -> {
                symbols.add(s);
                return symbols.size() - 1;
              });
      merges.add(symbols.get(left) + " " + symbols.get(right));
      if (inVocab.add(merged)) {
        vocab.add(merged);
      }
      for (int w = 0; w < words.size(); w++) {
        words.set(w, applyMerge(words.get(w), left, right, result));
      }
    }
    return new Trained(vocab, List.copyOf(merges));
  }

  private static int comparePairs(long a, long b, List<String> symbols) {
    if (b < 0) {
      return -1;
    }
    int byLeft = symbols.get((int) (a >>> 32)).compareTo(symbols.get((int) (b >>> 32)));
    return byLeft != 0 ? byLeft : symbols.get((int) a).compareTo(symbols.get((int) b));
  }

  private static int[] applyMerge(int[] word, int left, int right, int result) {
    int[] out = new int[word.length];
    int n = 0;
    for (int i = 0; i < word.length; ) {
      if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
        out[n++] = result;
        i += 2;
      } else {
        out[n++] = word[i++];
      }
    }
    return n == word.length ? word : Arrays.copyOf(out, n);
  }

  private static byte[] vocabJson(List<String> vocab) {
    // One line, entries in id order, as the vocab.json files of GPT-2 and OPT are laid out.
    JsonStringEncoder json = JsonStringEncoder.getInstance();
    StringBuilder sb = new StringBuilder("{");
    for (int id = 0; id < vocab.size(); id++) {
      if (id > 0) {
        sb.append(", ");
      }
      sb.append('"').append(json.quoteAsString(vocab.get(id))).append("\": ").append(id);
    }
    return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mergesTxt(List<String> merges) {
    StringBuilder sb = new StringBuilder("#version: 0.2\n");
    for (String m : merges) {
      sb.append(m).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A few paragraphs of plain English written for opticl, varied enough in spelling, digits and
   * punctuation for {@link #writeTrained} to reach vocabularies of up to 1215 entries; larger ones
   * need a larger corpus.
   */
  public static String builtinCorpus() {
    return BUILTIN_CORPUS;
  }

  private static final String BUILTIN_CORPUS =
      """
      A language model reads a prompt one token at a time and predicts what comes next. When the \
      prompt holds a few worked examples of a task, the model can often continue the pattern \
      without any change to its weights. This is called in-context learning, and it is one of the \
      most surprising things that large models do.

      Which parts of the model does in-context learning need? One way to find out is to remove a \
      part and measure what is lost. An attention head that can be taken away without hurting the \
      score on a task is not needed for that task; a head whose removal makes the score fall is \
      important. The same question can be asked of the feed-forward blocks that sit between the \
      attention layers.

      Some heads copy tokens. Given a sequence such as "the red fox, the red fox", a head in a \
      later layer looks back at the earlier copy of the current token and attends to the token \
      that followed it. Such heads are called induction heads, and they are thought to be a key \
      mechanism behind the ability to continue patterns from the prompt.

      To test this, we score each head by how much the loss would change if its output were \
      scaled down a little. Heads with the lowest scores are pruned first: 10%, then 20%, then \
      30%, and so on up to 70% of all heads. After each step we evaluate the model again on \
      fourteen tasks, with zero, one and five examples in the prompt.

      The weather was mild on Tuesday, 14 March 2023. Maria bought 3 apples, 12 eggs and a loaf of \
      bread for $7.45; the shop closed at 6:30 pm. "Don't forget the milk!" she said. Her brother \
      replied that he'd already bought two litres, and they're in the fridge. It's easy to forget \
      what you've done when you're in a hurry, isn't it?

      Numbers, names and places all become tokens. Common words such as "the", "and", "of" and \
      "to" get a token of their own, while rare words are split into smaller pieces that can be \
      joined again. A byte-level tokenizer never meets an unknown character: any text, in any \
      script, can be written as a sequence of bytes, and every byte has a token.
      The old lighthouse stood on a rock at the end of the bay. Every evening the keeper climbed \
      the hundred and twelve steps to light the lamp, and every morning he climbed them again to \
      put it out. Ships passing in the night saw the beam sweep across the water once every nine \
      seconds. In winter, when storms came in from the north, waves broke over the lower windows \
      and the whole tower seemed to shiver, yet it had not fallen in over two hundred years.

      To make a simple loaf, mix 500 g of flour with 10 g of salt and 7 g of dried yeast. Add \
      350 ml of warm water and knead the dough for about ten minutes, until it is smooth and \
      springy. Cover the bowl and leave it somewhere warm for an hour. Shape the dough, let it \
      rise once more, then bake it at 220 degrees for 30 to 35 minutes. It should sound hollow \
      when tapped underneath.

      Children learn words long before they can read them. A toddler who hears "dog" used for \
      many different animals slowly works out which ones it fits and which ones it doesn't. \
      Later, reading adds a second route into the same vocabulary: spelling, prefixes such as \
      "un-" and "re-", and endings such as "-ing", "-ed" and "-ness" help readers guess the \
      meaning of words they have never seen before.

      Researchers often report averages, but an average can hide a great deal. If half of the \
      runs score 90 and the other half score 30, the mean is 60, which describes none of them. \
      Reporting the spread, the number of runs and the random seeds makes a result easier to \
      check. Good experiments are written down so that someone else, on another machine, in \
      another year, can run them again and get the same numbers.

      On Saturday the market opened early. Farmers carried boxes of potatoes, carrots, onions, \
      cabbages and strawberries from their vans; a baker sold warm rolls; a man with a violin \
      played near the fountain. By noon the square was crowded with families, students and \
      tourists, and by three o'clock most of the stalls had sold out and were packing away.
      """;
}
