package org.rankkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
