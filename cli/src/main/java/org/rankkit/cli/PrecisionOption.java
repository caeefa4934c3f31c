package org.rankkit.cli;

import ai.djl.ndarray.types.DataType;
import picocli.CommandLine.Option;

/**
 * The {@code --dtype} option of a command that computes a loss: float32 or float64, with a default
 * of the command's choosing. A picocli mixin: {@code @Mixin PrecisionOption dtype = new
 * PrecisionOption(Precision.float64)}.
 */
final class PrecisionOption {

  @Option(
      names = "--dtype",
      paramLabel = "TYPE",
      description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
  private Precision dtype;

  /**
   * The option with its default.
   *
   * @param byDefault the precision when {@code --dtype} is not given
   */
  PrecisionOption(Precision byDefault) {
    this.dtype = byDefault;
  }

  /** {@return the chosen precision} */
  Precision precision() {
    return dtype;
  }

  /** {@return the engine's data type of the chosen precision} */
  DataType type() {
    return dtype.type;
  }
}
