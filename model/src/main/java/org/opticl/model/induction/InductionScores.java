package org.opticl.model.induction;

import java.util.Optional;
import java.util.function.Consumer;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.OptModel;

/**
 * Runs the paper's induction-head measurements (paper-spec §4) on one model: for each sequence s,
 * the prefix-matching score of every head on a four-times repeated random segment and the copying
 * score on an unrepeated random sequence, aggregated into per-head mean and unbiased variance. A
 * plain Java API, resumable from the {@link InductionCheckpoint} it reports after every sequence,
 * so that a long run (100 sequences through OPT-66B) can be continued after an interruption.
 */
public final class InductionScores {
  private InductionScores() {}

  /** A run from the start. */
  public static InductionResult run(
      OptModel model, InductionRequest request, Consumer<InductionCheckpoint> progress) {
    return run(model, request, Optional.empty(), progress);
  }

  /**
   * A run from the start or from {@code resume}.
   *
   * @param progress receives the checkpoint after every sequence, on the calling thread
   * @throws IllegalArgumentException if the model cannot take the request's longest sequence, the
   *     pool is too small or outside the vocabulary, or {@code resume} belongs to another request
   *     or a model of another shape
   */
  public static InductionResult run(
      OptModel model,
      InductionRequest request,
      Optional<InductionCheckpoint> resume,
      Consumer<InductionCheckpoint> progress) {
    long start = System.nanoTime();
    OptConfig c = model.config();
    validate(c, request);
    String key = request.key();
    InductionCheckpoint state =
        resume.orElse(
            new InductionCheckpoint(
                key,
                0,
                RunningMoments.empty(c.numLayers(), c.numHeads()),
                RunningMoments.empty(c.numLayers(), c.numHeads())));
    checkResumable(state, key, request, c);
    StageClock clock = new StageClock();
    try (Copying copying = new Copying(model)) {
      for (int s = state.sequencesDone(); s < request.sequences(); s++) {
        int lseg = InductionSequences.segmentLength(s);
        double[][] prefix =
            PrefixMatching.score(
                model,
                InductionSequences.prefixSequence(request.pool(), request.seed(), s),
                lseg,
                request.prefixRule(),
                clock);
        double[][] copy =
            copying.score(
                InductionSequences.copyingSequence(request.pool(), request.seed(), s),
                request.copyingRule(),
                clock);
        state =
            new InductionCheckpoint(
                key, s + 1, state.prefixMatching().plus(prefix), state.copying().plus(copy));
        progress.accept(state);
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return new InductionResult(
        request.sequences(),
        state.prefixMatching().stats(),
        state.copying().stats(),
        new InductionResult.Timings(
            wall,
            clock.seconds(StageClock.Stage.FORWARD),
            clock.seconds(StageClock.Stage.PREFIX_REDUCTION),
            clock.seconds(StageClock.Stage.COPYING_CIRCUIT),
            clock.seconds(StageClock.Stage.COPYING_CIRCUIT_BUILD),
            clock.seconds(StageClock.Stage.COPYING_READOUT)));
  }

  /**
   * Fails, naming the numbers, if a model of this shape cannot take the request's longest sequence
   * or its pool: callers can check before loading a large model.
   */
  public static void validate(OptConfig c, InductionRequest request) {
    int last = request.sequences() - 1;
    int t = InductionSequences.length(last);
    if (t > c.maxPositions()) {
      throw new IllegalArgumentException(
          request.sequences()
              + " sequences need "
              + t
              + " positions (sequence "
              + last
              + ": 4·"
              + InductionSequences.segmentLength(last)
              + "+1) but max_position_embeddings="
              + c.maxPositions()
              + "; at most "
              + maxSequences(c.maxPositions())
              + " sequences fit");
    }
    int needed = 4 * InductionSequences.segmentLength(last);
    if (request.pool().size() < needed) {
      throw new IllegalArgumentException(
          "copying sequence "
              + last
              + " needs "
              + needed
              + " distinct tokens but the pool ("
              + request.pool().description()
              + ") has "
              + request.pool().size());
    }
    if (request.pool().maxId() >= c.vocabSize()) {
      throw new IllegalArgumentException(
          "the pool ("
              + request.pool().description()
              + ") contains token id "
              + request.pool().maxId()
              + ", outside the model's vocabulary [0, "
              + c.vocabSize()
              + ")");
    }
  }

  /** How many sequences fit a position table: the largest N with 4·(2(N−1)+25)+1 ≤ positions. */
  public static int maxSequences(int positions) {
    return Math.max(0, Math.floorDiv(positions - 1 - 100, 8) + 1);
  }

  private static void checkResumable(
      InductionCheckpoint state, String key, InductionRequest request, OptConfig c) {
    if (!state.requestKey().equals(key)) {
      throw new IllegalArgumentException(
          "checkpoint belongs to request "
              + state.requestKey()
              + ", not to this one ("
              + key
              + "): seed, rules or pool differ");
    }
    if (state.sequencesDone() > request.sequences()) {
      throw new IllegalArgumentException(
          "checkpoint has "
              + state.sequencesDone()
              + " sequences done, more than the "
              + request.sequences()
              + " requested");
    }
    for (RunningMoments m : new RunningMoments[] {state.prefixMatching(), state.copying()}) {
      if (m.layers() != c.numLayers() || (m.layers() > 0 && m.heads() != c.numHeads())) {
        throw new IllegalArgumentException(
            "checkpoint moments are "
                + m.layers()
                + "x"
                + m.heads()
                + ", the model has "
                + c.numLayers()
                + "x"
                + c.numHeads()
                + " heads");
      }
    }
  }
}
