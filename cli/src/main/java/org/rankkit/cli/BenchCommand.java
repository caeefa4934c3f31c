package org.rankkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code rankkit bench}: benchmark commands (one subcommand per thing measured). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: time and memory of RankKit's kernels.",
    subcommands = {
      BenchLossCommand.class,
      BenchStepCommand.class,
    })
final class BenchCommand implements Runnable {

  @ParentCommand private RankKitCommand parent;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** Returns the top-level command (for the plugin registry). */
  RankKitCommand root() {
    return parent;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
