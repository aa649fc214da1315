package org.opticl.model.induction;

/**
 * The state of a run after {@code sequencesDone} sequences, handed to the progress callback after
 * each one: a run given this record continues with sequence {@code sequencesDone} and ends with
 * results bit-identical to an uninterrupted run, because each sequence depends only on (pool, seed,
 * index) and the moments are updated in sequence order. It does not identify the model; the caller
 * keeps it with the model it belongs to.
 *
 * @param requestKey {@link InductionRequest#key()} of the run
 * @param sequencesDone sequences 0 … sequencesDone−1 are included
 * @param prefixMatching running moments of the prefix-matching scores
 * @param copying running moments of the copying scores
 */
public record InductionCheckpoint(
    String requestKey, int sequencesDone, RunningMoments prefixMatching, RunningMoments copying) {

  public InductionCheckpoint {
    if (prefixMatching.count() != sequencesDone || copying.count() != sequencesDone) {
      throw new IllegalArgumentException(
          "checkpoint after "
              + sequencesDone
              + " sequences holds moments of "
              + prefixMatching.count()
              + " (prefix matching) and "
              + copying.count()
              + " (copying)");
    }
  }
}
