package org.opticl.harness.task;

import java.util.Locale;

/** A dataset split, named as lm-evaluation-harness names them. */
public enum Split {
  TRAIN,
  VALIDATION,
  TEST;

  /** The lower-case name ({@code train}, {@code validation}, {@code test}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
