package org.rankkit.api.loss;

/**
 * The per-row math of a loss that {@link FusedRowDriver} computes on the CPU: for one query row
 * {@code q} of the similarities, the row's loss term {@code ℓ_q} and its gradient {@code ∂ℓ_q /
 * ∂S[q][·]}, in plain Java and float64.
 *
 * <p>A kernel implements nothing else. The driver owns the bookkeeping: it picks the rows (usually
 * {@link LabelStructure#validQueries()}), splits them into chunks and parallel tasks, reads each
 * row into a {@code double[]} (float32 or float64 similarities, on any device), rejects non-finite
 * similarities, combines the terms ({@link FusedRowDriver#mean mean} or {@link FusedRowDriver#sum
 * sum}), writes the scaled gradient rows in the similarities' data type and hands the result to
 * autograd with {@link LinearisedLoss}. Rows outside the chosen set have neither a term nor a
 * gradient.
 *
 * <p>Threads: {@link #row} is called from several threads at once, each with its own workspace and
 * arrays; a kernel is otherwise read-only (immutable fields, shared label structure). Results must
 * depend on the row only, never on which thread computes it or in which order, so that the loss is
 * bit-identical for any chunk size, task size or number of threads.
 *
 * @param <W> the per-thread workspace (scratch arrays reused from row to row), or {@link Void} when
 *     the kernel needs none
 */
public interface RowKernel<W> {

  /**
   * Creates the workspace of one worker: called once for each worker the driver starts (a few per
   * call), never for each row. The default creates none.
   *
   * @return a new workspace, or {@code null}
   */
  default W workspace() {
    return null;
  }

  /**
   * Computes one row.
   *
   * @param q the row's index in the batch, {@code 0 <= q < N} (the query)
   * @param similarities {@code S[q][·]}: {@code N} finite values; the kernel may overwrite them
   *     (the driver reads the next row afresh)
   * @param gradient receives {@code ∂ℓ_q / ∂S[q][·]}: {@code N} entries, all 0 on entry; the driver
   *     applies the combination's weight (such as {@code 1/|rows|} for a mean)
   * @param workspace this worker's workspace (from {@link #workspace()})
   * @return the row's loss term {@code ℓ_q}
   */
  double row(int q, double[] similarities, double[] gradient, W workspace);
}
