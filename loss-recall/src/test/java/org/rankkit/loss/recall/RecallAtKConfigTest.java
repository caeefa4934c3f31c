package org.rankkit.loss.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rankkit.api.RankKit;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.plugin.PluginFactory;
import org.rankkit.api.plugin.PluginKind;

/**
 * Parameters: defaults of docs/numeric-spec.md, parsing through the plugin factory, and clear
 * errors.
 */
class RecallAtKConfigTest {

  static PluginFactory<RankingLoss> factory() {
    return RankKit.registry().factory(PluginKind.LOSS, "recall-at-k");
  }

  @Test
  void defaultsAreThoseOfTheSpec() {
    RecallAtKConfig c = RecallAtKConfig.defaults();
    assertThat(c.ks()).containsExactly(1, 2, 4, 8, 16);
    assertThat(c.tauSim()).isEqualTo(0.01);
    assertThat(c.tauRank()).containsExactly(1.0);
    assertThat(c.includeQuery()).isFalse();
    assertThat(c.queryChunk()).isZero();
    assertThat(c.memoryBudgetBytes()).isEqualTo(256L << 20);
    assertThat(c.implementation()).isEqualTo("auto");
    assertThat(factory().defaults())
        .containsEntry("ks", List.of(1, 2, 4, 8, 16))
        .containsEntry("tauSim", 0.01)
        .containsEntry("includeQuery", false);
  }

  @Test
  void pluginIsDiscoveredAndParsesParameters() {
    RankingLoss loss =
        RankKit.loss(
            "recall-at-k",
            Map.of("ks", List.of(1, 3), "tauRank", 0.5, "tauSim", "0.05", "includeQuery", true));
    assertThat(loss).isInstanceOf(RecallAtKLoss.class);
    RecallAtKConfig c = ((RecallAtKLoss) loss).config();
    assertThat(c.ks()).containsExactly(1, 3);
    assertThat(c.tauRank()).containsExactly(0.5);
    assertThat(c.tauRankAt(1)).isEqualTo(0.5);
    assertThat(c.tauSim()).isEqualTo(0.05);
    assertThat(c.includeQuery()).isTrue();
    assertThat(new RecallLossPlugin().id()).isEqualTo("loss-recall");
  }

  @Test
  void tauRankMayGiveOneValuePerK() {
    RecallAtKConfig c =
        ((RecallAtKLoss)
                RankKit.loss(
                    "recall-at-k",
                    Map.of("ks", List.of(1, 2, 4), "tauRank", List.of(0.5, 1.0, 2.0))))
            .config();
    assertThat(c.tauRankAt(0)).isEqualTo(0.5);
    assertThat(c.tauRankAt(2)).isEqualTo(2.0);
  }

  @Test
  void autoChoosesTheFusedKernelOnCpuAndTheEngineElsewhere() {
    RecallAtKLoss auto = new RecallAtKLoss(RecallAtKConfig.defaults());
    assertThat(auto.implementationFor(Device.cpu())).isEqualTo("fused-cpu");
    assertThat(auto.implementationFor(Device.gpu())).isEqualTo("engine");
    RecallAtKLoss engine =
        new RecallAtKLoss(RecallAtKConfig.defaults().withImplementation("engine"));
    assertThat(engine.implementationFor(Device.cpu())).isEqualTo("engine");
  }

  @Test
  void rejectsInvalidValuesNamingTheProblem() {
    assertInvalid(Map.of("ks", List.of()), "ks must list at least one");
    assertInvalid(Map.of("ks", List.of(1, 0)), "every k in ks must be an integer >= 1");
    assertInvalid(Map.of("tauSim", -0.01), "tauSim must be a finite temperature > 0");
    assertInvalid(Map.of("tauSim", 0), "tauSim must be a finite temperature > 0");
    assertInvalid(Map.of("tauRank", 0.0), "every tauRank must be a finite temperature > 0");
    assertInvalid(
        Map.of("ks", List.of(1, 2, 4), "tauRank", List.of(1.0, 2.0)),
        "ks has 3 entries [1, 2, 4] but tauRank has 2");
    assertInvalid(Map.of("queryChunk", -1), "queryChunk must be >= 1, or 0");
    assertInvalid(Map.of("memoryBudgetBytes", 1000), "memoryBudgetBytes must be at least");
    assertInvalid(Map.of("implementation", "gpu"), "implementation must be one of");
    assertThatThrownBy(() -> RankKit.loss("recall-at-k", Map.of("tau", 0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'tau'")
        .hasMessageContaining("tauSim");
  }

  private static void assertInvalid(Map<String, ?> params, String message) {
    assertThatThrownBy(() -> RankKit.loss("recall-at-k", params))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
