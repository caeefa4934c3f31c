package org.rankkit.eval.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** NMI against a brute-force loop over every (class, cluster) pair, on random labelings. */
class KMeansNmiBruteForceTest {

  /** Mutual information over the arithmetic mean of the two entropies, written as plain loops. */
  private static double bruteForceNmi(long[] labels, int[] clusters) {
    int n = labels.length;
    long maxLabel = 0;
    int maxCluster = 0;
    for (int i = 0; i < n; i++) {
      maxLabel = Math.max(maxLabel, labels[i]);
      maxCluster = Math.max(maxCluster, clusters[i]);
    }
    double mutual = 0;
    double hClass = 0;
    double hCluster = 0;
    for (long c = 0; c <= maxLabel; c++) {
      int inClass = 0;
      for (long label : labels) {
        inClass += label == c ? 1 : 0;
      }
      if (inClass > 0) {
        hClass -= (double) inClass / n * Math.log((double) inClass / n);
      }
      for (int k = 0; k <= maxCluster; k++) {
        int inCluster = 0;
        int both = 0;
        for (int i = 0; i < n; i++) {
          inCluster += clusters[i] == k ? 1 : 0;
          both += clusters[i] == k && labels[i] == c ? 1 : 0;
        }
        if (both > 0) {
          mutual +=
              (double) both / n * Math.log((double) both * n / ((double) inClass * inCluster));
        }
      }
    }
    for (int k = 0; k <= maxCluster; k++) {
      int inCluster = 0;
      for (int cluster : clusters) {
        inCluster += cluster == k ? 1 : 0;
      }
      if (inCluster > 0) {
        hCluster -= (double) inCluster / n * Math.log((double) inCluster / n);
      }
    }
    double mean = (hClass + hCluster) / 2;
    return mean == 0 ? 1.0 : mutual / mean;
  }

  @Test
  void equalsTheBruteForceLoopOnRandomLabelings() {
    Random random = new Random(12);
    int compared = 0;
    for (int trial = 0; trial < 300; trial++) {
      int n = 2 + random.nextInt(60);
      int classes = 1 + random.nextInt(6);
      int clusterCount = 1 + random.nextInt(6);
      long[] labels = new long[n];
      int[] clusters = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextInt(classes);
        clusters[i] = random.nextInt(clusterCount);
      }
      double expected = bruteForceNmi(labels, clusters);
      if (Double.isNaN(expected)) {
        continue;
      }
      assertThat(KMeansNmi.nmi(labels, clusters))
          .as("trial %d: %d items, %d classes, %d clusters", trial, n, classes, clusterCount)
          .isCloseTo(expected, within(1e-12));
      compared++;
    }
    assertThat(compared).isGreaterThan(250);
  }
}
