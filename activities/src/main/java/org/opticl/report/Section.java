package org.opticl.report;

/**
 * The parts of a report, in page order, each answering one question of the paper. The intro is
 * shown under the heading so a reader who skipped the paper still knows what they are looking at.
 */
public enum Section {
  HEAD_IMPORTANCE(
      "head-importance",
      "Which attention heads matter",
      "Gradient-based importance of every attention head for in-context learning (paper §4.1)."),
  FFN_IMPORTANCE(
      "ffn-importance",
      "Which feed-forward networks matter",
      "Oracle importance of each layer's FFN: the accuracy lost when that one FFN is removed"
          + " (paper §4.2)."),
  PRUNING(
      "pruning",
      "How much can be pruned",
      "Accuracy as the least important heads or FFNs are removed, 10% at a time (paper §5)."),
  COMBINED(
      "combined",
      "Pruning heads and FFNs together",
      "Mean accuracy with both kinds of component removed at once (paper §5.3)."),
  SIMILARITY(
      "similarity",
      "Do tasks rely on the same heads",
      "Rank correlation of head importance between tasks and between shot counts (paper §6.1)."),
  CROSS_TASK(
      "cross-task",
      "Does one task's ranking work for another",
      "Accuracy of a task pruned with another task's (or the aggregate) ranking (paper §6.1.2)."),
  INDUCTION(
      "induction",
      "Induction heads",
      "Prefix-matching and copying scores of every head on repeated random tokens (paper §6.3)."),
  CAPACITY(
      "capacity",
      "Induction capacity kept under pruning",
      "How much of the heads' total prefix-matching or copying score survives pruning"
          + " (paper §6.3.1).");

  private final String anchor;
  private final String heading;
  private final String intro;

  Section(String anchor, String heading, String intro) {
    this.anchor = anchor;
    this.heading = heading;
    this.intro = intro;
  }

  /** HTML id of the section. */
  public String anchor() {
    return anchor;
  }

  public String heading() {
    return heading;
  }

  public String intro() {
    return intro;
  }
}
