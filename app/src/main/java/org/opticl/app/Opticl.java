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
      PlanCommand.class,
      InductionCommand.class,
      TrainInductionCommand.class,
      CacheCommand.class,
      DownloadCommand.class,
    })
public final class Opticl implements Runnable {

  public static void main(String[] args) {
    OfflineEngine.apply();
    System.exit(commandLine().execute(args));
  }

  /** The command line as {@code opticl} runs it: its exit codes, its one-line errors. */
  public static CommandLine commandLine() {
    return new CommandLine(new Opticl())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Opticl::report);
  }

  /**
   * Bad input (a missing file, a malformed spec, an unknown task) is reported as one line naming
   * the problem, exit code 2; anything else keeps its stack trace, exit code 1.
   */
  private static int report(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (e instanceof IllegalArgumentException
        || e instanceof java.io.UncheckedIOException
        || e instanceof org.opticl.harness.task.TaskDataException) {
      cmd.getErr().println("opticl " + cmd.getCommandName() + ": " + e.getMessage());
      return 2;
    }
    e.printStackTrace(cmd.getErr());
    return 1;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
