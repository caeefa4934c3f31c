package org.rankkit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rankkit.eval.metric.MapAtR;
import org.rankkit.eval.metric.MeanAveragePrecision;
import org.rankkit.eval.metric.Nmi;
import org.rankkit.eval.metric.RPrecision;
import org.rankkit.eval.metric.RecallAtK;

/**
 * {@link EvaluationResult#fromJson} inverts {@link EvaluationResult#toJson()} through its file
 * form.
 */
class EvaluationResultJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Six points in three classes, one of them alone (a query without a positive), every metric. */
  private static EvaluationResult evaluated(NDManager manager) {
    float[] x = {1, 0, 0.9f, 0.1f, 0, 1, 0.1f, 0.9f, 0.7f, 0.7f, -1, 0.2f};
    EvalConfig config =
        EvalConfig.defaults()
            .withKs(List.of(1, 2, 4))
            .withMetrics(
                List.of(
                    RecallAtK.INSTANCE,
                    RPrecision.INSTANCE,
                    MapAtR.INSTANCE,
                    MeanAveragePrecision.INSTANCE,
                    Nmi.INSTANCE));
    return new RetrievalEvaluator()
        .leaveOneOut(manager.create(x, new Shape(6, 2)), new long[] {0, 0, 1, 1, 2, 1}, config);
  }

  private static Map<String, Object> throughFile(Map<String, Object> json) throws Exception {
    return JSON.readValue(JSON.writeValueAsBytes(json), new TypeReference<>() {});
  }

  @Test
  void aResultReadBackFromItsFileFormEqualsItAndWritesTheSameBytes() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      EvaluationResult result = evaluated(manager);
      assertThat(result.validQueries()).isEqualTo(5);
      assertThat(result.seconds()).isPositive();
      EvaluationResult read = EvaluationResult.fromJson(throughFile(result.toJson()));
      assertThat(read).isEqualTo(result);
      assertThat(read.metrics().keySet()).containsExactlyElementsOf(result.metrics().keySet());
      assertThat(read.metrics().keySet())
          .containsExactly(
              "recall@1", "recall@2", "recall@4", "r_precision", "map_at_r", "map", "nmi");
      assertThat(read.overEveryQuery())
          .isEqualTo(result.overEveryQuery())
          .isEqualTo(Set.of("recall@1", "recall@2", "recall@4"));
      assertThat(read.seconds()).isEqualTo(result.seconds());
      assertThat(read.queries()).isEqualTo(6);
      assertThat(JSON.writeValueAsString(read.toJson()))
          .isEqualTo(JSON.writeValueAsString(result.toJson()));
      assertThat(read.excludingLoneQueries()).isEqualTo(result.excludingLoneQueries());
    }
  }

  @Test
  void nanAndInfiniteValuesRoundTripAsJacksonWritesThem() throws Exception {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("custom", Double.NaN);
    metrics.put("recall@3", 0.25);
    metrics.put("other", Double.NEGATIVE_INFINITY);
    EvaluationResult result =
        new EvaluationResult(metrics, 4, 4, Double.POSITIVE_INFINITY, Set.of("recall@3"));
    Map<String, Object> file = throughFile(result.toJson());
    assertThat(file.get("custom")).isEqualTo("NaN");
    assertThat(EvaluationResult.fromJson(file)).isEqualTo(result);
  }

  @Test
  void aDamagedObjectIsRefusedNamingTheKey() throws Exception {
    Map<String, Object> good;
    try (NDManager manager = NDManager.newBaseManager()) {
      good = throughFile(evaluated(manager).toJson());
    }
    Map<String, Object> json = new LinkedHashMap<>(good);
    json.remove("seconds");
    assertThatThrownBy(() -> EvaluationResult.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lacks 'seconds'");
    Map<String, Object> text = new LinkedHashMap<>(good);
    text.put("map_at_r", "high");
    assertThatThrownBy(() -> EvaluationResult.fromJson(text))
        .hasMessageContaining("'map_at_r' must be a number")
        .hasMessageContaining("\"high\"");
    Map<String, Object> fraction = new LinkedHashMap<>(good);
    fraction.put("queries", 6.5);
    assertThatThrownBy(() -> EvaluationResult.fromJson(fraction))
        .hasMessageContaining("'queries' must be a whole");
    Map<String, Object> inconsistent = new LinkedHashMap<>(good);
    inconsistent.put("queriesWithoutPositive", 0);
    assertThatThrownBy(() -> EvaluationResult.fromJson(inconsistent))
        .hasMessageContaining("'queriesWithoutPositive' is 0 but must be");
    Map<String, Object> tooMany = new LinkedHashMap<>(good);
    tooMany.put("validQueries", 7);
    assertThatThrownBy(() -> EvaluationResult.fromJson(tooMany))
        .hasMessageContaining("'validQueries' is 7");
    assertThat(EvaluationResult.fromJson(good).metrics()).hasSize(7);
  }

  @Test
  void onlyRecallKeysNameACutoff() {
    assertThat(RecallAtK.cutoff(RecallAtK.key(4))).hasValue(4);
    assertThat(RecallAtK.cutoff("recall@16")).hasValue(16);
    for (String key :
        List.of("recall@0", "recall@04", "recall@", "recall@x", "recall@-1", "map", "Recall@1")) {
      assertThat(RecallAtK.cutoff(key)).as(key).isEmpty();
    }
  }
}
