package org.rankkit.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rankkit.trainer.EpochRecord;
import org.rankkit.trainer.config.TrainConfig;

class CheckpointStateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TrainConfig CONFIG = TrainConfig.fromMap(Map.of("epochs", 3, "seed", 5));

  /** Three epochs of two steps, evaluated after each, with recall@1 0.5, 0.7, 0.6. */
  private static CheckpointState threeEpochs() {
    CheckpointState state = CheckpointState.start(CONFIG).withInitialEval(Map.of("recall@1", 0.1));
    double[] recall = {0.5, 0.7, 0.6};
    for (int epoch = 0; epoch < 3; epoch++) {
      state = state.afterStep(1.0 + epoch, 100 * epoch).afterStep(2.0, 50).timed(0.5, 1.0);
      Map<String, Object> eval = new LinkedHashMap<>();
      eval.put("recall@1", recall[epoch]);
      eval.put("map", 0.1 * epoch);
      EpochRecord record =
          new EpochRecord(epoch + 1, state.epochLossSum() / state.epochSteps(), 0.01, state.epochSeconds(), eval);
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
    assertThat(state.best()).containsEntry("epoch", 2).containsEntry("metric", "recall@1")
        .containsEntry("value", 0.7).containsEntry("recall@1", 0.7);
    assertThat(state.finalEval()).containsEntry("recall@1", 0.6);
    assertThat(state.initialEval()).containsEntry("recall@1", 0.1);
    assertThat(state.improvesBest(Map.of("recall@1", 0.7), "recall@1")).isFalse();
    assertThat(state.improvesBest(Map.of("recall@1", 0.71), "recall@1")).isTrue();
  }

  @Test
  void stateJsonRoundTripsThroughItsFileForm() throws Exception {
    CheckpointState state = threeEpochs().withMetricsBytes(1234);
    Map<String, Object> json = state.toJson(Map.of("device", "cpu"));
    assertThat(json.keySet()).containsExactly("format", "config", "resolvedConfig", "sampler", "globalStep",
        "epochLossSum", "epochSteps", "epochSeconds", "trainSeconds", "peakMemoryBytes", "metricsBytes",
        "history", "best", "final", "initial", "rng");
    Map<String, Object> read = JSON.readValue(JSON.writeValueAsBytes(json), new TypeReference<>() {});
    assertThat(CheckpointState.fromJson(read)).isEqualTo(state);
  }

  @Test
  void anotherFormatOrADamagedStateIsRefusedSayingWhy() throws Exception {
    Map<String, Object> json =
        JSON.readValue(JSON.writeValueAsBytes(threeEpochs().toJson(Map.of())), new TypeReference<>() {});
    json.put("format", 2);
    assertThatThrownBy(() -> CheckpointState.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 2")
        .hasMessageContaining("reads format 1");
    json.put("format", 1);
    json.remove("globalStep");
    assertThatThrownBy(() -> CheckpointState.fromJson(json)).hasMessageContaining("lacks a field");
  }
}
