package org.rankkit.cli;

import java.io.PrintWriter;
import org.rankkit.api.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code rankkit} subcommand reaches besides its own options: its standard output and
 * error, and the plugin registry of the top-level command (the class path plus {@code --plugins}).
 * A picocli mixin without options (an empty {@code @Command}, so that picocli accepts it): a
 * subcommand declares {@code @Mixin CommandContext context}.
 */
@Command
final class CommandContext {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  /** {@return the standard output of the command} */
  PrintWriter out() {
    return command.commandLine().getOut();
  }

  /** {@return the standard error of the command} */
  PrintWriter err() {
    return command.commandLine().getErr();
  }

  /**
   * Returns the plugin registry of the {@code rankkit} command this subcommand belongs to; see
   * {@link RankKitCommand#registry()}.
   *
   * @return the registry
   */
  PluginRegistry registry() {
    return ((RankKitCommand) command.root().userObject()).registry();
  }
}
