package org.rankkit.eval;

/**
 * Sorting of (similarity, database index) pairs into rank order: descending similarity, ties to
 * the lower index (SPEC.md).
 */
final class Ranking {

  private Ranking() {}

  /**
   * Returns whether item (s1, i1) ranks before item (s2, i2).
   *
   * @param s1 first similarity
   * @param i1 first database index
   * @param s2 second similarity
   * @param i2 second database index
   * @return true when the first ranks strictly before the second
   */
  static boolean before(double s1, int i1, double s2, int i2) {
    return s1 > s2 || (s1 == s2 && i1 < i2);
  }

  /**
   * Sorts {@code val[from, to)} and {@code idx[from, to)} together into rank order.
   *
   * @param val similarities
   * @param idx database indices (distinct)
   * @param from first position
   * @param to end position (exclusive)
   */
  static void sort(double[] val, int[] idx, int from, int to) {
    while (to - from > 16) {
      int mid = (from + to) >>> 1;
      // median of three as pivot
      int a = from;
      int b = mid;
      int c = to - 1;
      if (before(val[b], idx[b], val[a], idx[a])) {
        swap(val, idx, a, b);
      }
      if (before(val[c], idx[c], val[b], idx[b])) {
        swap(val, idx, b, c);
        if (before(val[b], idx[b], val[a], idx[a])) {
          swap(val, idx, a, b);
        }
      }
      double pv = val[b];
      int pi = idx[b];
      int i = from;
      int j = to - 1;
      while (i <= j) {
        while (before(val[i], idx[i], pv, pi)) {
          i++;
        }
        while (before(pv, pi, val[j], idx[j])) {
          j--;
        }
        if (i <= j) {
          swap(val, idx, i, j);
          i++;
          j--;
        }
      }
      // recurse into the smaller part, loop on the larger
      if (j - from < to - 1 - i) {
        sort(val, idx, from, j + 1);
        from = i;
      } else {
        sort(val, idx, i, to);
        to = j + 1;
      }
    }
    for (int i = from + 1; i < to; i++) {
      double v = val[i];
      int x = idx[i];
      int j = i - 1;
      while (j >= from && before(v, x, val[j], idx[j])) {
        val[j + 1] = val[j];
        idx[j + 1] = idx[j];
        j--;
      }
      val[j + 1] = v;
      idx[j + 1] = x;
    }
  }

  private static void swap(double[] val, int[] idx, int a, int b) {
    double v = val[a];
    val[a] = val[b];
    val[b] = v;
    int x = idx[a];
    idx[a] = idx[b];
    idx[b] = x;
  }
}
