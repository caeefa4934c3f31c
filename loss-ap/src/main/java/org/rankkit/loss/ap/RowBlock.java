package org.rankkit.loss.ap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.rankkit.api.loss.EngineArrays;
import org.rankkit.api.loss.LabelStructure;
import org.rankkit.api.loss.LinearisedLoss;

/**
 * One block of valid queries' results: the sum of their per-query AP and their rows of {@code
 * dL/dS}.
 *
 * @param apSum {@code Σ AP(q)} over the block's queries
 * @param gradRows {@code block × N} rows of {@code dL/dS}, in the similarities' data type
 */
record RowBlock(double apSum, NDArray gradRows) {

  /** A plain-Java kernel over a block of valid queries' similarity rows. */
  interface Kernel {

    /**
     * Processes valid queries {@code start..start+count-1}.
     *
     * @param rows their similarity rows, row-major {@code count × n}
     * @param n number of items
     * @param start index of the first valid query
     * @param count number of queries
     * @param grad receives their {@code dL/dS} rows, {@code count × n} (overwritten)
     * @param ap receives each query's AP ({@code count} entries)
     */
    void run(double[] rows, int n, int start, int count, double[] grad, double[] ap);
  }

  /**
   * Copies valid queries {@code start..end-1}'s rows of the detached similarities to Java, runs a
   * kernel on them and returns the block (arrays in {@code cm}, on the similarities' device).
   */
  static RowBlock fused(
      Kernel kernel,
      NDArray sd,
      LabelStructure qp,
      int start,
      int end,
      int n,
      DataType dtype,
      NDManager cm) {
    int c = end - start;
    long[] qIdx = new long[c];
    for (int i = 0; i < c; i++) {
      qIdx[i] = qp.validQuery(start + i);
    }
    double[] values;
    if (c == n && start == 0 && qp.validQuery(c - 1) == c - 1) {
      // every item is a valid query, in order: read the matrix without a gather
      values = dtype == DataType.FLOAT64 ? sd.toDoubleArray() : toDouble(sd.toFloatArray());
    } else {
      NDArray rows = sd.get(cm.create(qIdx));
      rows.attach(cm);
      values = dtype == DataType.FLOAT64 ? rows.toDoubleArray() : toDouble(rows.toFloatArray());
    }
    double[] grad = new double[c * n];
    double[] ap = new double[c];
    kernel.run(values, n, start, c, grad, ap);
    double apSum = 0;
    for (double a : ap) {
      apSum += a;
    }
    NDArray created =
        dtype == DataType.FLOAT64
            ? cm.create(grad, new Shape(c, n))
            : cm.create(toFloat(grad), new Shape(c, n));
    // autograd keeps the gradient rows until backward: copy them out of the Java buffer
    return new RowBlock(apSum, EngineArrays.owned(created));
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
