package org.rankkit.eval;

/**
 * Counts the negatives of one query against its ranked positives: {@code counts[m]} is the number
 * of negatives ranked before positive m but after positive m − 1. A table over buckets of engine
 * similarity answers most negatives without a search: where a bucket contains no positive's value ±
 * δ, every similarity in it beats the same positives.
 */
final class NegativeCounter {
  private final double[] pv;
  private final int[] pi;
  private final int[] counts;
  private final long label;
  private final long[] galleryLabels;
  private final double margin;
  private final ItemSimilarity exact;

  /** Bucket b covers engine similarities [low + b / scale, low + (b + 1) / scale). */
  private final double low;

  private final double scale;

  /** Position for every similarity of the bucket, or −1 when it must be searched. */
  private final int[] answer;

  /**
   * Prepares the bucket table of one query.
   *
   * @param pv canonical similarities of the query's positives, descending (at least one)
   * @param pi gallery indices of those positives
   * @param counts receives the counts, {@code pv.length + 1} entries
   * @param label the query's label
   * @param galleryLabels labels of the gallery items
   * @param margin the engine's error bound δ
   * @param exact canonical similarity of the query to a gallery item
   */
  NegativeCounter(
      double[] pv,
      int[] pi,
      int[] counts,
      long label,
      long[] galleryLabels,
      double margin,
      ItemSimilarity exact) {
    this.pv = pv;
    this.pi = pi;
    this.counts = counts;
    this.label = label;
    this.galleryLabels = galleryLabels;
    this.margin = margin;
    this.exact = exact;
    double lo = pv[pv.length - 1] - margin;
    double hi = pv[0] + margin;
    int buckets = Math.max(16, 4 * pv.length);
    double width = (hi - lo) / buckets;
    if (!(width > 1e-12 * Math.max(1, Math.abs(hi)))) {
      buckets = 0; // all positives (nearly) equal: always search
      width = 1;
    }
    low = lo;
    scale = 1 / width;
    answer = new int[buckets];
    double pad = width / 64; // covers rounding in the bucket index
    for (int k = 0; k < buckets; k++) {
      double a = lo + k * width - pad;
      double b = lo + (k + 1) * width + pad;
      // definite(s) and possible(s) (see count) never increase with s, and possible ≤ definite:
      // if definite is the same at both ends and possible at the upper end already equals it,
      // both are that value throughout the bucket and no search is needed
      int definite = firstBelow(pv, b - margin);
      boolean constant =
          definite == firstBelow(pv, a - margin) && firstAtMost(pv, b + margin) == definite;
      answer[k] = constant ? definite : -1;
    }
  }

  /**
   * Counts every negative of row {@code row} of a chunk whose first column is gallery item {@code
   * base}, skipping column {@code self} (the query itself in leave-one-out; −1 for none or
   * negative). Only similarities not below the worst positive − δ can come before a positive: the
   * group maxima skip the rest, and where most groups pass, the row is read in order instead.
   */
  void countRow(SimilarityChunk chunk, int row, int base, int self) {
    int rowStart = row * chunk.width;
    int groups = chunk.groups; // set to 0 once the row has been read in order
    // low, the bucket table's start, is the worst positive − δ
    if (chunk.f != null) {
      float[] max = chunk.rowMaxF(row);
      float lowF = (float) low;
      if (lowF > low) {
        lowF = Math.nextDown(lowF);
      }
      int passing = 0;
      for (int p = 0; p < groups; p++) {
        passing += max[p] >= lowF ? 1 : 0;
      }
      if (passing * 4 > groups) {
        // most groups pass: read the row in order instead of group by group
        float[] all = chunk.rowF(row);
        for (int c = 0; c < groups * SimilarityChunk.GROUP_SIZE; c++) {
          if (all[c] >= lowF && c != self) {
            count(all[c], base + c);
          }
        }
        groups = 0;
      }
      for (int p = 0; p < groups; p++) {
        if (max[p] >= lowF) {
          for (int c = p; c < groups * SimilarityChunk.GROUP_SIZE; c += groups) {
            float s = chunk.f.get(rowStart + c);
            if (s >= lowF && c != self) {
              count(s, base + c);
            }
          }
        }
      }
    } else {
      double[] max = chunk.rowMaxD(row);
      for (int p = 0; p < groups; p++) {
        if (max[p] >= low) {
          for (int c = p; c < groups * SimilarityChunk.GROUP_SIZE; c += groups) {
            double s = chunk.d.get(rowStart + c);
            if (s >= low && c != self) {
              count(s, base + c);
            }
          }
        }
      }
    }
    for (int c = chunk.groups * SimilarityChunk.GROUP_SIZE; c < chunk.width; c++) {
      double s = chunk.get(rowStart + c);
      if (s >= low && c != self) {
        count(s, base + c);
      }
    }
  }

  /** Counts gallery item j (engine similarity s ≥ worst positive − δ) if it is a negative. */
  void count(double s, int j) {
    if (galleryLabels[j] == label) {
      return;
    }
    if (s - margin > pv[0]) { // surely before every positive
      counts[0]++;
      return;
    }
    int bucket = (int) ((s - low) * scale);
    if (bucket >= 0 && bucket < answer.length && answer[bucket] >= 0) {
      counts[answer[bucket]]++;
      return;
    }
    // the canonical similarity of j is within s ± δ: positives from `definite` on rank surely
    // after j, positives before `possible` surely before it; in between, compute it
    int definite = firstBelow(pv, s - margin);
    int possible = firstAtMost(pv, s + margin);
    int position = definite;
    if (possible < definite) {
      double canonical = exact.of(j);
      int lo = possible;
      int hi = definite;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (Ranking.before(canonical, j, pv[mid], pi[mid])) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      position = lo;
    }
    counts[position]++;
  }

  /** Returns the first position m of a descending array with {@code pv[m] <= x}. */
  private static int firstAtMost(double[] pv, double x) {
    int lo = 0;
    int hi = pv.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (pv[mid] <= x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Returns the first position m of a descending array with {@code pv[m] < x}. */
  private static int firstBelow(double[] pv, double x) {
    int lo = 0;
    int hi = pv.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (pv[mid] < x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
