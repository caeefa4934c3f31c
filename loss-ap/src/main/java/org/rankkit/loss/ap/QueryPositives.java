package org.rankkit.loss.ap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The valid queries of a batch and each one's positives (SPEC.md notation): a query {@code q} is
 * valid when {@code queryMask[q]} holds and some other item {@code x ≠ q} has its label; {@code
 * P_q} lists those items in increasing index order. Immutable after construction.
 */
final class QueryPositives {

  private final int[] queries;
  private final int[][] positives;
  private final int maxPositives;

  private QueryPositives(int[] queries, int[][] positives) {
    this.queries = queries;
    this.positives = positives;
    int max = 0;
    for (int[] p : positives) {
      max = Math.max(max, p.length);
    }
    this.maxPositives = max;
  }

  /**
   * Groups a batch's items by label and lists the valid queries.
   *
   * @param batch the batch
   * @return the valid queries (increasing index order) and their positives
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
    List<int[]> pos = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      int[] cls = members.get(batch.label(q));
      if (!batch.isQuery(q) || cls.length < 2) {
        continue;
      }
      int[] p = new int[cls.length - 1];
      int k = 0;
      for (int x : cls) {
        if (x != q) {
          p[k++] = x;
        }
      }
      valid.add(q);
      pos.add(p);
    }
    return new QueryPositives(
        valid.stream().mapToInt(Integer::intValue).toArray(), pos.toArray(new int[0][]));
  }

  /** Returns the number of valid queries {@code V}. */
  int count() {
    return queries.length;
  }

  /** Returns the item index of the {@code k}-th valid query. */
  int query(int k) {
    return queries[k];
  }

  /** Returns the positives of the {@code k}-th valid query (do not modify). */
  int[] positives(int k) {
    return positives[k];
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
