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
    PluginRegistry r =
        PluginRegistry.of(List.of(new LossPlugin("p", "alpha"), new LossPlugin("q", "beta")));
    assertThatThrownBy(() -> r.factory(PluginKind.LOSS, "gamma"))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("unknown loss 'gamma'")
        .hasMessageContaining("alpha, beta");
  }

  @Test
  void parametersAreValidatedAndCoerced() {
    PluginRegistry r = PluginRegistry.of(List.of(new LossPlugin("p", "alpha")));
    RecordPluginFactory<?, ?> f = (RecordPluginFactory<?, ?>) r.factory(PluginKind.LOSS, "alpha");
    assertThat(f.config(Map.of("scale", "2.5", "ks", 4)))
        .isEqualTo(new ScaleConfig(2.5, List.of(4)));
    assertThatThrownBy(() -> f.config(Map.of("scal", 1)))
        .hasMessageContaining("unknown parameter 'scal'")
        .hasMessageContaining("scale, ks");
    assertThatThrownBy(() -> f.config(Map.of("ks", List.of(1.5))))
        .hasMessageContaining("invalid parameters for loss 'alpha'");
    assertThatThrownBy(() -> f.config(Map.of("scale", -1)))
        .hasMessageContaining("scale must be > 0, got -1.0");
  }

  /** A kind defined outside the registry's own three, as data and eval define theirs. */
  interface Gadget {
    int size();
  }

  /** Parameters of the test gadget. */
  public record GadgetConfig(int size) {}

  static final PluginKind<Gadget> GADGET = PluginKind.of("gadget", Gadget.class);

  static final class GadgetPlugin extends AbstractModule implements RankKitPlugin {
    private final String pluginId;
    private final String gadgetId;
    private final PluginKind<Gadget> kind;

    GadgetPlugin(String pluginId, String gadgetId, PluginKind<Gadget> kind) {
      this.pluginId = pluginId;
      this.gadgetId = gadgetId;
      this.kind = kind;
    }

    @Override
    public String id() {
      return pluginId;
    }

    @Override
    protected void configure() {
      PluginBindings.add(
          binder(),
          RecordPluginFactory.of(kind, gadgetId, "test gadget", new GadgetConfig(3), c -> c::size));
    }
  }

  @Test
  void aKindDefinedOutsideApiIsListedAndFoundLikeTheCoreKinds() {
    PluginRegistry r =
        PluginRegistry.of(
            List.of(
                new LossPlugin("p", "a-loss"),
                new GadgetPlugin("g", "small", GADGET),
                // an equal kind object made elsewhere is the same kind
                new GadgetPlugin("h", "large", PluginKind.of("gadget", Gadget.class))));
    assertThat(r.kinds())
        .containsExactly(
            PluginKind.LOSS, PluginKind.AUGMENTATION, PluginKind.BATCH_STRATEGY, GADGET);
    assertThat(r.ids(GADGET)).containsExactly("large", "small");
    assertThat(r.create(GADGET, "small", Map.of("size", 7)).size()).isEqualTo(7);
    assertThat(r.describe())
        .extracting(PluginDescriptor::kind, PluginDescriptor::id)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("loss", "a-loss"),
            org.assertj.core.api.Assertions.tuple("gadget", "large"),
            org.assertj.core.api.Assertions.tuple("gadget", "small"));
    assertThatThrownBy(() -> r.factory(GADGET, "medium"))
        .isInstanceOf(PluginException.class)
        .hasMessage("unknown gadget 'medium'; known gadget ids: large, small");
  }

  @Test
  void aDuplicateIdOfAnyKindNamesBothProviders() {
    assertThatThrownBy(
            () ->
                PluginRegistry.of(
                    List.of(
                        new GadgetPlugin("g", "same", GADGET),
                        new GadgetPlugin("h", "same", GADGET))))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("duplicate gadget id 'same'")
        .hasMessageContaining("plugin 'g'")
        .hasMessageContaining("plugin 'h'");
  }

  @Test
  void oneKindNameWithTwoTypesIsAnError() {
    PluginKind<Gadget> impostor = PluginKind.of("loss", Gadget.class);
    assertThatThrownBy(() -> PluginRegistry.of(List.of(new GadgetPlugin("g", "x", impostor))))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("plugin kind 'loss' is defined twice with different types")
        .hasMessageContaining(RankingLoss.class.getName())
        .hasMessageContaining(Gadget.class.getName())
        .hasMessageContaining("plugin 'g'");
  }

  @Test
  void kindsWithoutFactoriesAreListedOrEmpty() {
    RankKitPlugin declaresOnly =
        new RankKitPlugin() {
          @Override
          public String id() {
            return "declares";
          }

          @Override
          public void configure(com.google.inject.Binder binder) {
            PluginBindings.kind(binder, GADGET);
          }
        };
    assertThat(PluginRegistry.of(List.of(declaresOnly)).kinds()).contains(GADGET);
    PluginRegistry none = PluginRegistry.of(List.of());
    assertThat(none.kinds()).containsExactlyElementsOf(PluginKind.core());
    assertThat(none.ids(GADGET)).isEmpty();
    assertThatThrownBy(() -> none.factory(GADGET, "x"))
        .hasMessage("unknown gadget 'x'; known gadget ids: (none)");
  }

  @Test
  void kindNamesAreKebabCase() {
    assertThatThrownBy(() -> PluginKind.of("Gadget", Gadget.class))
        .hasMessageContaining("plugin kind name 'Gadget' is not kebab-case");
    assertThat(PluginKind.of("gadget", Gadget.class)).isEqualTo(GADGET).hasSameHashCodeAs(GADGET);
    assertThat(PluginKind.of("gadget", Object.class)).isNotEqualTo(GADGET);
  }

  @Test
  void discoveryFromServiceLoaderFindsNothingUnregistered() {
    assertThat(PluginRegistry.discover(getClass().getClassLoader()).plugins()).isEmpty();
  }
}
