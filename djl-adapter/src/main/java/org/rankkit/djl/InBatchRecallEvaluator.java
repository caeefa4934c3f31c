package org.rankkit.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.evaluator.AbstractAccuracy;
import ai.djl.util.Pair;

/**
 * A DJL evaluator of in-batch Recall@k: the fraction of a batch's items that have an item of their
 * own class among their {@code k} most similar other items of the same batch (leave-one-out, by dot
 * product of the embeddings, i.e. cosine similarity for unit embeddings). Items without another
 * item of their class count as misses, as in RankKit's {@code recall@k} metric.
 *
 * <p>Add it with {@code DefaultTrainingConfig.addEvaluator(new InBatchRecallEvaluator(1))}; DJL's
 * listeners then report {@code recall@1} per epoch for training batches and, with a validation set
 * in {@code EasyTrain.fit}, for validation batches (make the validation batch the whole set to get
 * the set's leave-one-out Recall@k). Ties with the nearest positive count in the item's favour;
 * RankKit's {@code eval} module breaks ties by index and searches whole galleries.
 *
 * <p>Predictions and labels are read, never modified or closed; the arrays created here are closed
 * before each call returns, except {@link #evaluate}'s result, which is attached to the embeddings'
 * manager. Thread-safe accumulators (as {@link AbstractAccuracy}).
 */
public final class InBatchRecallEvaluator extends AbstractAccuracy {

  private final int k;

  /**
   * Creates the evaluator, named {@code recall@k}.
   *
   * @param k the cut-off, {@code >= 1}
   * @throws IllegalArgumentException when {@code k < 1}
   */
  public InBatchRecallEvaluator(int k) {
    super("recall@" + requirePositive(k));
    this.k = k;
  }

  private static int requirePositive(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    return k;
  }

  /**
   * Returns the batch size and, per item, 1 when it is a hit and 0 otherwise.
   *
   * @param labels {@code labels.head()}: the {@code B} class ids
   * @param predictions {@code predictions.head()}: the {@code B × d} embeddings
   * @return {@code (B, hits)}, {@code hits} an int64 array of shape {@code (B)} attached to the
   *     embeddings' manager
   */
  @Override
  protected Pair<Long, NDArray> accuracyHelper(NDList labels, NDList predictions) {
    NDArray embeddings = predictions.head();
    if (embeddings.getShape().dimension() != 2) {
      throw new IllegalArgumentException(
          "predictions.head() must be the B x d embedding matrix, got shape "
              + embeddings.getShape());
    }
    long b = embeddings.getShape().get(0);
    long[] ids = RankingLossAdapter.classIds(labels.head(), b);
    NDManager owner = embeddings.getManager();
    try (NDManager scope = owner.newSubManager()) {
      NDArray e = embeddings.stopGradient();
      e.attach(scope);
      NDArray s = e.matMul(e.transpose());
      NDArray y = scope.create(ids);
      NDArray others = scope.eye((int) b).eq(0);
      NDArray positive = y.reshape(b, 1).eq(y.reshape(1, b)).logicalAnd(others);
      NDArray negative = positive.logicalNot().logicalAnd(others);
      NDArray lowest = s.min().sub(1).broadcast(s.getShape());
      // best positive similarity per item (below every similarity when it has no positive)
      NDArray bestPositive = NDArrays.where(positive, s, lowest).max(new int[] {1}, true);
      NDArray outranking =
          negative.logicalAnd(s.gt(bestPositive)).toType(DataType.INT64, false).sum(new int[] {1});
      NDArray hasPositive = positive.toType(DataType.INT64, false).sum(new int[] {1}).gt(0);
      NDArray hits = outranking.lt(k).logicalAnd(hasPositive).toType(DataType.INT64, false);
      hits.attach(owner);
      return new Pair<>(b, hits);
    }
  }
}
