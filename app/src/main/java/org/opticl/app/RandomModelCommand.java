package org.opticl.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opticl.model.config.OptConfig;
import org.opticl.model.random.RandomOpt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opticl random-model}: a seeded random OPT of any shape, in Hugging Face layout. */
@Command(
    name = "random-model",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a random OPT (config.json, model.safetensors, vocab.json, merges.txt) to --out.",
      "Use --shape for a published shape, or give --layers/--heads/--hidden/--ffn."
    })
final class RandomModelCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "output directory")
  Path out;

  @Option(names = "--shape", description = "published OPT shape, e.g. 125m")
  String shape;

  @Option(names = "--layers", defaultValue = "2")
  int layers;

  @Option(names = "--heads", defaultValue = "4")
  int heads;

  @Option(names = "--hidden", defaultValue = "64")
  int hidden;

  @Option(names = "--ffn", defaultValue = "256")
  int ffn;

  @Option(names = "--vocab", defaultValue = "1024", description = "vocabulary rows (>= 260)")
  int vocab;

  @Option(names = "--positions", defaultValue = "256")
  int positions;

  @Option(names = "--proj", description = "word_embed_proj_dim (default: --hidden)")
  Integer proj;

  @Option(names = "--post-ln", description = "post-LayerNorm, as opt-350m")
  boolean postLn;

  @Option(names = "--seed", defaultValue = "0")
  long seed;

  @Option(names = "--std", defaultValue = "0.02", description = "weight standard deviation")
  float std;

  @Override
  public Integer call() throws Exception {
    OptConfig config =
        shape != null
            ? OptConfig.variant(shape).withVocab(vocab, positions).withTorchDtype("float32")
            : new OptConfig(
                hidden,
                heads,
                layers,
                ffn,
                vocab,
                positions,
                proj == null ? hidden : proj,
                !postLn,
                !postLn,
                true,
                "float32");
    new RandomOpt(config, seed, std).write(out);
    System.out.printf(
        "wrote %s: %d layers x %d heads, hidden %d, %,d parameters, seed %d%n",
        out,
        config.numLayers(),
        config.numHeads(),
        config.hiddenSize(),
        config.parameterCount(),
        seed);
    return 0;
  }
}
