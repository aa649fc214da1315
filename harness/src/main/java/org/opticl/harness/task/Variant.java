package org.opticl.harness.task;

/**
 * Which behaviour to follow where the original code is inconsistent (paper-spec §10): {@link
 * #PARITY} reproduces the released runs exactly, {@link #CORRECTED} fixes the inconsistency. The
 * differences: MathQA demonstrations get the leading space before their answer (quirk 2), and
 * importance-data continuations are the evaluation continuations, with their leading space, for
 * PIQA, HellaSwag, ARC, OpenBookQA and MathQA (quirk 1).
 */
public enum Variant {
  PARITY,
  CORRECTED
}
