package org.rankkit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rankkit.eval.io.Matrix;
import org.rankkit.eval.metric.RecallAtK;

/**
 * {@link ExactIndex} against a brute-force sort on data with many exact ties, for several chunk
 * sizes, and its leave-one-out top-1 against the evaluator's recall@1.
 */
class ExactIndexTest {

  private static final int[][] CHUNKS = {{1, 1}, {7, 5}, {3, 50}, {1 << 20, 1 << 20}};

  private static Matrix discrete(Random random, int n, int d, String name) {
    double[][] rows = BruteForceTest.discrete(random, n, d);
    float[] flat = new float[n * d];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < d; c++) {
        flat[i * d + c] = (float) rows[i][c];
      }
    }
    return new Matrix(name, n, d, flat, null);
  }

  /** Brute force: all gallery items by descending cosine, ties to the lower index. */
  private static List<Integer> expected(Matrix q, int query, Matrix g, boolean leaveOneOut, int k) {
    List<Integer> order = new ArrayList<>();
    for (int j = 0; j < g.rows(); j++) {
      if (!(leaveOneOut && j == query)) {
        order.add(j);
      }
    }
    order.sort(
        Comparator.comparingDouble((Integer j) -> -cos(q, query, g, j)).thenComparingInt(j -> j));
    return order.subList(0, k);
  }

  private static double cos(Matrix a, int i, Matrix b, int j) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int c = 0; c < a.cols(); c++) {
      dot += a.get(i, c) * b.get(j, c);
      na += a.get(i, c) * a.get(i, c);
      nb += b.get(j, c) * b.get(j, c);
    }
    return dot / Math.sqrt(na * nb);
  }

  private static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("item-" + i);
    }
    return ids;
  }

  @Test
  void matchesBruteForceWithTiesForEveryChunkSize() {
    Random random = new Random(7);
    Matrix gallery = discrete(random, 90, 6, "gallery");
    Matrix queries = discrete(random, 23, 6, "queries");
    for (int[] b : CHUNKS) {
      EvalConfig config = EvalConfig.defaults().withChunks(b[0], b[1]).withThreads(2);
      ExactIndex index = ExactIndex.of(gallery, ids(90), config, Device.cpu());
      List<ExactIndex.Hits> hits = index.search(queries, 9);
      for (int i = 0; i < queries.rows(); i++) {
        List<Integer> want = expected(queries, i, gallery, false, 9);
        assertThat(hits.get(i).indices())
            .as("query %d, chunks %s x %s", i, b[0], b[1])
            .containsExactly(want.stream().mapToInt(Integer::intValue).toArray());
        assertThat(hits.get(i).ids().get(0)).isEqualTo("item-" + want.get(0));
        assertThat(hits.get(i).scores()[0])
            .isCloseTo(
                cos(queries, i, gallery, want.get(0)),
                org.assertj.core.api.Assertions.within(1e-12));
      }
      List<ExactIndex.Hits> self = index.searchEachOther(4);
      for (int i = 0; i < gallery.rows(); i++) {
        assertThat(self.get(i).indices())
            .containsExactly(
                expected(gallery, i, gallery, true, 4).stream()
                    .mapToInt(Integer::intValue)
                    .toArray());
      }
    }
  }

  @Test
  void leaveOneOutTopOneGivesTheEvaluatorsRecallAtOne() {
    Random random = new Random(11);
    Matrix gallery = discrete(random, 120, 5, "gallery");
    long[] labels = new long[120];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(6);
    }
    List<ExactIndex.Hits> hits = ExactIndex.of(gallery, ids(120)).searchEachOther(1);
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      correct += labels[hits.get(i).indices()[0]] == labels[i] ? 1 : 0;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      EvaluationResult r =
          new RetrievalEvaluator()
              .leaveOneOut(
                  gallery.toNDArray(manager),
                  labels,
                  EvalConfig.defaults()
                      .withKs(List.of(1))
                      .withMetrics(List.of(RecallAtK.INSTANCE)));
      assertThat(r.metrics().get("recall@1")).isEqualTo(correct / 120.0);
    }
  }

  @Test
  void rejectsWrongInputsWithOneLine() {
    Matrix gallery = discrete(new Random(1), 5, 4, "g.npy");
    assertThatThrownBy(() -> ExactIndex.of(gallery, ids(4)))
        .hasMessageContaining("5 rows but there are 4");
    assertThatThrownBy(() -> ExactIndex.of(gallery, List.of("a", "b", "c", "d", "a")))
        .hasMessageContaining("'a' appears twice");
    ExactIndex index = ExactIndex.of(gallery, ids(5));
    assertThatThrownBy(() -> index.search(new float[][] {{1, 0, 0}}, 1))
        .hasMessageContaining("3 columns");
    assertThatThrownBy(() -> index.search(new float[][] {{1, 0, 0, 0}}, 6))
        .hasMessageContaining("between 1 and 5");
    assertThatThrownBy(() -> index.searchEachOther(5)).hasMessageContaining("between 1 and 4");
  }
}
