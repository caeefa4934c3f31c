package org.rankkit.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rankkit.api.plugin.PluginException;
import org.rankkit.api.plugin.PluginRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code rankkit} command: global options and the subcommands. */
@Command(
    name = "rankkit",
    mixinStandardHelpOptions = true,
    version = "rankkit 0.1.0-SNAPSHOT (DJL 0.33.0, PyTorch 2.5.1)",
    description = "Train and compare retrieval embeddings with ranking-metric losses.",
    subcommands = {
      PluginsCommand.class,
      LossCheckCommand.class,
      BenchCommand.class,
      CompareCommand.class,
      DatasetCommand.class,
      EvalCommand.class,
      ExportCommand.class,
      EmbedCommand.class,
      SearchCommand.class,
      TrainCommand.class,
    })
public final class RankKitCommand implements Runnable {

  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      description = "Directory whose *.jar files are added to plugin discovery (repeatable).")
  private List<Path> pluginDirs = new ArrayList<>();

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  private PluginRegistry registry;

  /**
   * Creates the command line of a new {@code rankkit} command with RankKit's error handling: an
   * {@link IllegalArgumentException}, {@link IOException}, {@link IllegalStateException} or a data
   * error ({@code DataException}) prints
   * {@code rankkit: error: <message>} (plus the stack trace with {@code -Drankkit.debug=true}) and
   * makes {@code execute} return exit status 2; other exceptions propagate.
   *
   * @return a new, unexecuted command line
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RankKitCommand());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException || e instanceof IOException
              || e instanceof IllegalStateException || e instanceof org.rankkit.data.DataException) {
            commandLine.getErr().println("rankkit: error: " + e.getMessage());
            if (Boolean.getBoolean("rankkit.debug")) {
              e.printStackTrace(commandLine.getErr());
            }
            return 2;
          }
          throw e;
        });
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Returns the plugin registry: the class path plus every jar of each {@code --plugins} directory.
   * Discovered once per process.
   *
   * @return the registry
   * @throws PluginException when a directory is missing or discovery fails
   */
  public synchronized PluginRegistry registry() {
    if (registry == null) {
      registry = PluginRegistry.discover(pluginClassLoader());
    }
    return registry;
  }

  private ClassLoader pluginClassLoader() {
    ClassLoader parent = RankKitCommand.class.getClassLoader();
    if (pluginDirs.isEmpty()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    for (Path dir : pluginDirs) {
      if (!Files.isDirectory(dir)) {
        throw new PluginException("--plugins " + dir + ": not a directory");
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
          urls.add(jar.toUri().toURL());
        }
      } catch (MalformedURLException e) {
        throw new PluginException("--plugins " + dir + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw new PluginException("--plugins " + dir + ": cannot list: " + e.getMessage(), e);
      }
    }
    ClassLoader loader = new URLClassLoader("rankkit-plugins", urls.toArray(URL[]::new), parent);
    Thread.currentThread().setContextClassLoader(loader);
    return loader;
  }
}
