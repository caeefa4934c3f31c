package org.rankkit.api.loss;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Who is a positive of whom: the label structure of a set of queries against a gallery, computed
 * once and shared by every loss, augmentation and metric that needs it.
 *
 * <p>A <em>positive</em> of query {@code q} is a gallery item with {@code q}'s label, other than
 * {@code q} itself when queries are drawn from the gallery ({@code leaveOneOut}, as in a training
 * batch). A query is <em>valid</em> when it is a query at all (see {@link
 * SimilarityBatch#isQuery(int)}) and has at least one positive; losses average over valid queries
 * and metrics count them.
 *
 * <p>Immutable and thread-safe. Arrays returned by accessors are copies unless documented
 * otherwise.
 */
public final class LabelStructure {

  private final int queryCount;
  private final int gallerySize;
  private final boolean leaveOneOut;
  private final int[][] members;
  private final int[] classOfQuery;
  private final int[] validQueries;
  private final boolean[] valid;
  private final int maxPositives;

  private LabelStructure(
      long[] queryLabels, boolean[] isQuery, long[] galleryLabels, boolean leaveOneOut) {
    this.queryCount = queryLabels.length;
    this.gallerySize = galleryLabels.length;
    this.leaveOneOut = leaveOneOut;
    Map<Long, Integer> classIds = new HashMap<>();
    int[] classOfItem = new int[gallerySize];
    int[] counts = new int[gallerySize];
    for (int i = 0; i < gallerySize; i++) {
      int c = classIds.computeIfAbsent(galleryLabels[i], l -> classIds.size());
      classOfItem[i] = c;
      counts[c]++;
    }
    members = new int[classIds.size()][];
    for (int c = 0; c < members.length; c++) {
      members[c] = new int[counts[c]];
    }
    int[] fill = new int[members.length];
    for (int i = 0; i < gallerySize; i++) {
      members[classOfItem[i]][fill[classOfItem[i]]++] = i;
    }
    classOfQuery = new int[queryCount];
    valid = new boolean[queryCount];
    int[] validList = new int[queryCount];
    int v = 0;
    int max = 0;
    for (int q = 0; q < queryCount; q++) {
      Integer c = classIds.get(queryLabels[q]);
      classOfQuery[q] = c == null ? -1 : c;
      int positives = positiveCount(q);
      if ((isQuery == null || isQuery[q]) && positives > 0) {
        valid[q] = true;
        validList[v++] = q;
        max = Math.max(max, positives);
      }
    }
    validQueries = Arrays.copyOf(validList, v);
    maxPositives = max;
  }

  /**
   * The structure of a similarity batch: every item is in the gallery, the items flagged as queries
   * are the queries, and no query is its own positive.
   *
   * @param batch the (possibly augmented) batch
   * @return its label structure
   */
  public static LabelStructure of(SimilarityBatch batch) {
    int n = batch.size();
    boolean[] isQuery = new boolean[n];
    for (int i = 0; i < n; i++) {
      isQuery[i] = batch.isQuery(i);
    }
    return of(batch.labels(), isQuery);
  }

  /**
   * The structure of a batch given by its labels: every item is in the gallery, the flagged items
   * are the queries, and no query is its own positive.
   *
   * @param labels label of each item
   * @param isQuery whether each item is a query (same length)
   * @return its label structure
   * @throws IllegalArgumentException when the lengths differ
   */
  public static LabelStructure of(long[] labels, boolean[] isQuery) {
    if (labels.length != isQuery.length) {
      throw new IllegalArgumentException(
          labels.length + " labels but " + isQuery.length + " query flags; give one flag per item");
    }
    return new LabelStructure(labels, isQuery.clone(), labels, true);
  }

  /**
   * The structure of a retrieval evaluation.
   *
   * @param queryLabels label of each query
   * @param galleryLabels label of each gallery (gallery) item
   * @param leaveOneOut whether query {@code i} is gallery item {@code i} (the queries are the
   *     gallery, each excluded from its own results); then both arrays must have the same length
   * @return the label structure
   * @throws IllegalArgumentException when {@code leaveOneOut} is set and the lengths differ
   */
  public static LabelStructure of(long[] queryLabels, long[] galleryLabels, boolean leaveOneOut) {
    if (leaveOneOut && queryLabels.length != galleryLabels.length) {
      throw new IllegalArgumentException(
          "leave-one-out needs the queries to be the gallery, but there are "
              + queryLabels.length
              + " queries and "
              + galleryLabels.length
              + " gallery items");
    }
    return new LabelStructure(queryLabels, null, galleryLabels, leaveOneOut);
  }

  /** {@return the number of queries (valid or not)} */
  public int queryCount() {
    return queryCount;
  }

  /** {@return the number of gallery items} */
  public int gallerySize() {
    return gallerySize;
  }

  /** {@return the number of distinct labels in the gallery} */
  public int classCount() {
    return members.length;
  }

  /**
   * Returns the gallery items of one class.
   *
   * @param c {@code 0 <= c < classCount()}; classes are numbered in order of first appearance in
   *     the gallery
   * @return their indices, increasing (a copy)
   */
  public int[] members(int c) {
    return members[c].clone();
  }

  /** {@return the number of valid queries} */
  public int validCount() {
    return validQueries.length;
  }

  /**
   * Returns the {@code k}-th valid query.
   *
   * @param k {@code 0 <= k < validCount()}
   * @return its query index; valid queries are in increasing index order
   */
  public int validQuery(int k) {
    return validQueries[k];
  }

  /** {@return the indices of the valid queries, increasing (a copy)} */
  public int[] validQueries() {
    return validQueries.clone();
  }

  /**
   * Returns whether a query is valid.
   *
   * @param q query index
   * @return true when it is a query with at least one positive
   */
  public boolean isValid(int q) {
    return valid[q];
  }

  /**
   * Returns the number of positives of a query (whether or not it is flagged as a query).
   *
   * @param q query index
   * @return its label's gallery items, minus itself under leave-one-out
   */
  public int positiveCount(int q) {
    int c = classOfQuery[q];
    return c < 0 ? 0 : members[c].length - (leaveOneOut ? 1 : 0);
  }

  /** {@return the largest positive count of a valid query (0 when none is valid)} */
  public int maxPositives() {
    return maxPositives;
  }

  /**
   * Writes the gallery indices of a query's positives, increasing.
   *
   * @param q query index
   * @param out receives them; at least {@link #positiveCount(int)} long
   * @return how many were written
   */
  public int positives(int q, int[] out) {
    int c = classOfQuery[q];
    if (c < 0) {
      return 0;
    }
    int p = 0;
    for (int m : members[c]) {
      if (!(leaveOneOut && m == q)) {
        out[p++] = m;
      }
    }
    return p;
  }

  /**
   * Returns the gallery indices of a query's positives, increasing.
   *
   * @param q query index
   * @return a new array of {@link #positiveCount(int)} indices
   */
  public int[] positives(int q) {
    int[] out = new int[positiveCount(q)];
    positives(q, out);
    return out;
  }
}
