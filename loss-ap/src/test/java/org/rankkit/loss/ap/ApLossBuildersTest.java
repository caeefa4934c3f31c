package org.rankkit.loss.ap;

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

class ApLossBuildersTest {

  private static final double[] S = {
    1.0, 0.8, 0.1, 0.3, 0.8, 1.0, 0.4, 0.2, 0.1, 0.4, 1.0, 0.7, 0.3, 0.2, 0.7, 1.0
  };
  private static final long[] LABELS = {0, 1, 1, 0};

  private static double value(RankingLoss loss) {
    try (NDManager manager = NDManager.newBaseManager()) {
      return loss.compute(SimilarityBatch.of(manager.create(S, new Shape(4, 4)), LABELS))
          .getDouble();
    }
  }

  private static RankingLoss byId(String id, Map<String, ?> parameters) {
    return PluginRegistry.of(List.of(new ApLossPlugin())).create(PluginKind.LOSS, id, parameters);
  }

  @Test
  void smoothApBuilderStartsFromTheDefaultsAndSetsEveryParameter() {
    assertThat(SmoothApLoss.builder().config()).isEqualTo(SmoothApConfig.defaults());
    assertThat(
            SmoothApLoss.builder()
                .tau(0.05)
                .queryChunk(2)
                .memoryBudgetBytes(1024)
                .implementation("engine")
                .config())
        .isEqualTo(new SmoothApConfig(0.05, 2, 1024, "engine"));
    assertThatThrownBy(() -> SmoothApLoss.builder().tau(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tau must be");
  }

  @Test
  void smoothApBuilderBuildsTheSameLossAsTheFactory() {
    double built = value(SmoothApLoss.builder().tau(0.05).build());
    assertThat(built).isEqualTo(value(byId("smooth-ap", Map.of("tau", 0.05)))).isPositive();
    assertThat(built).isNotEqualTo(value(SmoothApLoss.builder().build()));
  }

  @Test
  void fastApBuilderStartsFromTheDefaultsAndSetsEveryParameter() {
    assertThat(FastApLoss.builder().config()).isEqualTo(FastApConfig.defaults());
    assertThat(FastApLoss.builder().numBins(20).implementation("engine").config())
        .isEqualTo(new FastApConfig(20, "engine"));
    assertThatThrownBy(() -> FastApLoss.builder().numBins(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numBins");
  }

  @Test
  void fastApBuilderBuildsTheSameLossAsTheFactory() {
    double built = value(FastApLoss.builder().numBins(3).build());
    assertThat(built).isEqualTo(value(byId("fast-ap", Map.of("numBins", 3)))).isPositive();
    assertThat(built).isNotEqualTo(value(FastApLoss.builder().build()));
  }
}
