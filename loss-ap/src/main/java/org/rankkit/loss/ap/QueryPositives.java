package org.rankkit.loss.ap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The valid queries of a batch and each one's positives (SPEC.md notation): a query {@code q} is
 * valid when {@code queryMask[q]} holds and some other item {@code x ≠ q} has its label; {@code
 * P_q} lists those items in increasing index order. Holds {@code O(N)} memory: the members of each
 * class are stored once and a query's positives are listed on demand. Immutable after
 * construction.
 */
final class QueryPositives {

  private final int[] queries;
  private final int[][] classes;
  private final int maxPositives;

  private QueryPositives(int[] queries, int[][] classes) {
    this.queries = queries;
    this.classes = classes;
    int max = 0;
    for (int[] members : classes) {
      max = Math.max(max, members.length - 1);
    }
    this.maxPositives = max;
  }

  /**
   * Groups a batch's items by label and lists the valid queries.
   *
   * @param batch the batch
   * @return the valid queries (increasing index order) and their classes
   */
  static QueryPositives of(SimilarityBatch batch) {
    int n = batch.size();
    Map<Long, List<Integer>> byLabel = new HashMap<>();
    for (int i = 0; i < n; i++) {
      byLabel.computeIfAbsent(batch.label(i), k -> new ArrayList<>()).add(i);
    }
    Map<Long, int[]> members = new HashMap<>();
    byLabel.forEach((k, v) -> members.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    List<Integer> valid = new ArrayList<>();
    List<int[]> classOf = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      int[] cls = members.get(batch.label(q));
      if (batch.isQuery(q) && cls.length >= 2) {
        valid.add(q);
        classOf.add(cls);
      }
    }
    return new QueryPositives(
        valid.stream().mapToInt(Integer::intValue).toArray(), classOf.toArray(new int[0][]));
  }

  /** Returns the number of valid queries {@code V}. */
  int count() {
    return queries.length;
  }

  /** Returns the item index of the {@code k}-th valid query. */
  int query(int k) {
    return queries[k];
  }

  /** Returns {@code |P_q|} of the {@code k}-th valid query. */
  int positiveCount(int k) {
    return classes[k].length - 1;
  }

  /** Returns a new array with the positives of the {@code k}-th valid query, increasing. */
  int[] positives(int k) {
    int q = queries[k];
    int[] cls = classes[k];
    int[] p = new int[cls.length - 1];
    int i = 0;
    for (int x : cls) {
      if (x != q) {
        p[i++] = x;
      }
    }
    return p;
  }

  /** Returns the largest {@code |P_q|} over valid queries (0 when there is none). */
  int maxPositives() {
    return maxPositives;
  }

  /** Returns a copy of the valid queries' item indices. */
  int[] queries() {
    return queries.clone();
  }
}
