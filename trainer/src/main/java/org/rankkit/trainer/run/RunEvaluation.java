package org.rankkit.trainer.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.rankkit.data.ImageSet;
import org.rankkit.data.RetrievalSplits;
import org.rankkit.eval.EvalConfig;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.eval.EvaluationStoppedException;
import org.rankkit.eval.RetrievalEvaluator;

/**
 * Evaluation of the model being trained: embedding an image set in inference mode and computing the
 * retrieval metrics of the held-out split (leave-one-out or query/gallery). The run's evaluations
 * take a stop check, asked before every forward pass and every similarity chunk, so Ctrl-C during
 * an evaluation is honoured within one batch's time rather than after the whole evaluation.
 */
public final class RunEvaluation {

  private RunEvaluation() {}

  /**
   * Embeds an image set with the model in inference mode.
   *
   * @param trainer the trainer (its model and device)
   * @param set the images (evaluation transform)
   * @param manager where the result lives
   * @param batch images per forward pass
   * @return {@code (N, dim)} embeddings
   */
  public static NDArray embed(Trainer trainer, ImageSet set, NDManager manager, int batch) {
    return embed(trainer, set, manager, batch, () -> false);
  }

  /**
   * Embeds an image set with the model in inference mode.
   *
   * @param trainer the trainer (its model and device)
   * @param set the images (evaluation transform)
   * @param manager where the result lives
   * @param batch images per forward pass
   * @param stop asked before every forward pass
   * @return {@code (N, dim)} embeddings
   * @throws EvaluationStoppedException when {@code stop} answers true
   */
  static NDArray embed(
      Trainer trainer, ImageSet set, NDManager manager, int batch, BooleanSupplier stop) {
    int n = set.size();
    float[] all = null;
    int dim = -1;
    for (int start = 0; start < n; start += batch) {
      if (stop.getAsBoolean()) {
        throw new EvaluationStoppedException();
      }
      int count = Math.min(batch, n - start);
      int[] indices = new int[count];
      for (int i = 0; i < count; i++) {
        indices[i] = start + i;
      }
      try (NDManager step = trainer.getManager().newSubManager()) {
        NDArray x = set.load(step, indices, false, new SplittableRandom(0));
        NDArray e = trainer.evaluate(new NDList(x)).head();
        float[] values = e.toFloatArray();
        if (all == null) {
          dim = Math.toIntExact(e.getShape().get(1));
          all = new float[Math.multiplyExact(n, dim)];
        }
        System.arraycopy(values, 0, all, start * dim, values.length);
      }
    }
    return manager.create(all, new Shape(n, dim));
  }

  /**
   * Evaluates the model on the held-out split (leave-one-out or query/gallery).
   *
   * @param trainer the trainer
   * @param splits the data
   * @param evalConfig what to compute
   * @param batch images per forward pass
   * @param stop asked before every forward pass and similarity chunk
   * @return the metrics
   * @throws EvaluationStoppedException when {@code stop} answers true
   */
  static EvaluationResult evaluate(
      Trainer trainer,
      RetrievalSplits splits,
      EvalConfig evalConfig,
      int batch,
      BooleanSupplier stop) {
    RetrievalEvaluator evaluator = new RetrievalEvaluator(stop);
    try (NDManager manager = trainer.getManager().newSubManager()) {
      NDArray queries = embed(trainer, splits.query(), manager, batch, stop);
      if (splits.leaveOneOut()) {
        return evaluator.leaveOneOut(queries, splits.query().labels(), evalConfig);
      }
      NDArray gallery = embed(trainer, splits.gallery(), manager, batch, stop);
      return evaluator.queryGallery(
          queries, splits.query().labels(), gallery, splits.gallery().labels(), evalConfig);
    }
  }
}
