package org.opticl.harness.task;

import java.util.List;

/**
 * The documents of one split of a task, in file order, with where they came from ({@code source}
 * names the files read, or the generator and seed of a synthetic task) so that results can record
 * exactly which data they were computed on.
 */
public record SplitData<D>(Split split, List<D> docs, String source) {
  public SplitData {
    docs = List.copyOf(docs);
  }
}
