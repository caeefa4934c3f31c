package org.rankkit.eval.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * NMI of seeded k-means clusters against the labels (docs/numeric-spec.md): k-means++
 * initialisation and Lloyd iterations with as many clusters as distinct labels, then mutual
 * information normalised by the arithmetic mean of the two entropies. Distances are computed on the
 * device in chunks of rows.
 */
final class KMeansNmi {

  /** Lloyd iterations at most. */
  static final int MAX_ITERATIONS = 100;

  private static final int ROW_CHUNK = 4096;

  private KMeansNmi() {}

  /**
   * Clusters the unit rows of {@code x} and returns the NMI of clusters and labels.
   *
   * @param x N × d unit rows (float32 or float64)
   * @param labels N labels
   * @param seed k-means++ seed
   * @return NMI in [0, 1]
   */
  static double nmi(NDArray x, long[] labels, long seed) {
    int n = labels.length;
    int k = (int) java.util.Arrays.stream(labels).distinct().count();
    int[] clusters = kMeans(x, k, seed);
    return nmi(labels, clusters);
  }

  /**
   * Seeded k-means: returns each row's cluster in [0, k).
   *
   * @param x N × d rows
   * @param k clusters, 1 ≤ k ≤ N
   * @param seed seed of the k-means++ initialisation
   * @return cluster per row
   */
  static int[] kMeans(NDArray x, int k, long seed) {
    int n = (int) x.getShape().get(0);
    int d = (int) x.getShape().get(1);
    double[] data = x.toType(DataType.FLOAT64, true).toDoubleArray();
    double[] centres = new double[k * d];
    SplittableRandom random = new SplittableRandom(seed);
    try (NDManager scope = x.getManager().newSubManager()) {
      // k-means++: next centre drawn with probability proportional to the squared distance
      double[] dist = new double[n];
      java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
      double[] rowNorms = new double[n];
      for (int i = 0; i < n; i++) {
        rowNorms[i] = dot(data, i * d, data, i * d, d);
      }
      int chosen = random.nextInt(n);
      for (int c = 0; c < k; c++) {
        System.arraycopy(data, chosen * d, centres, c * d, d);
        double[] cc = new double[d];
        System.arraycopy(data, chosen * d, cc, 0, d);
        double[] dots;
        try (NDManager tmp = scope.newSubManager()) {
          NDArray centre = tmp.create(cc).toType(x.getDataType(), false).reshape(d, 1);
          dots = x.matMul(centre).toType(DataType.FLOAT64, false).toDoubleArray();
          // results join x's manager: free them now
          tmp.tempAttachAll();
        }
        double cNorm = dot(cc, cc);
        double total = 0;
        for (int i = 0; i < n; i++) {
          double sq = Math.max(0, rowNorms[i] - 2 * dots[i] + cNorm);
          if (sq < dist[i]) {
            dist[i] = sq;
          }
          total += dist[i];
        }
        if (c + 1 == k) {
          break;
        }
        if (total <= 0) {
          chosen = random.nextInt(n);
          continue;
        }
        double target = random.nextDouble() * total;
        double acc = 0;
        chosen = n - 1;
        for (int i = 0; i < n; i++) {
          acc += dist[i];
          if (acc > target) {
            chosen = i;
            break;
          }
        }
      }
      int[] assign = new int[n];
      java.util.Arrays.fill(assign, -1);
      for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
        boolean changed = assign(x, centres, k, d, assign, scope);
        if (!changed) {
          break;
        }
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
          int c = assign[i];
          counts[c]++;
          for (int t = 0; t < d; t++) {
            sums[c * d + t] += data[i * d + t];
          }
        }
        for (int c = 0; c < k; c++) {
          if (counts[c] > 0) { // an empty cluster keeps its centre
            for (int t = 0; t < d; t++) {
              centres[c * d + t] = sums[c * d + t] / counts[c];
            }
          }
        }
      }
      return assign;
    }
  }

  /** Assigns every row to its nearest centre; returns whether any assignment changed. */
  private static boolean assign(
      NDArray x, double[] centres, int k, int d, int[] assign, NDManager scope) {
    int n = assign.length;
    double[] halfNorm = new double[k];
    for (int c = 0; c < k; c++) {
      halfNorm[c] = 0.5 * dot(centres, c * d, centres, c * d, d);
    }
    boolean changed = false;
    try (NDManager tmp = scope.newSubManager()) {
      NDArray centreT =
          tmp.create(centres, new Shape(k, d)).toType(x.getDataType(), false).transpose();
      NDArray bias = tmp.create(halfNorm).toType(x.getDataType(), false);
      for (int r0 = 0; r0 < n; r0 += ROW_CHUNK) {
        int r1 = Math.min(n, r0 + ROW_CHUNK);
        try (NDManager chunkScope = tmp.newSubManager()) {
          NDArray rows = x.get(new NDIndex("{}:{}", r0, r1));
          rows.attach(chunkScope);
          NDArray best = rows.matMul(centreT).sub(bias).argMax(1);
          long[] nearest = best.toType(DataType.INT64, false).toLongArray();
          chunkScope.tempAttachAll();
          for (int i = r0; i < r1; i++) {
            int c = (int) nearest[i - r0];
            if (assign[i] != c) {
              assign[i] = c;
              changed = true;
            }
          }
        }
      }
    }
    return changed;
  }

  /**
   * NMI with the arithmetic-mean normaliser: {@code I(U;V) / ((H(U) + H(V)) / 2)}; 1 when both
   * partitions are a single set.
   *
   * @param labels class of each item
   * @param clusters cluster of each item
   * @return the NMI
   */
  static double nmi(long[] labels, int[] clusters) {
    int n = labels.length;
    Map<Long, Integer> labelCount = new HashMap<>();
    Map<Integer, Integer> clusterCount = new HashMap<>();
    Map<Long, Map<Integer, Integer>> joint = new HashMap<>();
    for (int i = 0; i < n; i++) {
      labelCount.merge(labels[i], 1, Integer::sum);
      clusterCount.merge(clusters[i], 1, Integer::sum);
      joint.computeIfAbsent(labels[i], y -> new HashMap<>()).merge(clusters[i], 1, Integer::sum);
    }
    double hU = entropy(labelCount, n);
    double hV = entropy(clusterCount, n);
    if (hU + hV == 0) {
      return 1.0;
    }
    double mi = 0;
    for (Map.Entry<Long, Map<Integer, Integer>> row : joint.entrySet()) {
      double a = labelCount.get(row.getKey());
      for (Map.Entry<Integer, Integer> cell : row.getValue().entrySet()) {
        double nij = cell.getValue();
        double b = clusterCount.get(cell.getKey());
        mi += nij / n * Math.log(n * nij / (a * b));
      }
    }
    return Math.max(0, Math.min(1, mi / ((hU + hV) / 2)));
  }

  private static <K> double entropy(Map<K, Integer> counts, int n) {
    double h = 0;
    for (int c : counts.values()) {
      double p = (double) c / n;
      h -= p * Math.log(p);
    }
    return h;
  }

  private static double dot(double[] a, double[] b) {
    return dot(a, 0, b, 0, a.length);
  }

  private static double dot(double[] a, int ao, double[] b, int bo, int len) {
    double s = 0;
    for (int t = 0; t < len; t++) {
      s += a[ao + t] * b[bo + t];
    }
    return s;
  }
}
