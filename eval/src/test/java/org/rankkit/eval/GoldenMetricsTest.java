package org.rankkit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rankkit.api.metric.RetrievalMetric;
import org.rankkit.eval.metric.MapAtR;
import org.rankkit.eval.metric.MeanAveragePrecision;
import org.rankkit.eval.metric.RPrecision;
import org.rankkit.eval.metric.RecallAtK;

/**
 * Every golden metrics case (float64) matches to 1e-9, for several chunk sizes and both search
 * paths.
 */
class GoldenMetricsTest {

  static final String[] CASES = {"clusters-ties-singleton", "loo-20", "loo-40", "query-gallery"};

  @RegisterExtension static final ManagerPerClass MANAGER = new ManagerPerClass();

  static Stream<Arguments> cases() {
    List<Arguments> args = new ArrayList<>();
    for (String name : CASES) {
      for (int[] chunks : new int[][] {{1, 1}, {7, 7}, {1, 7}, {7, 1}, {1 << 20, 1 << 20}}) {
        for (boolean withMap : new boolean[] {true, false}) {
          args.add(Arguments.of(name, chunks[0], chunks[1], withMap));
        }
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} chunks {1}x{2} map={3}")
  @MethodSource("cases")
  void matchesGolden(String name, int queryChunk, int galleryChunk, boolean withMap)
      throws IOException {
    JsonNode golden = load(name);
    List<Integer> ks = new ArrayList<>();
    golden.get("ks").forEach(k -> ks.add(k.asInt()));
    List<RetrievalMetric> metrics =
        new ArrayList<>(List.of(RecallAtK.INSTANCE, RPrecision.INSTANCE, MapAtR.INSTANCE));
    if (withMap) {
      metrics.add(MeanAveragePrecision.INSTANCE);
    }
    EvalConfig config =
        EvalConfig.defaults().withKs(ks).withMetrics(metrics).withChunks(queryChunk, galleryChunk);
    RetrievalEvaluator evaluator = new RetrievalEvaluator();
    EvaluationResult result;
    try (NDManager scope = MANAGER.get().newSubManager()) {
      NDArray embeddings = scope.create(matrix(golden.get("embeddings")));
      long[] labels = longs(golden.get("labels"));
      if (golden.has("queries")) {
        NDArray queries = scope.create(matrix(golden.get("queries")));
        result =
            evaluator.queryGallery(
                queries, longs(golden.get("queryLabels")), embeddings, labels, config);
      } else {
        result = evaluator.leaveOneOut(embeddings, labels, config);
      }
    }
    JsonNode expected = golden.get("expected");
    int compared = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!withMap && e.getKey().equals("map")) {
        assertThat(result.metrics()).doesNotContainKey("map");
        continue;
      }
      assertThat(result.metric(e.getKey()))
          .as(name + " " + e.getKey())
          .isCloseTo(e.getValue().asDouble(), within(1e-9));
      compared++;
    }
    assertThat(compared).isGreaterThanOrEqualTo(ks.size() + 2);
  }

  static JsonNode load(String name) throws IOException {
    try (InputStream in =
        GoldenMetricsTest.class.getResourceAsStream("/golden/metrics/" + name + ".json")) {
      assertThat(in).as("golden case " + name).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  static double[][] matrix(JsonNode node) {
    double[][] m = new double[node.size()][];
    for (int i = 0; i < node.size(); i++) {
      JsonNode row = node.get(i);
      m[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        m[i][j] = row.get(j).asDouble();
      }
    }
    return m;
  }

  static long[] longs(JsonNode node) {
    long[] v = new long[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = node.get(i).asLong();
    }
    return v;
  }
}
