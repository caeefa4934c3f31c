package org.rankkit.loss.ap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.function.Function;
import org.rankkit.api.loss.FiniteSimilarities;
import org.rankkit.api.loss.FloatSimilarities;
import org.rankkit.api.loss.FusedRowDriver;
import org.rankkit.api.loss.Implementation;
import org.rankkit.api.loss.LabelStructure;
import org.rankkit.api.loss.RowKernel;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The one way both AP losses choose between their two paths: the similarities' type is checked, the
 * label structure is computed once, and then either the fused row kernel runs through {@link
 * FusedRowDriver} (on the CPU, unless the loss's {@code implementation} says otherwise) or, after
 * the finiteness check, the loss's engine path.
 */
final class ApLossPaths {

  /** An AP loss's engine path: batch, label structure and the similarities' type to the loss. */
  @FunctionalInterface
  interface EnginePath {
    NDArray loss(SimilarityBatch batch, LabelStructure structure, DataType dtype);
  }

  private ApLossPaths() {}

  /**
   * Computes an AP loss on the path its implementation resolves to on the batch's device.
   *
   * @param batch the batch
   * @param lossId the loss id, for errors
   * @param implementation the loss's implementation choice
   * @param kernel the fused row kernel for a label structure
   * @param split how the fused path splits the valid queries, given the batch size and their number
   * @param engine the engine path
   * @param <W> the kernel's per-worker scratch
   * @return the scalar loss
   */
  static <W> NDArray compute(
      SimilarityBatch batch,
      String lossId,
      Implementation implementation,
      Function<LabelStructure, RowKernel<W>> kernel,
      SplitChoice split,
      EnginePath engine) {
    NDArray s = batch.similarities();
    DataType dtype = FloatSimilarities.require(s, lossId);
    LabelStructure structure = LabelStructure.of(batch);
    if (implementation.on(s.getDevice()) == Implementation.FUSED_CPU) {
      return FusedRowDriver.mean(
          batch,
          structure.validQueries(),
          kernel.apply(structure),
          split.of(batch.size(), structure.validCount()),
          lossId);
    }
    FiniteSimilarities.require(s, lossId);
    return engine.loss(batch, structure, dtype);
  }

  /** The fused path's split for a batch of {@code n} items with {@code v} valid queries. */
  @FunctionalInterface
  interface SplitChoice {
    FusedRowDriver.Split of(int n, int v);
  }
}
