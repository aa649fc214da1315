package org.opticl.app;

import picocli.CommandLine.Command;

/** {@code opticl bench …}: benchmarks that print their numbers as JSON. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints one JSON line.",
    subcommands = {
      BenchModelCommand.class,
      BenchEvalCommand.class,
      BenchInductionCommand.class,
      BenchStoreCommand.class,
      BenchPipelineCommand.class
    })
final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
