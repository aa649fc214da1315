package org.opticl.harness.task;

import java.util.List;
import java.util.Map;

/**
 * The multiple-choice tasks of the registry: which split is evaluated and which files hold each
 * split, in order of preference (original release first, Hugging Face export second).
 */
final class ChoiceTasks {
  private ChoiceTasks() {}

  private static FileSource<ChoiceDoc> source(
      String file,
      String description,
      java.util.function.Function<java.nio.file.Path, List<ChoiceDoc>> reader) {
    return new FileSource<>(file, description, reader);
  }

  static MultipleChoiceTask hellaswag(Variant variant) {
    return new MultipleChoiceTask(
        "hellaswag",
        0,
        Split.VALIDATION,
        FileSource.catalog(
            Map.of(
                Split.VALIDATION,
                List.of(
                    source(
                        "hellaswag_val.jsonl", "HellaSwag release", ChoiceReaders::hellaswagJsonl),
                    source(
                        "validation.jsonl", "Hugging Face export", ChoiceReaders::hellaswagJsonl),
                    source(
                        "hellaswag_val_full.txt",
                        "6-line text export; APPROXIMATE: ctx_b not capitalised as lm-eval does",
                        ChoiceReaders::hellaswagText)),
                Split.TRAIN,
                List.of(
                    source(
                        "hellaswag_train.jsonl",
                        "HellaSwag release",
                        ChoiceReaders::hellaswagJsonl),
                    source("train.jsonl", "Hugging Face export", ChoiceReaders::hellaswagJsonl)))),
        false,
        variant);
  }

  static MultipleChoiceTask piqa(Variant variant) {
    return new MultipleChoiceTask(
        "piqa",
        0,
        Split.VALIDATION,
        FileSource.catalog(
            Map.of(
                Split.VALIDATION,
                List.of(
                    source(
                        "valid.jsonl",
                        "PIQA release, labels in valid-labels.lst",
                        ChoiceReaders::piqa),
                    source("validation.jsonl", "Hugging Face export", ChoiceReaders::piqa)),
                Split.TRAIN,
                List.of(
                    source(
                        "train.jsonl",
                        "PIQA release with train-labels.lst, or Hugging Face export",
                        ChoiceReaders::piqa)))),
        false,
        variant);
  }

  static MultipleChoiceTask arc(String name, String release, Variant variant) {
    return new MultipleChoiceTask(
        name,
        0,
        Split.TEST,
        FileSource.catalog(
            Map.of(
                Split.TEST,
                List.of(
                    source(release + "-Test.jsonl", "ARC release", ChoiceReaders::arc),
                    source("test.jsonl", "Hugging Face export", ChoiceReaders::arc)),
                Split.VALIDATION,
                List.of(
                    source(release + "-Dev.jsonl", "ARC release", ChoiceReaders::arc),
                    source("validation.jsonl", "Hugging Face export", ChoiceReaders::arc)),
                Split.TRAIN,
                List.of(
                    source(release + "-Train.jsonl", "ARC release", ChoiceReaders::arc),
                    source("train.jsonl", "Hugging Face export", ChoiceReaders::arc)))),
        false,
        variant);
  }

  static MultipleChoiceTask openbookqa(Variant variant) {
    return new MultipleChoiceTask(
        "openbookqa",
        0,
        Split.TEST,
        FileSource.catalog(
            Map.of(
                Split.TEST,
                List.of(
                    source(
                        "test.jsonl",
                        "OpenBookQA release or Hugging Face export",
                        ChoiceReaders::openbookqaJsonl),
                    source("test.tsv", "OpenBookQA release TSV", ChoiceReaders::openbookqaTsv)),
                Split.VALIDATION,
                List.of(
                    source("dev.jsonl", "OpenBookQA release", ChoiceReaders::openbookqaJsonl),
                    source(
                        "validation.jsonl", "Hugging Face export", ChoiceReaders::openbookqaJsonl),
                    source("dev.tsv", "OpenBookQA release TSV", ChoiceReaders::openbookqaTsv)),
                Split.TRAIN,
                List.of(
                    source(
                        "train.jsonl",
                        "OpenBookQA release or Hugging Face export",
                        ChoiceReaders::openbookqaJsonl),
                    source("train.tsv", "OpenBookQA release TSV", ChoiceReaders::openbookqaTsv)))),
        false,
        variant);
  }

  /** MathQA: the paper's code writes its demonstration targets without the leading space. */
  static MultipleChoiceTask mathqa(Variant variant) {
    return new MultipleChoiceTask(
        "mathqa",
        0,
        Split.TEST,
        FileSource.catalog(
            Map.of(
                Split.TEST,
                List.of(
                    source(
                        "test.json",
                        "MathQA release (JSON array)",
                        f -> ChoiceReaders.mathqa(DataFiles.jsonArray(f))),
                    source(
                        "test.jsonl",
                        "Hugging Face export",
                        f -> ChoiceReaders.mathqa(DataFiles.jsonl(f)))),
                Split.VALIDATION,
                List.of(
                    source(
                        "dev.json",
                        "MathQA release (JSON array)",
                        f -> ChoiceReaders.mathqa(DataFiles.jsonArray(f))),
                    source(
                        "validation.jsonl",
                        "Hugging Face export",
                        f -> ChoiceReaders.mathqa(DataFiles.jsonl(f)))),
                Split.TRAIN,
                List.of(
                    source(
                        "train.json",
                        "MathQA release (JSON array)",
                        f -> ChoiceReaders.mathqa(DataFiles.jsonArray(f))),
                    source(
                        "train.jsonl",
                        "Hugging Face export",
                        f -> ChoiceReaders.mathqa(DataFiles.jsonl(f)))))),
        true,
        variant);
  }
}
