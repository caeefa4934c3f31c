package org.rankkit.api.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** The data types a loss ranks: float32 or float64 similarities. */
public final class FloatSimilarities {

  private FloatSimilarities() {}

  /**
   * Rejects similarities of any data type other than float32 and float64.
   *
   * @param s the similarities (not modified, not closed)
   * @param lossId the loss's id, for the message
   * @return the similarities' data type, float32 or float64
   * @throws IllegalArgumentException for any other data type
   */
  public static DataType require(NDArray s, String lossId) {
    DataType t = s.getDataType();
    if (t != DataType.FLOAT32 && t != DataType.FLOAT64) {
      throw new IllegalArgumentException(
          lossId + " needs float32 or float64 similarities, got " + t);
    }
    return t;
  }
}
