package org.opticl.harness.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One way a split can be stored in a task directory: the file that marks it, a description for
 * documentation and errors, and the reader. A task lists its sources per split in order of
 * preference; the first whose file exists is read. This single rule covers original releases,
 * Hugging Face {@code datasets} JSONL exports and fallbacks (WinoGrande's smaller training sizes).
 */
public record FileSource<D>(String file, String description, Function<Path, List<D>> reader) {

  /** How this source is listed to users: {@code valid.jsonl (PIQA release, ...)}. */
  public String describe() {
    return file + " (" + description + ")";
  }

  /** Reads the first available source of a split from {@code dir}. */
  public static <D> SplitData<D> load(
      String task, Path dir, Split split, List<FileSource<D>> sources) {
    if (sources.isEmpty()) {
      throw new TaskDataException(task + " has no " + split.label() + " split");
    }
    for (FileSource<D> source : sources) {
      Path path = dir.resolve(source.file());
      if (Files.isRegularFile(path)) {
        return new SplitData<>(
            split, source.reader().apply(path), path + " (" + source.description() + ")");
      }
    }
    List<String> expected = new ArrayList<>();
    sources.forEach(s -> expected.add(s.describe()));
    throw new TaskDataException(
        task
            + ": no "
            + split.label()
            + " data in "
            + dir
            + "; expected one of: "
            + String.join("; ", expected));
  }

  /** A loader that reads each split from the first available of its listed sources. */
  public static <D> DocLoader<D> catalog(Map<Split, List<FileSource<D>>> sources) {
    Map<Split, List<FileSource<D>>> copy = Map.copyOf(sources);
    return new DocLoader<>() {
      @Override
      public boolean has(Split split) {
        return copy.containsKey(split);
      }

      @Override
      public SplitData<D> load(String task, Path dir, Split split) {
        return FileSource.load(task, dir, split, copy.getOrDefault(split, List.of()));
      }

      @Override
      public List<String> describe(Split split) {
        return copy.getOrDefault(split, List.of()).stream().map(FileSource::describe).toList();
      }
    };
  }
}
