package org.rankkit.eval;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * The best {@code keep} gallery items of one query. Offered items carry engine similarities
 * (canonical ± margin δ); the list keeps every item whose engine value is at least the current
 * {@code keep}-th engine value minus 2δ, a superset of the canonical best {@code keep} whatever the
 * order in which items are offered. {@link #finish} ranks the survivors by canonical similarity
 * (computing it only among engine values closer than 2δ) and cuts to {@code keep}.
 */
final class TopList {
  final int keep;
  final double margin;
  double[] val;
  int[] idx;
  int size;

  /** Items with an engine value below this cannot be among the best {@code keep}. */
  double cut = Double.NEGATIVE_INFINITY;

  TopList(int keep, double margin) {
    this.keep = keep;
    this.margin = margin;
    int capacity = Math.max(4 * keep, keep + 64);
    val = new double[capacity];
    idx = new int[capacity];
  }

  /**
   * Offers row {@code row} of a chunk whose first column is gallery item {@code base}, skipping
   * column {@code self} (the query itself in leave-one-out; −1 for none or negative).
   */
  void offerRow(SimilarityChunk chunk, int row, int base, int self) {
    if (chunk.f != null) {
      offer(chunk, row, base, self);
    } else {
      offerDouble(chunk, row, base, self);
    }
  }

  /**
   * Offers row {@code row} of a float32 chunk whose first column is gallery item {@code base}.
   * Before the first cut, the {@code keep}-th largest group maximum is a lower bound (a floor) of
   * the final {@code keep}-th engine value: groups and items below it minus 2δ are skipped.
   */
  void offer(SimilarityChunk chunk, int row, int base, int self) {
    float[] max = chunk.rowMaxF(row);
    FloatBuffer f = chunk.f;
    int rowStart = row * chunk.width;
    int groups = chunk.groups;
    double floor = floor(chunk, row, self);
    float thr = lowerFloat(Math.max(floor, cut));
    for (int p = 0; p < groups; p++) {
      if (max[p] >= thr) {
        for (int c = p; c < groups * SimilarityChunk.GROUP_SIZE; c += groups) {
          float s = f.get(rowStart + c);
          if (s >= thr && c != self) {
            offer(s, base + c);
            thr = lowerFloat(Math.max(floor, cut));
          }
        }
      }
    }
    for (int c = groups * SimilarityChunk.GROUP_SIZE; c < chunk.width; c++) {
      float s = f.get(rowStart + c);
      if (s >= thr && c != self) {
        offer(s, base + c);
        thr = lowerFloat(Math.max(floor, cut));
      }
    }
    settle();
  }

  /** Offers row {@code row} of a float64 chunk whose first column is gallery item {@code base}. */
  void offerDouble(SimilarityChunk chunk, int row, int base, int self) {
    double[] max = chunk.rowMaxD(row);
    DoubleBuffer d = chunk.d;
    int rowStart = row * chunk.width;
    int groups = chunk.groups;
    double floor = floor(chunk, row, self);
    double thr = Math.max(floor, cut);
    for (int p = 0; p < groups; p++) {
      if (max[p] >= thr) {
        for (int c = p; c < groups * SimilarityChunk.GROUP_SIZE; c += groups) {
          double s = d.get(rowStart + c);
          if (s >= thr && c != self) {
            offer(s, base + c);
            thr = Math.max(floor, cut);
          }
        }
      }
    }
    for (int c = groups * SimilarityChunk.GROUP_SIZE; c < chunk.width; c++) {
      double s = d.get(rowStart + c);
      if (s >= thr && c != self) {
        offer(s, base + c);
        thr = Math.max(floor, cut);
      }
    }
    settle();
  }

  /**
   * The floor of a row before the first cut: the {@code keep}-th largest group maximum − 2δ ({@code
   * keep + 1}-th when the query itself, left out, is in the chunk); −∞ once there is a cut or when
   * the chunk has too few groups.
   */
  private double floor(SimilarityChunk chunk, int row, int self) {
    // the query itself (leave-one-out) may be one of the group maxima: then take one more
    int rank = self >= 0 && self < chunk.width ? keep + 1 : keep;
    if (cut != Double.NEGATIVE_INFINITY || chunk.groups < rank) {
      return Double.NEGATIVE_INFINITY;
    }
    return Ranking.kthLargest(chunk.rowMaxCopy(row), chunk.groups, rank) - 2 * margin;
  }

  /** The largest float not above x (so that float comparisons never skip an item ≥ x). */
  private static float lowerFloat(double x) {
    float f = (float) x;
    return f > x ? Math.nextDown(f) : f;
  }

  /** Adds item j with engine similarity s unless it is below the cut. */
  void offer(double s, int j) {
    if (s < cut) {
      return;
    }
    val[size] = s;
    idx[size] = j;
    size++;
    if (size == val.length) {
      compact();
    }
  }

  /** Sets the cut as soon as the list holds {@code keep} items. */
  private void settle() {
    if (cut == Double.NEGATIVE_INFINITY && size >= keep) {
      compact();
    }
  }

  /** Raises the cut to the {@code keep}-th engine value − 2δ and drops what falls below it. */
  private void compact() {
    if (size >= keep) {
      Ranking.select(val, idx, 0, size, keep - 1);
      cut = Math.max(cut, val[keep - 1] - 2 * margin);
      int kept = keep;
      for (int m = keep; m < size; m++) {
        if (val[m] >= cut) {
          val[kept] = val[m];
          idx[kept] = idx[m];
          kept++;
        }
      }
      size = kept;
    }
    if (size > val.length / 2) { // many near-ties at the cut: grow to stay amortised
      val = java.util.Arrays.copyOf(val, val.length * 2);
      idx = java.util.Arrays.copyOf(idx, idx.length * 2);
    }
  }

  /**
   * Ranks the kept items by canonical similarity, then index, and cuts the list to {@code keep}.
   *
   * @param similarity canonical similarity of the query to a gallery item
   */
  void finish(ItemSimilarity similarity) {
    Ranking.sort(val, idx, 0, size);
    // engine values more than 2δ apart are in canonical order; re-rank runs of closer ones
    int from = 0;
    while (from < size) {
      int to = from + 1;
      while (to < size && val[to - 1] - val[to] <= 2 * margin) {
        to++;
      }
      if (to - from > 1) {
        for (int m = from; m < to; m++) {
          val[m] = similarity.of(idx[m]);
        }
        Ranking.sort(val, idx, from, to);
      }
      from = to;
    }
    size = Math.min(size, keep);
  }
}
