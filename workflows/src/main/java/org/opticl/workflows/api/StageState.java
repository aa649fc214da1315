package org.opticl.workflows.api;

/** Progress of one stage of a cell: how many of its activities are done, cached, failed. */
public record StageState(String state, int total, int done, int cached, int failed) {
  public static StageState pending(int total) {
    return new StageState("pending", total, 0, 0, 0);
  }

  public StageState started() {
    return new StageState("running", total, done, cached, failed);
  }

  public StageState finished(boolean wasCached) {
    int d = done + 1;
    int c = cached + (wasCached ? 1 : 0);
    String s = d + failed < total ? "running" : (c == total ? "cached" : "done");
    return new StageState(s, total, d, c, failed);
  }

  public StageState failedOne() {
    return new StageState("failed", total, done, cached, failed + 1);
  }
}
