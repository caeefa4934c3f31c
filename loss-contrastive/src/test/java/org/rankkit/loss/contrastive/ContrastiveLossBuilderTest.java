package org.rankkit.loss.contrastive;

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

class ContrastiveLossBuilderTest {

  private static double value(RankingLoss loss) {
    double[] s = {1.0, 0.8, 0.1, 0.3, 0.8, 1.0, 0.4, 0.2, 0.1, 0.4, 1.0, 0.7, 0.3, 0.2, 0.7, 1.0};
    try (NDManager manager = NDManager.newBaseManager()) {
      return loss.compute(
              SimilarityBatch.of(manager.create(s, new Shape(4, 4)), new long[] {0, 0, 1, 1}))
          .getDouble();
    }
  }

  @Test
  void startsFromTheDefaultsAndSetsEveryParameter() {
    assertThat(ContrastiveLoss.builder().config()).isEqualTo(ContrastiveConfig.defaults());
    assertThat(ContrastiveLoss.builder().posMargin(0.9).negMargin(0.2).config())
        .isEqualTo(new ContrastiveConfig(0.9, 0.2));
    assertThatThrownBy(() -> ContrastiveLoss.builder().negMargin(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negMargin");
  }

  @Test
  void buildsTheSameLossAsTheFactory() {
    double built = value(ContrastiveLoss.builder().negMargin(0.2).build());
    RankingLoss byId =
        PluginRegistry.of(List.of(new ContrastiveLossPlugin()))
            .create(PluginKind.LOSS, "contrastive", Map.of("negMargin", 0.2));
    assertThat(built).isEqualTo(value(byId)).isPositive();
    assertThat(built).isNotEqualTo(value(ContrastiveLoss.builder().build()));
  }
}
