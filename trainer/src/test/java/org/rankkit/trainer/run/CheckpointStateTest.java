package org.rankkit.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.trainer.BestEvaluation;
import org.rankkit.trainer.EpochRecord;
import org.rankkit.trainer.config.TrainingConfig;

class CheckpointStateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TrainingConfig CONFIG =
      TrainingConfig.fromMap(Map.of("epochs", 3, "seed", 5));

  /** An evaluation of ten queries, one without a positive, with these recall@1 and map. */
  private static EvaluationResult evaluation(double recall1, double map) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("recall@1", recall1);
    metrics.put("map", map);
    return new EvaluationResult(metrics, 10, 9, 0.25, Set.of("recall@1"));
  }

  /** Three epochs of two steps, evaluated after each, with recall@1 0.5, 0.7, 0.6. */
  private static CheckpointState threeEpochs() {
    CheckpointState state =
        CheckpointState.start(CONFIG).withInitialEvaluation(evaluation(0.1, 0.0));
    double[] recall = {0.5, 0.7, 0.6};
    for (int epoch = 0; epoch < 3; epoch++) {
      state = state.afterStep(1.0 + epoch, 100 * epoch).afterStep(2.0, 50).timed(0.5, 1.0);
      EpochRecord record =
          new EpochRecord(
              epoch + 1,
              state.epochLossSum() / state.epochSteps(),
              0.01,
              state.epochSeconds(),
              Optional.of(evaluation(recall[epoch], 0.1 * epoch)));
      state = state.nextEpoch(record, "recall@1", epoch == 2);
    }
    return state;
  }

  @Test
  void theLoopsTransitionsKeepTheCountsABruteForceTallyGives() {
    CheckpointState state = threeEpochs();
    assertThat(state.epoch()).isEqualTo(3);
    assertThat(state.step()).isZero();
    assertThat(state.globalStep()).isEqualTo(6);
    assertThat(state.epochSteps()).isZero();
    assertThat(state.trainSeconds()).isEqualTo(3.0);
    assertThat(state.peakMemoryBytes()).isEqualTo(200);
    List<Double> losses = new ArrayList<>();
    for (int epoch = 0; epoch < 3; epoch++) {
      losses.add((1.0 + epoch + 2.0) / 2);
    }
    assertThat(state.history()).extracting(EpochRecord::loss).containsExactlyElementsOf(losses);
    assertThat(state.history()).extracting(EpochRecord::seconds).containsOnly(1.5);
    // the best of 0.5, 0.7, 0.6 is epoch 2's; the final evaluation is the last epoch's
    BestEvaluation best = state.best().orElseThrow();
    assertThat(best.epoch()).isEqualTo(2);
    assertThat(best.metricKey()).isEqualTo("recall@1");
    assertThat(best.value()).isEqualTo(0.7);
    assertThat(best.evaluation()).isEqualTo(evaluation(0.7, 0.1));
    assertThat(best.toJson())
        .containsEntry("epoch", 2)
        .containsEntry("metric", "recall@1")
        .containsEntry("value", 0.7)
        .containsEntry("recall@1", 0.7);
    assertThat(best.toJson().keySet())
        .containsExactly(
            "epoch",
            "metric",
            "value",
            "recall@1",
            "map",
            "queries",
            "validQueries",
            "queriesWithoutPositive",
            "seconds");
    assertThat(state.finalEvaluation().orElseThrow().recallAt(1)).isEqualTo(0.6);
    assertThat(state.initialEvaluation().orElseThrow().recallAt(1)).isEqualTo(0.1);
    assertThat(state.improvesBest(evaluation(0.7, 0.9), "recall@1")).isFalse();
    assertThat(state.improvesBest(evaluation(0.71, 0.0), "recall@1")).isTrue();
  }

  @Test
  void stateJsonRoundTripsThroughItsFileForm() throws Exception {
    CheckpointState state = threeEpochs().withMetricsBytes(1234);
    Map<String, Object> json = state.toJson(Map.of("device", "cpu"));
    assertThat(json.keySet())
        .containsExactly(
            "format",
            "config",
            "resolvedConfig",
            "sampler",
            "globalStep",
            "epochLossSum",
            "epochSteps",
            "epochSeconds",
            "trainSeconds",
            "peakMemoryBytes",
            "metricsBytes",
            "history",
            "best",
            "final",
            "initial",
            "rng");
    Map<String, Object> read =
        JSON.readValue(JSON.writeValueAsBytes(json), new TypeReference<>() {});
    assertThat(CheckpointState.fromJson(read)).isEqualTo(state);
  }

  @Test
  void anotherFormatOrADamagedStateIsRefusedSayingWhy() throws Exception {
    Map<String, Object> json =
        JSON.readValue(
            JSON.writeValueAsBytes(threeEpochs().toJson(Map.of())), new TypeReference<>() {});
    json.put("format", 2);
    assertThatThrownBy(() -> CheckpointState.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 2")
        .hasMessageContaining("reads format 1");
    json.put("format", 1);
    json.remove("globalStep");
    assertThatThrownBy(() -> CheckpointState.fromJson(json)).hasMessageContaining("lacks a field");
  }

  @Test
  void absentEvaluationsAreEmptyObjectsInTheFileAndEmptyWhenReadBack() throws Exception {
    CheckpointState state = CheckpointState.start(CONFIG).afterStep(1.0, 10);
    Map<String, Object> json = state.toJson(Map.of());
    assertThat(json)
        .containsEntry("best", Map.of())
        .containsEntry("final", Map.of())
        .containsEntry("initial", Map.of());
    Map<String, Object> read =
        JSON.readValue(JSON.writeValueAsBytes(json), new TypeReference<>() {});
    CheckpointState back = CheckpointState.fromJson(read);
    assertThat(back).isEqualTo(state);
    assertThat(back.best()).isEmpty();
    assertThat(back.finalEvaluation()).isEmpty();
    assertThat(back.initialEvaluation()).isEmpty();
  }

  @Test
  void aDamagedEvaluationInTheStateIsRefusedNamingTheKey() throws Exception {
    Map<String, Object> json =
        JSON.readValue(
            JSON.writeValueAsBytes(threeEpochs().toJson(Map.of())), new TypeReference<>() {});
    @SuppressWarnings("unchecked")
    Map<String, Object> fin = (Map<String, Object>) json.get("final");
    fin.put("recall@1", "high");
    assertThatThrownBy(() -> CheckpointState.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'recall@1' must be a number");
  }
}
