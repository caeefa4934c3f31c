package org.rankkit.api.loss;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Objects;

/**
 * One batch as the losses see it: an {@code N × N} similarity matrix over the batch's items, their
 * integer class labels, and which items act as queries.
 *
 * <p>Row {@code q} holds the similarities of item {@code q} (as a query) to every item (as a
 * gallery item); the diagonal {@code S[q][q]} is the self-similarity and is never part of the
 * query's gallery {@code Ω_q} (a loss may still use it, e.g. recall-at-k with {@code
 * includeQuery}). The first {@link #realCount()} items are the real batch items; items after them
 * are virtual items added by a {@link SimilarityAugmentation}.
 *
 * <p>Ownership: the batch does not own {@link #similarities()} nor {@link #embeddings()}; they stay
 * attached to the caller's {@link ai.djl.ndarray.NDManager}, which closes them. Java arrays are
 * copied on construction and must not be modified through the accessors. Instances are immutable
 * and safe to share between threads (the NDArrays themselves are not thread-safe).
 *
 * @param similarities {@code N × N} float32 or float64 matrix, possibly requiring gradients
 * @param labels class id of each of the {@code N} items (any integers, unsorted, any class sizes)
 * @param queryMask {@code queryMask[i]} is true when item {@code i} is a query; length {@code N}
 * @param realCount number of real (non-virtual) items, {@code 0 < realCount <= N}
 * @param embeddings the real items' embeddings ({@code realCount × d}), or {@code null} when the
 *     caller has none; losses that only need similarities ignore it
 */
public record SimilarityBatch(
    NDArray similarities, long[] labels, boolean[] queryMask, int realCount, NDArray embeddings) {

  /**
   * Validates shapes and copies the Java arrays.
   *
   * @param similarities {@code N × N} matrix (not copied; still owned by the caller's manager)
   * @param labels {@code N} class ids (copied)
   * @param queryMask {@code N} query flags (copied)
   * @param realCount number of real items, {@code 0 < realCount <= N}
   * @param embeddings the real items' embeddings or {@code null} (not copied)
   * @throws IllegalArgumentException when the matrix is not square or the lengths disagree
   */
  public SimilarityBatch {
    Objects.requireNonNull(similarities, "similarities");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(queryMask, "queryMask");
    long[] shape = similarities.getShape().getShape();
    if (shape.length != 2 || shape[0] != shape[1]) {
      throw new IllegalArgumentException(
          "similarities must be a square N x N matrix, got shape " + similarities.getShape());
    }
    if (shape[0] != labels.length || labels.length != queryMask.length) {
      throw new IllegalArgumentException(
          "similarities ("
              + shape[0]
              + " x "
              + shape[1]
              + "), labels ("
              + labels.length
              + ") and queryMask ("
              + queryMask.length
              + ") must describe the same number of items");
    }
    if (realCount <= 0 || realCount > labels.length) {
      throw new IllegalArgumentException(
          "realCount must be in [1, " + labels.length + "], got " + realCount);
    }
    labels = labels.clone();
    queryMask = queryMask.clone();
  }

  /**
   * A batch of real items only, every item a query, similarities {@code E·Eᵀ}.
   *
   * @param embeddings {@code B × d} embeddings; the result's similarity matrix is attached to their
   *     manager and closed with it
   * @param labels {@code B} class ids
   * @return the batch
   */
  public static SimilarityBatch fromEmbeddings(NDArray embeddings, long[] labels) {
    NDArray s = embeddings.matMul(embeddings.transpose());
    boolean[] all = new boolean[labels.length];
    Arrays.fill(all, true);
    return new SimilarityBatch(s, labels, all, labels.length, embeddings);
  }

  /**
   * A batch from a precomputed similarity matrix, all items real and queries.
   *
   * @param similarities {@code N × N} similarities
   * @param labels {@code N} class ids
   * @return the batch
   */
  public static SimilarityBatch of(NDArray similarities, long[] labels) {
    boolean[] all = new boolean[labels.length];
    Arrays.fill(all, true);
    return new SimilarityBatch(similarities, labels, all, labels.length, null);
  }

  /** {@return the number of items {@code N} (real and virtual)} */
  public int size() {
    return labels.length;
  }

  /**
   * Returns the label of an item.
   *
   * @param i the item's index, {@code 0 <= i < size()}
   * @return its class id
   */
  public long label(int i) {
    return labels[i];
  }

  /**
   * Returns whether an item is a query.
   *
   * @param i the item's index, {@code 0 <= i < size()}
   * @return true when row {@code i} of the similarities is a query
   */
  public boolean isQuery(int i) {
    return queryMask[i];
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "SimilarityBatch[n=" + labels.length + ", real=" + realCount + "]";
  }
}
