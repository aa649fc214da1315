package org.opticl.measure.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.opticl.measure.MeasuredModel;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.tokenizer.OptTokenizer;

/**
 * Small random OPTs for measurement tests: a bare model for gradient checks, and a model written to
 * disk with the tokenizer opticl trains for random models, so that tasks run end to end (prompts →
 * tokens → scores → metrics) exactly as on a real checkpoint.
 */
public final class TinyOpt {
  private TinyOpt() {}

  /** 2 layers × 4 heads of width 4, vocabulary 272, 40 positions, pre-LN. */
  public static OptConfig tiny() {
    return new OptConfig(16, 4, 2, 32, 272, 40, 16, true, true, true, "float32");
  }

  /** 2 layers × 2 heads, vocabulary 512 (trained tokenizer of 512 entries), 256 positions. */
  public static OptConfig withTokenizer() {
    return new OptConfig(16, 2, 2, 32, 512, 256, 16, true, true, true, "float32");
  }

  /** A random model held in memory (std 0.3 keeps gradients well away from zero). */
  public static OptModel model(OptConfig config, long seed) {
    return OptModel.load(
        new RandomOpt(config, seed, 0.3f), config, ModelPlacement.cpu(config.numLayers()));
  }

  /** A random model and its trained tokenizer, written to {@code dir} and loaded back. */
  public static MeasuredModel written(Path dir, OptConfig config, long seed) {
    try {
      new RandomOpt(config, seed, 0.3f).write(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return MeasuredModel.of(OptModel.load(dir), OptTokenizer.load(dir));
  }
}
