package org.rankkit.cli;

import ai.djl.ndarray.types.DataType;

/** The data types a command computes in: the values of its {@code --dtype} option. */
enum Precision {
  float32(DataType.FLOAT32),
  float64(DataType.FLOAT64);

  /** The engine's data type. */
  final DataType type;

  Precision(DataType type) {
    this.type = type;
  }
}
