package org.opticl.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opticl.activities.ModelCatalog;
import org.opticl.model.train.InductionTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opticl train-induction}: trains the small OPT with known induction heads that the
 * induction-head measurements use as their positive control, and writes it in Hugging Face layout.
 */
@Command(
    name = "train-induction",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a 2-layer OPT on repeated random tokens until it predicts the repeats (it then has"
          + " induction heads), and writes config.json, model.safetensors, vocab.json,"
          + " merges.txt and training.json to --out.",
      "Deterministic by seed on a given CPU and thread count; a few minutes on 2 cores."
    })
final class TrainInductionCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "output directory")
  Path out;

  @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--steps",
      description = "step cap; training stops earlier once the repeats are predicted")
  Integer steps;

  @Override
  public Integer call() throws Exception {
    InductionTraining.Options options = ModelCatalog.inductionTraining().withSeed(seed);
    if (steps != null) {
      if (steps < 1) {
        System.err.println("opticl train-induction: --steps=" + steps + " must be positive");
        return 2;
      }
      options = options.withMaxSteps(steps);
    }
    System.err.printf(
        "opticl train-induction: seed %d, at most %d steps in %d stages, the last stopping at"
            + " second-copy accuracy %.2f%n",
        seed,
        options.maxSteps(),
        options.stages().size(),
        options.stages().get(options.stages().size() - 1).targetAccuracy());
    InductionTraining.Summary s;
    double[] accuracy = {Double.NaN};
    try (ProgressBar bar = new ProgressBar("steps", true)) {
      s =
          InductionTraining.trainAndSave(
              options,
              out,
              p -> {
                p.secondCopyAccuracy().ifPresent(a -> accuracy[0] = a);
                bar.update(
                    p.step(),
                    p.maxSteps(),
                    String.format(
                        "stage %d loss %.3f repeat acc %.3f",
                        p.stage() + 1, p.loss(), accuracy[0]));
              });
    }
    System.out.printf(
        "wrote %s: %d steps (%s), loss %.4f, accuracy second copy %.3f, later copies %.3f,"
            + " first copy %.3f (chance), %.1f s training%n",
        out,
        s.steps(),
        s.reachedTarget() ? "target reached" : "step cap reached",
        s.finalLoss(),
        s.evaluation().secondCopy(),
        s.evaluation().laterCopies(),
        s.evaluation().firstCopy(),
        s.trainSeconds());
    return s.reachedTarget() ? 0 : 1;
  }
}
