package org.opticl.model.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.tokenizer.TokenizerFiles;
import org.opticl.schema.json.Digests;

/**
 * Trains a small OPT on {@link RepeatedTokens} until it predicts the repeats, which it can only do
 * with induction heads: a previous-token head in layer 0 and, in layer 1, a head that attends from
 * the current token to the token after its previous occurrence (Olsson et al., 2022). The model is
 * the measurements' positive control — a model whose induction heads are known to exist — so it is
 * made by opticl itself, deterministically by seed, in a few minutes on two CPU cores.
 *
 * <p>Induction heads appear after a plateau whose length grows with the context length and with the
 * number of distinct tokens, so training is a curriculum of {@link Stage}s: short sequences over a
 * small token range first, where the circuit forms within a few thousand cheap steps; then the
 * whole token range; then the same short sequences placed at random rows of the position table
 * ({@link Source#shiftPositions}), which teaches the rest of the table to serve the previous-token
 * head far more cheaply than long sequences would; and last, long sequences in turn with short
 * ones, which sharpen the induction head's attention over a long context. Each stage ends as soon
 * as held-out sequences of every kind it trains on are predicted well enough in their second copy
 * (the stopping criterion), or at its step cap. The loop itself is plain: cross-entropy on the
 * predictable positions only (the random prefix and first copy carry no signal and would only add
 * noise to the gradient), global gradient-norm clipping, and {@link AdamW} with a linear warm-up to
 * a constant learning rate.
 *
 * <p>Every random choice comes from the seed (weights through {@link RandomOpt}, sequences through
 * {@link SplittableRandom}), and PyTorch runs on a fixed number of intra-op threads: every CPU
 * kernel then reduces in a fixed order, so the same seed and thread count give a byte-identical
 * {@code model.safetensors} run after run. The count is part of the recipe — another count trains
 * another model — and the default is one thread, with which the built-in model was measured (132 s
 * on a quiet 2-core machine; two threads take 94 s, and on a busy machine they spin-wait on each
 * other's tiny kernels). Libtorch picks its kernels by CPU instruction set, so the bytes are pinned
 * per CPU family, not across all machines.
 */
public final class InductionTraining {
  private InductionTraining() {}

  /** Only one DJL gradient collector may be open per JVM. */
  private static final Object GRADIENT_LOCK = new Object();

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One kind of training sequence.
   *
   * @param data the sequences; their length must not exceed {@code max_position_embeddings}
   * @param batchSize sequences per step
   * @param shiftPositions whether each sequence starts at a random row of the position table
   *     instead of row 0 (positions still count up by one per token): short, cheap sequences then
   *     train the whole table, and the circuit works wherever a sequence sits in a long context
   */
  public record Source(RepeatedTokens data, int batchSize, boolean shiftPositions) {
    public Source {
      positive("batchSize", batchSize);
    }

    /** Sequences that start at position 0. */
    public static Source of(RepeatedTokens data, int batchSize) {
      return new Source(data, batchSize, false);
    }

    /** Sequences that start at a random position. */
    public static Source shifted(RepeatedTokens data, int batchSize) {
      return new Source(data, batchSize, true);
    }
  }

  /**
   * One phase of the curriculum. Its steps take their batches from its sources in turn.
   *
   * @param sources what the stage trains on, one batch from each in turn
   * @param maxSteps the stage's step cap, used when its target is never reached
   * @param targetAccuracy the stage ends once every source's stopping set reaches this second-copy
   *     accuracy (evaluated as the source trains: shifted where it shifts)
   * @param learningRate the stage's (peak) learning rate; later stages refine what earlier ones
   *     found and use smaller steps
   */
  public record Stage(
      List<Source> sources, int maxSteps, double targetAccuracy, double learningRate) {
    public Stage {
      sources = List.copyOf(sources);
      if (sources.isEmpty()) {
        throw new IllegalArgumentException("a stage needs at least one source");
      }
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException(
            "learningRate=" + learningRate + " must be a positive finite number");
      }
      positive("maxSteps", maxSteps);
      if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
        throw new IllegalArgumentException(
            "targetAccuracy=" + targetAccuracy + " must be in (0, 1]");
      }
    }

    /** A stage of one source. */
    public Stage(Source source, int maxSteps, double targetAccuracy, double learningRate) {
      this(List.of(source), maxSteps, targetAccuracy, learningRate);
    }
  }

  /**
   * Everything a training run depends on.
   *
   * @param model the architecture; pre-LN, and vocabulary large enough for every stage's tokens
   * @param stages the curriculum, run in order; the last stage's data is what the summary reports
   * @param seed seeds the initial weights and every sequence
   * @param maxSteps a cap on the steps of all stages together (the stages' own caps still apply)
   * @param optimizer AdamW hyper-parameters; each stage sets its own learning rate
   * @param warmupSteps steps of linear warm-up from 0 to the peak learning rate at the start of
   *     training; a constant rate afterwards, because the stop step is not known in advance
   * @param maxGradNorm global gradient-norm clip, which keeps the early Adam steps from
   *     overshooting
   * @param initStd standard deviation of the initial weights (OPT's 0.02)
   * @param evalEvery steps between checks of the stopping criterion
   * @param evalSequences held-out sequences per stopping set and in the reported set
   * @param threads PyTorch intra-op threads while training (the bytes of the result depend on it)
   */
  public record Options(
      OptConfig model,
      String tokenizerCorpus,
      List<Stage> stages,
      long seed,
      int maxSteps,
      AdamW.Settings optimizer,
      int warmupSteps,
      double maxGradNorm,
      float initStd,
      int evalEvery,
      int evalSequences,
      int threads) {

    public Options {
      stages = List.copyOf(stages);
      if (tokenizerCorpus == null || tokenizerCorpus.isBlank()) {
        throw new IllegalArgumentException("tokenizerCorpus is empty: the tokenizer needs text");
      }
      if (!model.layerNormBefore()) {
        throw new IllegalArgumentException("only pre-LN models are trained (do_layer_norm_before)");
      }
      if (stages.isEmpty()) {
        throw new IllegalArgumentException("a training run needs at least one stage");
      }
      for (int i = 0; i < stages.size(); i++) {
        for (Source src : stages.get(i).sources()) {
          RepeatedTokens d = src.data();
          if (d.endToken() > model.vocabSize()) {
            throw new IllegalArgumentException(
                "stage "
                    + i
                    + ": token range ends at "
                    + d.endToken()
                    + " but vocab_size="
                    + model.vocabSize());
          }
          if (d.length() > model.maxPositions()) {
            throw new IllegalArgumentException(
                "stage "
                    + i
                    + ": sequence length "
                    + d.length()
                    + " exceeds max_position_embeddings="
                    + model.maxPositions());
          }
        }
      }
      positive("maxSteps", maxSteps);
      positive("evalEvery", evalEvery);
      positive("evalSequences", evalSequences);
      positive("threads", threads);
      if (warmupSteps < 0) {
        throw new IllegalArgumentException("warmupSteps=" + warmupSteps + " must be >= 0");
      }
      if (!(maxGradNorm > 0)) {
        throw new IllegalArgumentException("maxGradNorm=" + maxGradNorm + " must be positive");
      }
      if (!(initStd > 0)) {
        throw new IllegalArgumentException("initStd=" + initStd + " must be positive");
      }
    }

    /**
     * The induction-head model of {@code opticl train-induction}: 2 layers of 4 heads (width 16),
     * hidden 64, FFN 256, vocabulary 544 and 256 positions, with a BPE tokenizer trained on {@code
     * tokenizerCorpus}; ids 260–543 are its merges, and every sequence draws its segment from them
     * (its filler prefix from the byte tokens, ids 4–259). Four stages, each until 90% second-copy
     * accuracy unless said otherwise:
     *
     * <ol>
     *   <li>25 tokens over the first 76 merges, |S| in [6, 12], 64 sequences a step: the circuit
     *       forms, and a small range and short sequences keep the plateau before it short;
     *   <li>the same over all 284 merges: the embeddings of the other tokens join the circuit;
     *   <li>the same, each sequence starting at a random position: the rest of the position table
     *       learns to serve the previous-token head;
     *   <li>in turn, those and 192-token sequences with |S| in [8, 48] (8 a step), until 95%:
     *       attention sharp enough to find the previous occurrence among a long context, as the
     *       prefix-matching probe's {@code [BOS] + S×4} asks, without losing short contexts.
     * </ol>
     */
    public static Options defaults(String tokenizerCorpus) {
      OptConfig model = new OptConfig(64, 4, 2, 256, 544, 256, 64, true, true, true, "float32");
      RepeatedTokens core = new RepeatedTokens(260, 336, 6, 12, 25, 4, 260);
      RepeatedTokens all = new RepeatedTokens(260, 544, 6, 12, 25, 4, 260);
      RepeatedTokens long_ = new RepeatedTokens(260, 544, 8, 48, 192, 4, 260);
      return new Options(
          model,
          tokenizerCorpus,
          List.of(
              new Stage(Source.of(core, 64), 4000, 0.9, 3e-3),
              new Stage(Source.of(all, 64), 2000, 0.9, 1e-3),
              new Stage(Source.shifted(all, 64), 2000, 0.9, 1e-3),
              new Stage(List.of(Source.shifted(all, 64), Source.of(long_, 8)), 1000, 0.95, 1e-3)),
          0,
          9000,
          new AdamW.Settings(3e-3, 0.9, 0.98, 1e-8, 0.01),
          50,
          1.0,
          0.02f,
          100,
          32,
          1);
    }

    /** {@link #defaults(String)} with opticl's built-in English corpus. */
    public static Options defaults() {
      return defaults(TokenizerFiles.builtinCorpus());
    }

    public Options withSeed(long newSeed) {
      return with(stages, newSeed, maxSteps);
    }

    public Options withMaxSteps(int newMaxSteps) {
      return with(stages, seed, newMaxSteps);
    }

    public Options withStages(List<Stage> newStages) {
      return with(newStages, seed, maxSteps);
    }

    private Options with(List<Stage> newStages, long newSeed, int newMaxSteps) {
      return new Options(
          model,
          tokenizerCorpus,
          newStages,
          newSeed,
          newMaxSteps,
          optimizer,
          warmupSteps,
          maxGradNorm,
          initStd,
          evalEvery,
          evalSequences,
          threads);
    }

    /** The sources of the last stage: what the finished model is evaluated on. */
    public List<Source> finalSources() {
      return stages.get(stages.size() - 1).sources();
    }
  }

  /**
   * One training step's outcome, for progress displays.
   *
   * @param step steps done so far, all stages together
   * @param maxSteps the overall step cap
   * @param stage the stage this step belonged to (from 0)
   * @param loss this step's mean cross-entropy over the predictable positions
   * @param secondCopyAccuracy the stage's stopping-set accuracy, on steps where it was checked
   */
  public record Progress(
      int step, int maxSteps, int stage, double loss, OptionalDouble secondCopyAccuracy) {}

  /**
   * Greedy (argmax) next-token accuracy by region of the sequence.
   *
   * @param firstCopy tokens 2…|S| of the first copy: unpredictable, so near chance (≈ 1/|range|)
   * @param secondCopy tokens 2…|S| of the second copy: the first repeat, which needs induction
   * @param laterCopies every token after the second copy
   */
  public record Evaluation(double firstCopy, double secondCopy, double laterCopies) {}

  /**
   * What a run did.
   *
   * @param steps steps taken, all stages together
   * @param stageSteps steps taken in each stage
   * @param reachedTarget whether the last stage stopped because its stopping criterion was met
   * @param finalLoss the last step's training loss
   * @param evaluation accuracies on the reported set (the last stage's data), which training never
   *     saw and which did not decide any stop
   * @param trainSeconds wall time of initialisation and training, without saving
   */
  public record Summary(
      Options options,
      int steps,
      List<Integer> stageSteps,
      boolean reachedTarget,
      double finalLoss,
      Evaluation evaluation,
      double trainSeconds) {
    public Summary {
      stageSteps = List.copyOf(stageSteps);
    }
  }

  /** A trained model and its summary; closing it closes the model. */
  public record Trained(OptModel model, Summary summary) implements AutoCloseable {
    @Override
    public void close() {
      model.close();
    }
  }

  /** Trains a model in memory; {@code progress} hears about every step. */
  public static Trained train(Options options, Consumer<Progress> progress) {
    long start = System.nanoTime();
    SplittableRandom root = new SplittableRandom(options.seed());
    SplittableRandom trainRng = root.split();
    int positions = options.model().maxPositions();
    List<List<List<Drawn>>> stopSets = new ArrayList<>(); // stage → source → sequences
    for (Stage st : options.stages()) {
      List<List<Drawn>> perSource = new ArrayList<>();
      for (Source src : st.sources()) {
        perSource.add(draw(src, options.evalSequences(), positions, root.split()));
      }
      stopSets.add(perSource);
    }
    List<List<Drawn>> reportSet = new ArrayList<>();
    for (Source src : options.finalSources()) {
      reportSet.add(draw(src, options.evalSequences(), positions, root.split()));
    }
    Engine engine = Engine.getEngine("PyTorch");
    int previousThreads = JniUtils.getNumThreads();
    // PyTorch's grad mode is per thread and on by default on threads other than the one that
    // loaded the engine (a Temporal activity's, say); a gradient collector restores it on close.
    // Off here, so optimizer updates and evaluations never record autograd history.
    boolean previousGradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    OptModel model =
        OptModel.trainable(
            new RandomOpt(options.model(), options.seed(), options.initStd()), options.model());
    try {
      JniUtils.setNumThreads(options.threads());
      List<NDArray> parameters = model.parameters();
      int step = 0;
      double loss = Double.NaN;
      boolean reached = false;
      List<Integer> stageSteps = new ArrayList<>();
      try (AdamW optimizer = new AdamW(parameters, options.optimizer());
          NDManager base = engine.newBaseManager(Device.cpu())) {
        for (int k = 0; k < options.stages().size() && step < options.maxSteps(); k++) {
          Stage stage = options.stages().get(k);
          int stageStart = step;
          reached = false;
          while (step - stageStart < stage.maxSteps() && step < options.maxSteps() && !reached) {
            Source src = stage.sources().get((step - stageStart) % stage.sources().size());
            RepeatedTokens.Examples batch = src.data().batch(trainRng, src.batchSize());
            int[] shift = shifts(src, positions, trainRng);
            loss = backward(engine, model, base, batch, shift, step);
            AdamW.clipGradientNorm(parameters, options.maxGradNorm());
            optimizer.step(learningRate(options, stage, step));
            step++;
            OptionalDouble accuracy = OptionalDouble.empty();
            if ((step - stageStart) % options.evalEvery() == 0) {
              // The stage is done when every kind of sequence it trains on is: the weakest counts.
              double second = Double.POSITIVE_INFINITY;
              for (List<Drawn> set : stopSets.get(k)) {
                second = Math.min(second, evaluate(model, List.of(set)).secondCopy());
              }
              accuracy = OptionalDouble.of(second);
              reached = second >= stage.targetAccuracy();
            }
            progress.accept(new Progress(step, options.maxSteps(), k, loss, accuracy));
          }
          stageSteps.add(step - stageStart);
        }
      }
      Evaluation report = evaluate(model, reportSet);
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Trained(
          model, new Summary(options, step, stageSteps, reached, loss, report, seconds));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    } finally {
      JniUtils.setNumThreads(previousThreads);
      JniUtils.setGradMode(previousGradMode);
    }
  }

  /** One forward and backward pass, leaving the gradients in the parameters; returns the loss. */
  private static double backward(
      Engine engine,
      OptModel model,
      NDManager base,
      RepeatedTokens.Examples batch,
      int[] shift,
      int step) {
    double loss;
    try (NDManager sm = base.newSubManager()) {
      synchronized (GRADIENT_LOCK) {
        try (GradientCollector gc = engine.newGradientCollector()) {
          NDArray nll = model.trainingLoss(sm, batch.batch(), batch.labels(), shift); // scalar
          loss = nll.getFloat();
          gc.backward(nll);
        }
      }
    }
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException("training diverged: loss=" + loss + " at step " + (step + 1));
    }
    return loss;
  }

  /**
   * Trains a model and writes it to {@code dir} as a complete Hugging Face OPT directory: {@code
   * config.json}, {@code model.safetensors}, a tokenizer ({@code vocab.json}, {@code merges.txt})
   * trained by opticl to the model's vocabulary size, and {@code training.json} (seed, steps, loss,
   * accuracies, wall time including the save).
   */
  public static Summary trainAndSave(Options options, Path dir, Consumer<Progress> progress)
      throws IOException {
    long start = System.nanoTime();
    try (Trained trained = train(options, progress)) {
      trained.model().save(dir);
      TokenizerFiles.writeTrained(
          dir, options.tokenizerCorpus(), Math.min(options.model().vocabSize(), 1024));
      double wall = (System.nanoTime() - start) / 1e9;
      Files.writeString(
          dir.resolve("training.json"),
          JSON.writerWithDefaultPrettyPrinter()
              .writeValueAsString(trainingJson(trained.summary(), wall)));
      return trained.summary();
    }
  }

  /** The contents of {@code training.json}. */
  static ObjectNode trainingJson(Summary s, double wallSeconds) {
    Options o = s.options();
    ObjectNode n = JSON.createObjectNode();
    n.put(
        "task",
        "repeated random tokens: [BOS] + R + S + S + ... (S distinct tokens, R filler from its own"
            + " range)");
    n.put(
        "tokenizer_corpus_sha256",
        Digests.sha256Hex(o.tokenizerCorpus().getBytes(StandardCharsets.UTF_8)));
    n.put("seed", o.seed());
    n.put("steps", s.steps());
    n.put("max_steps", o.maxSteps());
    n.put("reached_target", s.reachedTarget());
    n.put("final_loss", s.finalLoss());
    ObjectNode acc = n.putObject("accuracy");
    acc.put("first_copy", s.evaluation().firstCopy());
    acc.put("second_copy", s.evaluation().secondCopy());
    acc.put("later_copies", s.evaluation().laterCopies());
    n.put("train_seconds", s.trainSeconds());
    n.put("wall_seconds", wallSeconds);
    n.put("threads", o.threads());
    ArrayNode stages = n.putArray("stages");
    for (int i = 0; i < o.stages().size(); i++) {
      Stage st = o.stages().get(i);
      ObjectNode sn = stages.addObject();
      sn.put("steps", i < s.stageSteps().size() ? s.stageSteps().get(i) : 0);
      sn.put("max_steps", st.maxSteps());
      sn.put("target_second_copy_accuracy", st.targetAccuracy());
      sn.put("learning_rate", st.learningRate());
      ArrayNode sources = sn.putArray("sources");
      for (Source src : st.sources()) {
        ObjectNode so = sources.addObject();
        so.put("batch_size", src.batchSize());
        so.put("shift_positions", src.shiftPositions());
        so.put("first_token", src.data().firstToken());
        so.put("end_token", src.data().endToken());
        so.put("min_segment", src.data().minSegment());
        so.put("max_segment", src.data().maxSegment());
        so.put("length", src.data().length());
        so.put("filler_first_token", src.data().fillerFirst());
        so.put("filler_end_token", src.data().fillerEnd());
      }
    }
    n.put("supervised", "from the second token of the second copy on");
    ObjectNode opt = n.putObject("optimizer");
    opt.put("name", "AdamW");
    opt.put("beta1", o.optimizer().beta1());
    opt.put("beta2", o.optimizer().beta2());
    opt.put("epsilon", o.optimizer().epsilon());
    opt.put("weight_decay", o.optimizer().weightDecay());
    opt.put("warmup_steps", o.warmupSteps());
    opt.put("max_grad_norm", o.maxGradNorm());
    n.put("init_std", o.initStd());
    n.put("eval_every", o.evalEvery());
    n.put("eval_sequences", o.evalSequences());
    return n;
  }

  /**
   * The stage's rate, after a linear warm-up over the first {@code warmupSteps} steps of training.
   * {@code step} counts from 0 over all stages.
   */
  static double learningRate(Options o, Stage stage, int step) {
    double peak = stage.learningRate();
    return step < o.warmupSteps() ? peak * (step + 1) / (o.warmupSteps() + 1) : peak;
  }

  private static List<RepeatedTokens.Example> examples(
      RepeatedTokens data, int count, SplittableRandom rng) {
    List<RepeatedTokens.Example> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(data.sample(rng));
    }
    return out;
  }

  /** A sequence and the row of the position table it starts at. */
  private record Drawn(RepeatedTokens.Example example, int shift) {}

  /** Position shifts for a batch of {@code src}: random where it shifts, 0 otherwise. */
  private static int[] shifts(Source src, int positions, SplittableRandom rng) {
    int[] shift = new int[src.batchSize()];
    if (src.shiftPositions()) {
      int room = positions - src.data().length();
      for (int b = 0; b < shift.length; b++) {
        shift[b] = rng.nextInt(room + 1);
      }
    }
    return shift;
  }

  private static List<Drawn> draw(Source src, int count, int positions, SplittableRandom rng) {
    List<Drawn> out = new ArrayList<>();
    int room = positions - src.data().length();
    for (int i = 0; i < count; i++) {
      RepeatedTokens.Example e = src.data().sample(rng);
      out.add(new Drawn(e, src.shiftPositions() ? rng.nextInt(room + 1) : 0));
    }
    return out;
  }

  /**
   * Greedy accuracies of {@code model}, pooled over sets of equally long sequences, each evaluated
   * at its own position shift, in batches of 8.
   */
  private static Evaluation evaluate(OptModel model, List<List<Drawn>> sets) {
    long[] correct = new long[3];
    long[] total = new long[3];
    for (List<Drawn> set : sets) {
      for (int from = 0; from < set.size(); from += 8) {
        List<Drawn> chunk = set.subList(from, Math.min(from + 8, set.size()));
        int[][] ids = chunk.stream().map(d -> d.example().ids()).toArray(int[][]::new);
        int[][] next = model.greedy(Batch.of(ids), chunk.stream().mapToInt(Drawn::shift).toArray());
        for (int b = 0; b < chunk.size(); b++) {
          int start = chunk.get(b).example().start();
          int s = chunk.get(b).example().segment();
          // Token t is predicted at t-1; the first token of each of the first two copies is
          // skipped: the first is random, and the second copy's first follows a token never seen
          // before.
          for (int t = start + 1; t < ids[b].length; t++) {
            if (t == start + s) {
              continue;
            }
            int region = t < start + s ? 0 : t < start + 2 * s ? 1 : 2;
            total[region]++;
            if (next[b][t - 1] == ids[b][t]) {
              correct[region]++;
            }
          }
        }
      }
    }
    return new Evaluation(
        ratio(correct[0], total[0]), ratio(correct[1], total[1]), ratio(correct[2], total[2]));
  }

  private static double ratio(long a, long b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + "=" + value + " must be positive");
    }
  }
}
