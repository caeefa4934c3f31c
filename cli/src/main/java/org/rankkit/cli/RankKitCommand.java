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

  @Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "On an error, also print the stack trace (for a bug report).")
  private boolean debug;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  private PluginRegistry registry;

  /**
   * Creates the command line of a new {@code rankkit} command with RankKit's error handling: a user
   * error (a bad input, file, size or setting: {@link IllegalArgumentException}, {@link
   * IOException}, {@link IllegalStateException}, a data error, an overflowing size, too little
   * memory) prints {@code rankkit: error: <one line>} and makes {@code execute} return 2; any other
   * exception prints one line saying it is a bug in RankKit and where to report it, and returns
   * {@value ErrorReport#INTERNAL_ERROR}. {@code --debug} (or {@code -Drankkit.debug=true}) adds the
   * stack trace.
   *
   * @return a new, unexecuted command line
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RankKitCommand());
    shareVersion(cl, cl.getCommandSpec().version());
    // --plugins makes its class loader the thread's context loader (where datasets are looked up)
    // for the command only: the next command on this thread starts from the loader it had before
    cl.setExecutionStrategy(
        parseResult -> {
          Thread thread = Thread.currentThread();
          ClassLoader before = thread.getContextClassLoader();
          try {
            return new CommandLine.RunLast().execute(parseResult);
          } finally {
            thread.setContextClassLoader(before);
          }
        });
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean debug =
              Boolean.getBoolean("rankkit.debug")
                  || parseResult.hasMatchedOption("--debug")
                  || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"))
                  || (parseResult.subcommand() != null
                      && parseResult.subcommand().subcommand() != null
                      && parseResult.subcommand().subcommand().hasMatchedOption("--debug"));
          int status;
          if (ErrorReport.isUserError(e)) {
            commandLine.getErr().println("rankkit: error: " + ErrorReport.userMessage(e));
            status = ErrorReport.USER_ERROR;
          } else {
            commandLine.getErr().println("rankkit: " + ErrorReport.internalMessage(e));
            status = ErrorReport.INTERNAL_ERROR;
          }
          if (debug) {
            e.printStackTrace(commandLine.getErr());
          }
          commandLine.getErr().flush();
          return status;
        });
    return cl;
  }

  /**
   * Gives every subcommand the top command's version, so {@code <subcommand> --version} prints it.
   */
  private static void shareVersion(CommandLine cl, String[] version) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommandSpec().version().length == 0) {
        sub.getCommandSpec().version(version);
      }
      shareVersion(sub, version);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Returns the plugin registry: the class path plus every jar of each {@code --plugins} directory.
   * Discovered once per command; the plugin jars' class loader becomes the thread's context class
   * loader until the command ends, so that code which discovers plugins itself (opening a dataset)
   * sees the same plugins.
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

  /** A jar that cannot be opened would otherwise be skipped silently by class loading. */
  private static void requireReadableJar(Path jar) {
    if (!Files.isReadable(jar) || Files.isDirectory(jar)) {
      throw new PluginException("--plugins: " + jar + " is not a readable file");
    }
    try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
      file.entries().asIterator().forEachRemaining(e -> {});
    } catch (IOException | SecurityException e) {
      throw new PluginException(
          "--plugins: "
              + jar
              + " cannot be read as a jar ("
              + e.getMessage()
              + "); rebuild it or remove it"
              + " from the directory");
    }
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
          requireReadableJar(jar);
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
