package org.rankkit.loss.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;

class RecallAtKLossBuilderTest {

  @Test
  void startsFromTheDefaults() {
    assertThat(RecallAtKLoss.builder().config()).isEqualTo(RecallAtKConfig.defaults());
  }

  @Test
  void everySetterReachesTheConfiguration() {
    RecallAtKConfig config =
        RecallAtKLoss.builder()
            .ks(1, 2, 4)
            .tauSim(0.05)
            .tauRank(1, 2, 3)
            .includeQuery(true)
            .queryChunk(16)
            .memoryBudgetBytes(2L << 20)
            .implementation("engine")
            .config();
    assertThat(config)
        .isEqualTo(
            new RecallAtKConfig(
                List.of(1, 2, 4), 0.05, List.of(1.0, 2.0, 3.0), true, 16, 2L << 20, "engine"));
  }

  @Test
  void invalidValuesAreRejectedByTheConfiguration() {
    assertThatThrownBy(() -> RecallAtKLoss.builder().ks().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ks must list at least one");
    assertThatThrownBy(() -> RecallAtKLoss.builder().ks(1, 2, 4).tauRank(1, 2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tauRank");
    assertThatThrownBy(() -> RecallAtKLoss.builder().tauSim(0).build())
        .hasMessageContaining("tauSim");
  }

  @Test
  void buildsTheSameLossAsTheFactoryWithTheSameParameters() {
    RankingLoss built = RecallAtKLoss.builder().ks(1, 2).tauSim(0.05).build();
    RankingLoss byId =
        PluginRegistry.of(List.of(new RecallLossPlugin()))
            .create(PluginKind.LOSS, "recall-at-k", Map.of("ks", List.of(1, 2), "tauSim", 0.05));
    double[] s = {1.0, 0.8, 0.1, 0.3, 0.8, 1.0, 0.4, 0.2, 0.1, 0.4, 1.0, 0.7, 0.3, 0.2, 0.7, 1.0};
    long[] labels = {0, 0, 1, 1};
    try (NDManager manager = NDManager.newBaseManager()) {
      SimilarityBatch batch = SimilarityBatch.of(manager.create(s, new Shape(4, 4)), labels);
      double value = built.compute(batch).getDouble();
      assertThat(value).isEqualTo(byId.compute(batch).getDouble()).isPositive();
      assertThat(value).isNotEqualTo(RecallAtKLoss.builder().build().compute(batch).getDouble());
    }
  }
}
