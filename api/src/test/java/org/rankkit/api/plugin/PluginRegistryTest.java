package org.rankkit.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rankkit.api.loss.RankingLoss;

class PluginRegistryTest {

  /** Test configuration. */
  public record ScaleConfig(double scale, List<Integer> ks) {
    public ScaleConfig {
      if (!(scale > 0)) {
        throw new IllegalArgumentException("scale must be > 0, got " + scale);
      }
      ks = List.copyOf(ks);
    }
  }

  static final class LossPlugin extends AbstractModule implements RankKitPlugin {
    private final String pluginId;
    private final String lossId;

    LossPlugin(String pluginId, String lossId) {
      this.pluginId = pluginId;
      this.lossId = lossId;
    }

    @Override
    public String id() {
      return pluginId;
    }

    @Override
    protected void configure() {
      PluginBindings.loss(
          binder(),
          RecordPluginFactory.of(
              PluginKind.LOSS,
              lossId,
              "test loss",
              new ScaleConfig(1.0, List.of(1, 2)),
              c -> (RankingLoss) batch -> batch.similarities().sum().mul(c.scale())));
    }
  }

  @Test
  void listsFactoriesWithPluginAndDefaults() {
    PluginRegistry r =
        PluginRegistry.of(List.of(new LossPlugin("p-one", "a-loss"), new LossPlugin("p-two", "b")));
    assertThat(r.ids(PluginKind.LOSS)).containsExactly("a-loss", "b");
    assertThat(r.ids(PluginKind.AUGMENTATION)).isEmpty();
    assertThat(r.describe())
        .extracting(PluginDescriptor::id, PluginDescriptor::plugin)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("a-loss", "p-one"),
            org.assertj.core.api.Assertions.tuple("b", "p-two"));
    assertThat(r.describe().get(0).params()).containsEntry("scale", 1.0);
  }

  @Test
  void duplicateFactoryIdNamesBothProviders() {
    assertThatThrownBy(
            () ->
                PluginRegistry.of(
                    List.of(new LossPlugin("p-one", "same"), new LossPlugin("p-two", "same"))))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("duplicate loss id 'same'")
        .hasMessageContaining("plugin 'p-one'")
        .hasMessageContaining("plugin 'p-two'");
  }

  @Test
  void duplicatePluginIdNamesBothProviders() {
    assertThatThrownBy(
            () -> PluginRegistry.of(List.of(new LossPlugin("p", "a"), new LossPlugin("p", "b"))))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("duplicate plugin id 'p'")
        .hasMessageContaining(LossPlugin.class.getName());
  }

  @Test
  void malformedIdsAreRejected() {
    assertThatThrownBy(() -> PluginRegistry.of(List.of(new LossPlugin("Bad Id", "a"))))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("kebab-case");
    assertThatThrownBy(() -> PluginRegistry.of(List.of(new LossPlugin("p", " "))))
        .hasMessageContaining("kebab-case");
  }

  @Test
  void unknownIdListsKnownIds() {
    PluginRegistry r = PluginRegistry.of(List.of(new LossPlugin("p", "alpha"), new LossPlugin("q", "beta")));
    assertThatThrownBy(() -> r.factory(PluginKind.LOSS, "gamma"))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("unknown loss 'gamma'")
        .hasMessageContaining("alpha, beta");
  }

  @Test
  void parametersAreValidatedAndCoerced() {
    PluginRegistry r = PluginRegistry.of(List.of(new LossPlugin("p", "alpha")));
    RecordPluginFactory<?, ?> f = (RecordPluginFactory<?, ?>) r.factory(PluginKind.LOSS, "alpha");
    assertThat(f.config(Map.of("scale", "2.5", "ks", 4))).isEqualTo(new ScaleConfig(2.5, List.of(4)));
    assertThatThrownBy(() -> f.config(Map.of("scal", 1)))
        .hasMessageContaining("unknown parameter 'scal'")
        .hasMessageContaining("scale, ks");
    assertThatThrownBy(() -> f.config(Map.of("ks", List.of(1.5))))
        .hasMessageContaining("invalid parameters for loss 'alpha'");
    assertThatThrownBy(() -> f.config(Map.of("scale", -1)))
        .hasMessageContaining("scale must be > 0, got -1.0");
  }

  @Test
  void discoveryFromServiceLoaderFindsNothingUnregistered() {
    assertThat(PluginRegistry.discover(getClass().getClassLoader()).plugins()).isEmpty();
  }
}
