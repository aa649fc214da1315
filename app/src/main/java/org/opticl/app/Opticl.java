package org.opticl.app;

import org.opticl.model.OfflineEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code opticl} command line: one subcommand per job. */
@Command(
    name = "opticl",
    mixinStandardHelpOptions = true,
    version = "opticl 0.1.0",
    description = "Which attention heads and FFNs does in-context learning need?",
    subcommands = {
      CommandLine.HelpCommand.class,
      PromptsCommand.class,
      TokenizeCommand.class,
      MemoryCommand.class,
      GoldenCommand.class,
      BenchCommand.class,
      RandomModelCommand.class,
      EvalCommand.class,
      RunCommand.class,
      StartCommand.class,
      WorkerCommand.class,
      StatusCommand.class,
      ReportCommand.class,
      StageCommand.class,
      InductionCommand.class,
      CacheCommand.class,
      DownloadCommand.class,
    })
public final class Opticl implements Runnable {

  public static void main(String[] args) {
    OfflineEngine.apply();
    int code =
        new CommandLine(new Opticl()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    System.exit(code);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
