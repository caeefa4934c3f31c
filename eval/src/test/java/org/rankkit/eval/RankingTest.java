package org.rankkit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Sorting, selection and the top list against plain Java sorting, with many equal values. */
class RankingTest {

  private final Random random = new Random(5);

  private double[] values(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(7) / 4.0; // many ties
    }
    return v;
  }

  private static int[] reference(double[] v, int[] idx) {
    return IntStream.range(0, v.length)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -v[i]).thenComparingInt(i -> idx[i]))
        .mapToInt(i -> idx[i])
        .toArray();
  }

  private int[] shuffledIndices(int n) {
    int[] idx = IntStream.range(0, n).map(i -> i * 3 + 1).toArray();
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return idx;
  }

  @RepeatedTest(20)
  void sortMatchesReference() {
    int n = 1 + random.nextInt(300);
    double[] v = values(n);
    int[] idx = shuffledIndices(n);
    int[] expected = reference(v, idx);
    Ranking.sort(v, idx, 0, n);
    assertThat(idx).containsExactly(expected);
  }

  @RepeatedTest(20)
  void selectSettlesTheNthItem() {
    int n = 1 + random.nextInt(300);
    double[] v = values(n);
    int[] idx = shuffledIndices(n);
    int[] expected = reference(v, idx);
    int nth = random.nextInt(n);
    Ranking.select(v, idx, 0, n, nth);
    assertThat(idx[nth]).isEqualTo(expected[nth]);
    int[] head = Arrays.copyOf(idx, nth);
    Arrays.sort(head);
    int[] expectedHead = Arrays.copyOf(expected, nth);
    Arrays.sort(expectedHead);
    assertThat(head).containsExactly(expectedHead);
  }

  @RepeatedTest(20)
  void kthLargestMatchesSorting() {
    int n = 1 + random.nextInt(200);
    double[] v = values(n);
    // float32 group maxima are selected widened to double
    double[] widened = new double[n];
    for (int i = 0; i < n; i++) {
      widened[i] = (float) v[i];
    }
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    int k = 1 + random.nextInt(n);
    assertThat(Ranking.kthLargest(v.clone(), n, k)).isEqualTo(sorted[n - k]);
    assertThat(Ranking.kthLargest(widened, n, k)).isEqualTo(sorted[n - k]);
  }

  @Test
  void topListKeepsTheBestWhateverTheOfferOrder() {
    for (int round = 0; round < 50; round++) {
      int n = 1 + random.nextInt(500);
      int keep = 1 + random.nextInt(40);
      double[] v = values(n);
      int[] idx = shuffledIndices(n);
      int[] expected = reference(v, idx);
      // engine values = canonical values + noise within the margin: the list must still be exact
      double margin = 0.01;
      java.util.Map<Integer, Double> exact = new java.util.HashMap<>();
      TopList list = new TopList(keep, margin);
      for (int i = 0; i < n; i++) {
        exact.put(idx[i], v[i]);
        list.offer(v[i] + (random.nextDouble() * 2 - 1) * margin, idx[i]);
      }
      list.finish(exact::get);
      assertThat(Arrays.copyOf(list.idx, list.size))
          .containsExactly(Arrays.copyOf(expected, Math.min(keep, n)));
    }
  }
}
