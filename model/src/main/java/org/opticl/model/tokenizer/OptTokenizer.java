package org.opticl.model.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OPT's tokenizer (GPT-2 byte-level BPE with fairseq/RoBERTa ids), in plain Java so that prompts
 * are tokenised exactly as Hugging Face's {@code GPT2Tokenizer} does for {@code facebook/opt-*}
 * without native code, and so that the paper's induction-head token pool can read the merge ranks
 * ({@code bpe_ranks}) that only the slow Python tokenizer exposes. Text in, ids out: no BOS is
 * added and special-token strings in the text are not recognised (OPT prepends {@link #BOS}
 * itself). Instances are immutable apart from a concurrent per-word cache, so one instance may be
 * shared by all threads.
 */
public final class OptTokenizer {
  /** OPT's {@code </s>}: prepended to every sequence as beginning-of-sequence. */
  public static final int BOS = 2;

  /** OPT's {@code </s>}: the same id as {@link #BOS}. */
  public static final int EOS = 2;

  /** OPT's {@code <pad>}. */
  public static final int PAD = 1;

  /** Beyond this many cached words the cache starts afresh; about 10 MB worst case. */
  private static final int CACHE_LIMIT = 1 << 16;

  /** vocab id to token string; ids are dense, 0..size-1. */
  private final String[] tokens;

  private final Map<String, Integer> ids;

  /**
   * BPE works on interned symbol numbers rather than strings: 0..255 are the byte characters, the
   * rest every distinct string that merges.txt mentions. Key = left << 32 | right.
   */
  private final Map<Long, Merge> merges;

  /** symbol number to vocab id, -1 where the symbol is not a vocab entry. */
  private final int[] symbolIds;

  private final int unkId;
  private final List<String> mergedInRankOrder;
  private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

  private record Merge(int rank, int result) {}

  private OptTokenizer(String[] tokens, Map<String, Integer> ids, List<String[]> mergePairs) {
    this.tokens = tokens;
    this.ids = ids;
    Map<String, Integer> symbols = new HashMap<>();
    List<String> symbolNames = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      intern(String.valueOf(ByteLevel.byteChar(b)), symbols, symbolNames);
    }
    Map<Long, Merge> byPair = new HashMap<>(mergePairs.size() * 2);
    List<String> merged = new ArrayList<>(mergePairs.size());
    for (int rank = 0; rank < mergePairs.size(); rank++) {
      String[] pair = mergePairs.get(rank);
      int left = intern(pair[0], symbols, symbolNames);
      int right = intern(pair[1], symbols, symbolNames);
      int result = intern(pair[0] + pair[1], symbols, symbolNames);
      byPair.put(pairKey(left, right), new Merge(rank, result));
      merged.add(pair[0] + pair[1]);
    }
    this.merges = byPair;
    this.mergedInRankOrder = List.copyOf(merged);
    this.symbolIds = new int[symbolNames.size()];
    for (int s = 0; s < symbolIds.length; s++) {
      symbolIds[s] = ids.getOrDefault(symbolNames.get(s), -1);
    }
    this.unkId = ids.getOrDefault("<unk>", -1);
  }

  private static int intern(String s, Map<String, Integer> symbols, List<String> names) {
    return symbols.computeIfAbsent(
        s,
        k -> {
          names.add(k);
          return names.size() - 1;
        });
  }

  private static long pairKey(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFFFFFFL);
  }

  /** Loads {@code dir/vocab.json} and {@code dir/merges.txt}. */
  public static OptTokenizer load(Path dir) {
    return load(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
  }

  /**
   * Loads a GPT-2 style tokenizer.
   *
   * @param vocabJson a JSON object of token string to id, ids exactly 0..n-1
   * @param mergesTxt one merge "a b" per line in rank order, optionally after a "#version" line
   * @throws IllegalArgumentException if a file is malformed; the message names the file and line
   * @throws UncheckedIOException if a file is missing or unreadable; the message names the file
   */
  public static OptTokenizer load(Path vocabJson, Path mergesTxt) {
    String[] tokens = readVocab(vocabJson);
    Map<String, Integer> ids = new HashMap<>(tokens.length * 2);
    for (int id = 0; id < tokens.length; id++) {
      ids.put(tokens[id], id);
    }
    return new OptTokenizer(tokens, Map.copyOf(ids), readMerges(mergesTxt));
  }

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static String[] readVocab(Path file) {
    Map<String, Integer> byToken = new HashMap<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        JsonParser p = JSON.createParser(reader)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformedVocab(file, p.currentTokenLocation(), "expected a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String token = p.currentName();
        JsonToken value = p.nextToken();
        if (value != JsonToken.VALUE_NUMBER_INT
            || p.getNumberType() != JsonParser.NumberType.INT
            || p.getIntValue() < 0) {
          throw malformedVocab(
              file,
              p.currentTokenLocation(),
              "token " + quote(token) + " has id " + p.getText() + ", expected an int >= 0");
        }
        byToken.put(token, p.getIntValue());
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw malformedVocab(file, p.currentTokenLocation(), "unexpected " + p.getText());
      }
    } catch (JsonProcessingException e) {
      throw malformedVocab(file, e.getLocation(), e.getOriginalMessage());
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    // Dense ids keep token(id) an array lookup and catch a vocab.json cut short or merged badly.
    String[] tokens = new String[byToken.size()];
    for (Map.Entry<String, Integer> e : byToken.entrySet()) {
      int id = e.getValue();
      if (id >= tokens.length) {
        throw new IllegalArgumentException(
            file
                + ": token "
                + quote(e.getKey())
                + " has id "
                + id
                + " but the file has only "
                + tokens.length
                + " entries; ids must be exactly 0.."
                + (tokens.length - 1));
      }
      if (tokens[id] != null) {
        throw new IllegalArgumentException(
            file
                + ": id "
                + id
                + " is used by both "
                + quote(tokens[id])
                + " and "
                + quote(e.getKey()));
      }
      tokens[id] = e.getKey();
    }
    return tokens;
  }

  private static IllegalArgumentException malformedVocab(Path file, JsonLocation at, String what) {
    String where = at == null ? "" : " line " + at.getLineNr() + " column " + at.getColumnNr();
    return new IllegalArgumentException(file + ":" + where + ": malformed vocab: " + what);
  }

  private static List<String[]> readMerges(Path file) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    int end = lines.size();
    while (end > 0 && lines.get(end - 1).isEmpty()) {
      end--;
    }
    int start = !lines.isEmpty() && lines.get(0).startsWith("#version") ? 1 : 0;
    List<String[]> pairs = new ArrayList<>(end - start);
    Map<String, Integer> seenAt = new HashMap<>(end * 2);
    for (int i = start; i < end; i++) {
      String line = lines.get(i);
      int space = line.indexOf(' ');
      // Byte-level symbols never contain whitespace, so exactly one space is the only valid shape;
      // anything else would silently shift every later rank in Hugging Face's reader.
      if (space <= 0 || space == line.length() - 1 || hasWhitespace(line, space)) {
        throw new IllegalArgumentException(
            file + ": line " + (i + 1) + ": expected a merge \"left right\", got " + quote(line));
      }
      Integer earlier = seenAt.putIfAbsent(line, i + 1);
      if (earlier != null) {
        throw new IllegalArgumentException(
            file + ": line " + (i + 1) + ": merge " + quote(line) + " repeats line " + earlier);
      }
      pairs.add(new String[] {line.substring(0, space), line.substring(space + 1)});
    }
    return pairs;
  }

  private static boolean hasWhitespace(String line, int separator) {
    for (int i = 0; i < line.length(); i++) {
      if (i != separator && Character.isWhitespace(line.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static UncheckedIOException unreadable(Path file, IOException e) {
    String why =
        e instanceof NoSuchFileException
            ? "no such file"
            : e instanceof CharacterCodingException ? "not valid UTF-8" : e.toString();
    return new UncheckedIOException("cannot read tokenizer file " + file + ": " + why, e);
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }

  /** Token ids of {@code text}, without BOS or any special token; "" gives an empty array. */
  public int[] encode(String text) {
    IntBuffer out = new IntBuffer(text.length() / 3 + 4);
    ByteLevel.preTokenize(text, piece -> out.addAll(word(piece)));
    return out.toArray();
  }

  private int[] word(String piece) {
    int[] cached = cache.get(piece);
    if (cached == null) {
      cached = bpe(piece);
      if (cache.size() >= CACHE_LIMIT) {
        // A crude bound, but long runs see a stable working set that refills in a few calls.
        cache.clear();
      }
      cache.put(piece, cached);
    }
    return cached;
  }

  private int[] bpe(String piece) {
    byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
    int[] symbols = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      symbols[i] = bytes[i] & 0xFF; // symbol numbers 0..255 are the byte characters
    }
    int length = symbols.length;
    while (length > 1) {
      Merge best = null;
      int left = 0;
      int right = 0;
      for (int i = 0; i + 1 < length; i++) {
        Merge m = merges.get(pairKey(symbols[i], symbols[i + 1]));
        if (m != null && (best == null || m.rank() < best.rank())) {
          best = m;
          left = symbols[i];
          right = symbols[i + 1];
        }
      }
      if (best == null) {
        break;
      }
      // As GPT-2's bpe(): apply the best merge at every occurrence, scanning left to right.
      int w = 0;
      for (int i = 0; i < length; ) {
        if (i + 1 < length && symbols[i] == left && symbols[i + 1] == right) {
          symbols[w++] = best.result();
          i += 2;
        } else {
          symbols[w++] = symbols[i++];
        }
      }
      length = w;
    }
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      int id = symbolIds[symbols[i]];
      if (id < 0) {
        if (unkId < 0) {
          throw new IllegalStateException(
              "BPE symbol of " + quote(piece) + " is not in the vocab, which has no <unk>");
        }
        id = unkId;
      }
      out[i] = id;
    }
    return out;
  }

  /**
   * Text of {@code ids}: tokens are concatenated and their byte characters decoded as UTF-8
   * (invalid sequences become U+FFFD). Nothing is skipped: special tokens decode to their strings,
   * e.g. {@code </s>}.
   *
   * @throws IllegalArgumentException for an id outside 0..size-1
   */
  public String decode(int[] ids) {
    byte[] bytes = new byte[ids.length * 4];
    int n = 0;
    for (int id : ids) {
      String t = token(id);
      if (n + t.length() > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, n + t.length()));
      }
      for (int i = 0; i < t.length(); i++) {
        int b = ByteLevel.charByte(t.charAt(i));
        if (b < 0) {
          throw new IllegalArgumentException(
              "token " + id + " " + quote(t) + " is not made of byte-level characters");
        }
        bytes[n++] = (byte) b;
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  /** Number of vocab entries (50265 for OPT; OPT's embedding has 50272 rows). */
  public int size() {
    return tokens.length;
  }

  /** The id of vocab entry {@code token} (in byte-level form, e.g. "Ġthe"), if present. */
  public OptionalInt id(String token) {
    Integer id = ids.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /**
   * The vocab entry with id {@code id}, in byte-level form.
   *
   * @throws IllegalArgumentException for an id outside 0..size-1
   */
  public String token(int id) {
    if (id < 0 || id >= tokens.length) {
      throw new IllegalArgumentException(
          "token id " + id + " is outside the vocab, valid ids are 0.." + (tokens.length - 1));
    }
    return tokens[id];
  }

  /**
   * The merged strings {@code a+b} of merges.txt, rank 0 first: the order of GPT-2's {@code
   * bpe_ranks}, from which the paper draws its term-frequency ranked token pool.
   */
  public List<String> mergesInRankOrder() {
    return mergedInRankOrder;
  }

  /** A growable int array, so that encoding does not box every id. */
  private static final class IntBuffer {
    private int[] data;
    private int size;

    IntBuffer(int capacity) {
      data = new int[capacity];
    }

    void addAll(int[] values) {
      if (size + values.length > data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, size + values.length));
      }
      System.arraycopy(values, 0, data, size, values.length);
      size += values.length;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
