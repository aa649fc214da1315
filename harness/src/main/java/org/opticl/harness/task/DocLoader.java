package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a task's documents come from: files in a directory ({@link FileSource#catalog}) or a seeded
 * generator (the synthetic tasks).
 */
interface DocLoader<D> {
  /** Whether the task has this split at all. */
  boolean has(Split split);

  /** The documents of a split. */
  SplitData<D> load(String task, Path dir, Split split);

  /** Human-readable descriptions of what is read for a split. */
  List<String> describe(Split split);
}
