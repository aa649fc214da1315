package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The parts every task shares: its name, version, evaluated split and where its documents come
 * from. Subclasses only say how documents become prompts and scores.
 */
abstract class BaseTask<D> implements Task<D> {
  private final String name;
  private final int version;
  private final Split evaluationSplit;
  private final DocLoader<D> loader;

  BaseTask(
      String name, int version, Split evaluationSplit, Map<Split, List<FileSource<D>>> sources) {
    this(name, version, evaluationSplit, FileSource.catalog(sources));
  }

  BaseTask(String name, int version, Split evaluationSplit, DocLoader<D> loader) {
    this.name = name;
    this.version = version;
    this.evaluationSplit = evaluationSplit;
    this.loader = loader;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int version() {
    return version;
  }

  @Override
  public final Split evaluationSplit() {
    return evaluationSplit;
  }

  @Override
  public boolean hasTrainingDocs() {
    return loader.has(Split.TRAIN);
  }

  @Override
  public final SplitData<D> load(Path dir, Split split) {
    return loader.load(name, dir, split);
  }

  @Override
  public final List<String> expectedFiles(Split split) {
    return loader.describe(split);
  }
}
