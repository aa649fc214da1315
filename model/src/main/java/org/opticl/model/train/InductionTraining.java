package org.opticl.model.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.tokenizer.TokenizerFiles;

/**
 * Trains a small OPT on {@link RepeatedTokens} until it predicts the repeats, which it can only do
 * with induction heads: a previous-token head in layer 0 and, in layer 1, a head that attends from
 * the current token to the token after its previous occurrence (Olsson et al., 2022). The model is
 * the measurements' positive control — a model whose induction heads are known to exist — so it is
 * made by opticl itself, deterministically by seed, in a few minutes on a laptop's CPU.
 *
 * <p>The loop is plain: cross-entropy on the predictable positions only (the random first copy
 * carries no signal and would only add noise to the gradient), global gradient-norm clipping,
 * {@link AdamW} with a linear warm-up to a constant learning rate, and an early stop as soon as a
 * held-out set of sequences is predicted well enough in its second copy (see {@link
 * Options#targetAccuracy}). Every random choice comes from the seed (weights through {@link
 * RandomOpt}, sequences through {@link SplittableRandom}), and PyTorch runs on a fixed number of
 * intra-op threads: the CPU kernels used here (matmul, softmax, LayerNorm, embedding and index
 * backward passes) reduce in an order fixed by the thread count, so the same seed and thread count
 * on the same CPU gives a byte-identical {@code model.safetensors}.
 */
public final class InductionTraining {
  private InductionTraining() {}

  /** Only one DJL gradient collector may be open per JVM. */
  private static final Object GRADIENT_LOCK = new Object();

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Everything a training run depends on.
   *
   * @param model the architecture; pre-LN, and vocabulary large enough for the data's token range
   * @param data the sequences; their length must not exceed {@code max_position_embeddings}
   * @param seed seeds the initial weights and every sequence
   * @param maxSteps the step cap, used when the target accuracy is never reached
   * @param batchSize sequences per step
   * @param optimizer AdamW hyper-parameters; {@code learningRate} is the peak after warm-up
   * @param warmupSteps steps of linear warm-up from 0 to the peak learning rate; a constant rate
   *     afterwards, because the stop step is not known in advance
   * @param maxGradNorm global gradient-norm clip, which keeps the early Adam steps from
   *     overshooting
   * @param initStd standard deviation of the initial weights (OPT's 0.02 by default)
   * @param evalEvery steps between checks of the stopping criterion
   * @param evalSequences held-out sequences in the stopping set and, separately, the reported set
   * @param targetAccuracy stop once the stopping set's second-copy accuracy reaches this
   * @param threads PyTorch intra-op threads while training (determinism depends on the count)
   */
  public record Options(
      OptConfig model,
      RepeatedTokens data,
      long seed,
      int maxSteps,
      int batchSize,
      AdamW.Settings optimizer,
      int warmupSteps,
      double maxGradNorm,
      float initStd,
      int evalEvery,
      int evalSequences,
      double targetAccuracy,
      int threads) {

    public Options {
      if (!model.layerNormBefore()) {
        throw new IllegalArgumentException("only pre-LN models are trained (do_layer_norm_before)");
      }
      if (data.endToken() > model.vocabSize()) {
        throw new IllegalArgumentException(
            "token range ends at " + data.endToken() + " but vocab_size=" + model.vocabSize());
      }
      if (data.length() > model.maxPositions()) {
        throw new IllegalArgumentException(
            "sequence length "
                + data.length()
                + " exceeds max_position_embeddings="
                + model.maxPositions());
      }
      positive("maxSteps", maxSteps);
      positive("batchSize", batchSize);
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
      if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
        throw new IllegalArgumentException(
            "targetAccuracy=" + targetAccuracy + " must be in (0, 1]");
      }
    }

    /**
     * The induction-head model of {@code opticl train-induction}: 2 layers of 8 heads (width 16),
     * hidden 128, FFN 512, vocabulary 512 and 256 positions; sequences of 256 tokens with |S| in
     * [8, 64] drawn from ids 4–511. 256 positions hold the prefix-matching probe's {@code [BOS] +
     * S×4} up to |S| = 63; 8 heads per layer leave most heads non-induction heads.
     */
    public static Options defaults() {
      OptConfig model = new OptConfig(128, 8, 2, 512, 512, 256, 128, true, true, true, "float32");
      return new Options(
          model,
          new RepeatedTokens(4, 512, 8, 64, 256),
          0,
          2000,
          16,
          new AdamW.Settings(2e-3, 0.9, 0.98, 1e-8, 0.01),
          50,
          1.0,
          0.02f,
          25,
          32,
          0.95,
          2);
    }

    public Options withSeed(long newSeed) {
      return new Options(
          model,
          data,
          newSeed,
          maxSteps,
          batchSize,
          optimizer,
          warmupSteps,
          maxGradNorm,
          initStd,
          evalEvery,
          evalSequences,
          targetAccuracy,
          threads);
    }

    public Options withMaxSteps(int newMaxSteps) {
      return new Options(
          model,
          data,
          seed,
          newMaxSteps,
          batchSize,
          optimizer,
          warmupSteps,
          maxGradNorm,
          initStd,
          evalEvery,
          evalSequences,
          targetAccuracy,
          threads);
    }

    private static void positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + "=" + value + " must be positive");
      }
    }
  }

  /**
   * One training step's outcome, for progress displays.
   *
   * @param step steps done so far
   * @param maxSteps the step cap
   * @param loss this step's mean cross-entropy over the predictable positions
   * @param secondCopyAccuracy the stopping set's second-copy accuracy, on steps where it was
   *     checked
   */
  public record Progress(int step, int maxSteps, double loss, OptionalDouble secondCopyAccuracy) {}

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
   * @param steps steps taken
   * @param reachedTarget whether training stopped because the stopping criterion was met
   * @param finalLoss the last step's training loss
   * @param evaluation accuracies on the reported set, which training never saw and which did not
   *     decide the stop
   * @param trainSeconds wall time of initialisation and training, without saving
   */
  public record Summary(
      Options options,
      int steps,
      boolean reachedTarget,
      double finalLoss,
      Evaluation evaluation,
      double trainSeconds) {}

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
    List<RepeatedTokens.Example> stopSet = examples(options, root.split());
    List<RepeatedTokens.Example> reportSet = examples(options, root.split());
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
      int stage1 = Integer.getInteger("stage1", 0);
      int stage1Seg = Integer.getInteger("stage1Seg", 2);
      if (stage1 > 0) {
        java.util.Set<NDArray> frozen =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int l = 1; l < options.model().numLayers(); l++) {
          OptModel.AttentionWeights w = model.attentionWeights(l);
          frozen.addAll(
              List.of(
                  w.normWeight(),
                  w.normBias(),
                  w.qkvWeight(),
                  w.qkvBias(),
                  w.outWeight(),
                  w.outBias()));
        }
        List<NDArray> lower = parameters.stream().filter(p -> !frozen.contains(p)).toList();
        RepeatedTokens shortRepeats =
            new RepeatedTokens(
                options.data().firstToken(),
                options.data().endToken(),
                stage1Seg,
                stage1Seg,
                options.data().length());
        try (AdamW optimizer = new AdamW(lower, options.optimizer());
            NDManager base = engine.newBaseManager(Device.cpu())) {
          while (step < stage1) {
            RepeatedTokens.Examples batch =
                Boolean.getBoolean("aba")
                    ? aba(options.data(), trainRng, options.batchSize())
                    : shortRepeats.batch(trainRng, options.batchSize());
            loss = backward(engine, model, base, batch, step);
            for (NDArray p : frozen) {
              ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
            }
            AdamW.clipGradientNorm(lower, options.maxGradNorm());
            optimizer.step(learningRate(options, step));
            step++;
            progress.accept(new Progress(step, options.maxSteps(), loss, OptionalDouble.empty()));
          }
        }
      }
      java.util.Set<NDArray> frozen0 =
          java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      if (stage1 > 0 && Boolean.getBoolean("freeze0")) {
        OptModel.AttentionWeights w = model.attentionWeights(0);
        frozen0.addAll(
            List.of(
                w.normWeight(),
                w.normBias(),
                w.qkvWeight(),
                w.qkvBias(),
                w.outWeight(),
                w.outBias()));
      }
      List<NDArray> trainable2 = parameters.stream().filter(p -> !frozen0.contains(p)).toList();
      try (AdamW optimizer = new AdamW(trainable2, options.optimizer());
          NDManager base = engine.newBaseManager(Device.cpu())) {
        while (step < options.maxSteps() && !reached) {
          RepeatedTokens.Examples batch = options.data().batch(trainRng, options.batchSize());
          loss = backward(engine, model, base, batch, step);
          for (NDArray p : frozen0) {
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
          }
          AdamW.clipGradientNorm(trainable2, options.maxGradNorm());
          optimizer.step(learningRate(options, step - stage1));
          step++;
          OptionalDouble accuracy = OptionalDouble.empty();
          if (step % options.evalEvery() == 0 || step == options.maxSteps()) {
            double second = evaluate(model, stopSet).secondCopy();
            accuracy = OptionalDouble.of(second);
            reached = second >= options.targetAccuracy();
          }
          progress.accept(new Progress(step, options.maxSteps(), loss, accuracy));
        }
      }
      Evaluation report = evaluate(model, reportSet);
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Trained(model, new Summary(options, step, reached, loss, report, seconds));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    } finally {
      JniUtils.setNumThreads(previousThreads);
      JniUtils.setGradMode(previousGradMode);
    }
  }

  static RepeatedTokens.Examples aba(RepeatedTokens d, SplittableRandom rng, int size) {
    int t = d.length();
    int[][] ids = new int[size][t];
    int[][] labels = new int[size][t];
    for (int b = 0; b < size; b++) {
      int[] pool = new int[d.tokenCount()];
      for (int i = 0; i < pool.length; i++) {
        pool[i] = d.firstToken() + i;
      }
      int next = 0;
      java.util.Arrays.fill(labels[b], RepeatedTokens.IGNORE);
      ids[b][0] = RepeatedTokens.BOS;
      int pos = 1;
      int offset = rng.nextInt(3);
      while (pos < t) {
        int j = next + rng.nextInt(pool.length - next);
        int tmp = pool[next];
        pool[next] = pool[j];
        pool[j] = tmp;
        int tok = pool[next++];
        if (next >= pool.length) {
          next = 0;
        }
        if (offset > 0) {
          ids[b][pos++] = tok;
          offset--;
          continue;
        }
        int j2 = next + rng.nextInt(pool.length - next);
        int tmp2 = pool[next];
        pool[next] = pool[j2];
        pool[j2] = tmp2;
        int tok2 = pool[next++];
        if (next >= pool.length) {
          next = 0;
        }
        ids[b][pos++] = tok;
        if (pos < t) {
          ids[b][pos++] = tok2;
        }
        if (pos < t) {
          ids[b][pos] = tok;
          labels[b][pos] = tok;
          pos++;
        }
      }
    }
    return new RepeatedTokens.Examples(org.opticl.model.opt.Batch.of(ids), labels);
  }

  /** One forward and backward pass; returns the loss. */
  private static double backward(
      Engine engine, OptModel model, NDManager base, RepeatedTokens.Examples batch, int step) {
    double loss;
    try (NDManager sm = base.newSubManager()) {
      synchronized (GRADIENT_LOCK) {
        try (GradientCollector gc = engine.newGradientCollector()) {
          NDArray nll = model.trainingLoss(sm, batch.batch(), batch.labels()); // scalar
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
          dir, TokenizerFiles.builtinCorpus(), Math.min(options.model().vocabSize(), 1024));
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
    n.put("task", "repeated random tokens ([BOS] + S + S + ...)");
    n.put("seed", o.seed());
    n.put("steps", s.steps());
    n.put("max_steps", o.maxSteps());
    n.put("stopped_early", s.reachedTarget());
    n.put("final_loss", s.finalLoss());
    ObjectNode acc = n.putObject("accuracy");
    acc.put("first_copy", s.evaluation().firstCopy());
    acc.put("second_copy", s.evaluation().secondCopy());
    acc.put("later_copies", s.evaluation().laterCopies());
    n.put("train_seconds", s.trainSeconds());
    n.put("wall_seconds", wallSeconds);
    n.put("threads", o.threads());
    ObjectNode data = n.putObject("data");
    data.put("first_token", o.data().firstToken());
    data.put("end_token", o.data().endToken());
    data.put("min_segment", o.data().minSegment());
    data.put("max_segment", o.data().maxSegment());
    data.put("length", o.data().length());
    data.put("supervised", "tokens 2.. of the second copy and everything after");
    ObjectNode opt = n.putObject("optimizer");
    opt.put("name", "AdamW");
    opt.put("learning_rate", o.optimizer().learningRate());
    opt.put("beta1", o.optimizer().beta1());
    opt.put("beta2", o.optimizer().beta2());
    opt.put("epsilon", o.optimizer().epsilon());
    opt.put("weight_decay", o.optimizer().weightDecay());
    opt.put("warmup_steps", o.warmupSteps());
    opt.put("max_grad_norm", o.maxGradNorm());
    opt.put("batch_size", o.batchSize());
    n.put("init_std", o.initStd());
    n.put("target_second_copy_accuracy", o.targetAccuracy());
    n.put("eval_every", o.evalEvery());
    n.put("eval_sequences", o.evalSequences());
    return n;
  }

  /** Linear warm-up over {@code warmupSteps}, then constant. {@code step} counts from 0. */
  static double learningRate(Options o, int step) {
    double peak = o.optimizer().learningRate();
    return step < o.warmupSteps() ? peak * (step + 1) / (o.warmupSteps() + 1) : peak;
  }

  private static List<RepeatedTokens.Example> examples(Options o, SplittableRandom rng) {
    List<RepeatedTokens.Example> out = new ArrayList<>();
    for (int i = 0; i < o.evalSequences(); i++) {
      out.add(o.data().sample(rng));
    }
    return out;
  }

  /** Greedy accuracies of {@code model} on {@code examples}, in batches of 8. */
  public static Evaluation evaluate(OptModel model, List<RepeatedTokens.Example> examples) {
    long[] correct = new long[3];
    long[] total = new long[3];
    for (int from = 0; from < examples.size(); from += 8) {
      List<RepeatedTokens.Example> chunk =
          examples.subList(from, Math.min(from + 8, examples.size()));
      int[][] ids = chunk.stream().map(RepeatedTokens.Example::ids).toArray(int[][]::new);
      float[][][] logits = model.logits(Batch.of(ids), Interventions.NONE); // (B,T,V)
      for (int b = 0; b < chunk.size(); b++) {
        int start = chunk.get(b).start();
        int s = chunk.get(b).segment();
        // Token t is predicted at t-1; the first token of each of the first two copies is skipped:
        // the first is random, and the second copy's first follows a token never seen before.
        for (int t = start + 1; t < ids[b].length; t++) {
          if (t == start + s) {
            continue;
          }
          int region = t < start + s ? 0 : t < start + 2 * s ? 1 : 2;
          total[region]++;
          if (argMax(logits[b][t - 1]) == ids[b][t]) {
            correct[region]++;
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

  private static int argMax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
