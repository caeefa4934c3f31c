package org.rankkit.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --threads} option of a command whose Java workers each compute chunks of similarities
 * (see {@link TorchThreads}). A picocli mixin.
 */
final class WorkerThreadsOption {

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Java worker threads (default: available processors).")
  private int threads = Runtime.getRuntime().availableProcessors();

  /** {@return the number of Java worker threads} */
  int count() {
    return threads;
  }
}
