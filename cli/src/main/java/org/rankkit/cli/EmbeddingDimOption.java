package org.rankkit.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --dim} option of a benchmark: the embedding dimension, with a default of the command's
 * choosing. A picocli mixin: {@code @Mixin EmbeddingDimOption dim = new EmbeddingDimOption(128)}.
 */
final class EmbeddingDimOption {

  @Option(
      names = "--dim",
      paramLabel = "D",
      description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
  private int dim;

  /**
   * The option with its default.
   *
   * @param byDefault the dimension when {@code --dim} is not given
   */
  EmbeddingDimOption(int byDefault) {
    this.dim = byDefault;
  }

  /** {@return the embedding dimension} */
  int value() {
    return dim;
  }
}
