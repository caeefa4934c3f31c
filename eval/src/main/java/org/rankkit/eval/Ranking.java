package org.rankkit.eval;

/**
 * Sorting of (similarity, gallery index) pairs into rank order: descending similarity, ties to the
 * lower index (docs/numeric-spec.md).
 */
final class Ranking {

  private Ranking() {}

  /**
   * Returns whether item (s1, i1) ranks before item (s2, i2).
   *
   * @param s1 first similarity
   * @param i1 first gallery index
   * @param s2 second similarity
   * @param i2 second gallery index
   * @return true when the first ranks strictly before the second
   */
  static boolean before(double s1, int i1, double s2, int i2) {
    return s1 > s2 || (s1 == s2 && i1 < i2);
  }

  /**
   * Sorts {@code val[from, to)} and {@code idx[from, to)} together into rank order.
   *
   * @param val similarities
   * @param idx gallery indices (distinct)
   * @param from first position
   * @param to end position (exclusive)
   */
  static void sort(double[] val, int[] idx, int from, int to) {
    while (to - from > 16) {
      Split split = partition(val, idx, from, (from + to) >>> 1, to - 1);
      int i = split.i();
      int j = split.j();
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

  /**
   * Partially sorts {@code val[from, to)} and {@code idx[from, to)} together so that position
   * {@code nth} holds the item it would hold when sorted, items before it rank before it and items
   * after it rank after it (quickselect, expected linear time).
   *
   * @param val similarities
   * @param idx gallery indices (distinct)
   * @param from first position
   * @param to end position (exclusive)
   * @param nth the position to settle, {@code from <= nth < to}
   */
  static void select(double[] val, int[] idx, int from, int to, int nth) {
    int lo = from;
    int hi = to - 1;
    while (hi - lo > 16) {
      Split split = partition(val, idx, lo, (lo + hi) >>> 1, hi);
      int i = split.i();
      int j = split.j();
      if (nth <= j) {
        hi = j;
      } else if (nth >= i) {
        lo = i;
      } else {
        return;
      }
    }
    sort(val, idx, lo, hi + 1);
  }

  /**
   * Returns the k-th largest of {@code a[0, n)} (k = 1 is the maximum), reordering {@code a}.
   *
   * @param a values
   * @param n how many values
   * @param k rank wanted, 1 ≤ k ≤ n
   * @return the value
   */
  static double kthLargest(double[] a, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    int target = k - 1;
    while (lo < hi) {
      double pivot = a[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] > pivot) {
          i++;
        }
        while (a[j] < pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return a[target];
      }
    }
    return a[target];
  }

  /**
   * Where {@link #partition} split a range {@code [lo, hi]}: {@code [lo, j]} rank before or equal
   * the pivot, {@code [i, hi]} after or equal, {@code (j, i)} equal the pivot.
   */
  private record Split(int i, int j) {}

  /**
   * Partitions {@code val[lo, hi]} and {@code idx[lo, hi]} together around the median of the items
   * at {@code lo}, {@code mid} and {@code hi} (Hoare's scheme).
   */
  private static Split partition(double[] val, int[] idx, int lo, int mid, int hi) {
    // median of three as pivot
    if (before(val[mid], idx[mid], val[lo], idx[lo])) {
      swap(val, idx, lo, mid);
    }
    if (before(val[hi], idx[hi], val[mid], idx[mid])) {
      swap(val, idx, mid, hi);
      if (before(val[mid], idx[mid], val[lo], idx[lo])) {
        swap(val, idx, lo, mid);
      }
    }
    double pv = val[mid];
    int pi = idx[mid];
    int i = lo;
    int j = hi;
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
    return new Split(i, j);
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
