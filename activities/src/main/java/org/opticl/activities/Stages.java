package org.opticl.activities;

/**
 * Stage names (they become store paths) and their code versions. Bump a version by hand when a
 * stage's code changes its results: every cached result of that stage then becomes a miss, and
 * nothing else does.
 */
public final class Stages {
  public static final String RUN_SPEC = "run-spec";
  public static final String EVALUATION = "evaluation";
  public static final String HEAD_IMPORTANCE = "head-importance";
  public static final String FFN_IMPORTANCE = "ffn-importance";
  public static final String AGGREGATE_IMPORTANCE = "aggregate-importance";
  public static final String INDUCTION = "induction-scores";
  public static final String CELL_RECORD = "cell-record";
  public static final String ANALYSIS = "analysis";
  public static final String REPORT = "report";

  /** Version of every stage's code, by stage. */
  public static int version(String stage) {
    return switch (stage) {
      case RUN_SPEC,
          EVALUATION,
          HEAD_IMPORTANCE,
          FFN_IMPORTANCE,
          AGGREGATE_IMPORTANCE,
          INDUCTION,
          CELL_RECORD,
          ANALYSIS ->
          1;
      // 2: timings from the stages' provenance, .npy tensors linked, importance cache rows.
      case REPORT -> 2;
      default -> throw new IllegalArgumentException("unknown stage " + stage);
    };
  }

  private Stages() {}
}
