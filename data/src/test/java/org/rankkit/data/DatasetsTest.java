package org.rankkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rankkit.api.RankKit;
import org.rankkit.api.plugin.NoParameters;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginException;
import org.rankkit.api.plugin.PluginModule;
import org.rankkit.api.plugin.PluginRegistry;

/** Datasets are plugins: found by id in the registry, with the framework's checks for every one. */
class DatasetsTest {

  private static final PluginRegistry REGISTRY = RankKit.registry();

  @Test
  void theBuiltInDatasetsArePluginsOfKindDataset() {
    assertThat(REGISTRY.kinds()).contains(Dataset.KIND);
    assertThat(REGISTRY.ids(Dataset.KIND))
        .containsExactly(
            "csv", "cub", "fashion-mnist", "folder", "glyphs", "inat", "sop", "vehicleid");
    assertThat(dataset("fashion-mnist").defaultLocation())
        .contains(Path.of("/usr/share/datasets/fashion-mnist"));
    assertThat(dataset("glyphs").defaultLocation()).contains(Path.of("/usr/share/fonts"));
    assertThat(dataset("sop").defaultLocation()).isEmpty();
    assertThat(dataset("fashion-mnist").protocols()).containsExactly("closed", "open");
    assertThat(dataset("cub").protocols()).containsExactly("closed");
  }

  @Test
  void unknownDatasetListsTheKnownOnesInOneLine() {
    assertThatThrownBy(() -> Datasets.open(DataOptions.defaults().withDataset("imagenet")))
        .isInstanceOf(PluginException.class)
        .hasMessage(
            "unknown dataset 'imagenet'; known dataset ids: csv, cub, fashion-mnist, folder, glyphs,"
                + " inat, sop, vehicleid");
  }

  @Test
  void aDatasetWithoutDefaultLocationNeedsADirectory() {
    assertThatThrownBy(() -> Datasets.open(DataOptions.of("sop", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "dataset 'sop' has no default location; give its directory with --data DIR (or the"
                + " configuration key data=DIR)");
  }

  @Test
  void aProtocolMustBeOneOfTheDatasets() {
    assertThatThrownBy(
            () -> Datasets.open(DataOptions.of("cub", Path.of("x")).withProtocol("open")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocol 'open' exists only for fashion-mnist; dataset 'cub' has: closed");
  }

  /** A dataset from outside: what a plugin jar contributes. */
  public static final class TinyPlugin extends PluginModule {
    /** The plugin, as ServiceLoader makes it. */
    public TinyPlugin() {
      super("tiny-data");
    }

    @Override
    protected void configure() {
      PluginBindings.add(
          binder(),
          Dataset.KIND,
          "tiny",
          "two classes of two images",
          NoParameters.NONE,
          none ->
              new Dataset() {
                @Override
                public RetrievalSplits open(DataOptions options) {
                  // four blank 2 x 2 greyscale images, two per class
                  ImageSet set =
                      new GreyscaleImageSet(
                          new byte[4 * 2 * 2],
                          2,
                          2,
                          new int[] {0, 1, 2, 3},
                          new long[] {0, 0, 1, 1},
                          0,
                          0f,
                          1f);
                  return new RetrievalSplits("tiny", options.dataDir().toString(), set, set, null);
                }

                @Override
                public java.util.Optional<Path> defaultLocation() {
                  return java.util.Optional.of(Path.of("/tiny"));
                }
              });
    }
  }

  @Test
  void aDatasetFromAPluginOpensLikeABuiltInOne() {
    PluginRegistry registry = PluginRegistry.of(List.of(new DatasetsPlugin(), new TinyPlugin()));
    RetrievalSplits splits = Datasets.open(registry, DataOptions.of("tiny", null));
    assertThat(splits.name()).isEqualTo("tiny");
    assertThat(splits.description()).isEqualTo("/tiny");
    assertThat(splits.train().labels()).containsExactly(0, 0, 1, 1);
    assertThat(registry.ids(Dataset.KIND)).contains("tiny", "fashion-mnist");
    assertThatThrownBy(
            () -> Datasets.open(registry, DataOptions.of("tiny", null).withProtocol("open")))
        .hasMessage("protocol 'open' exists only for fashion-mnist; dataset 'tiny' has: closed");
    assertThatThrownBy(() -> registry.create(Dataset.KIND, "tiny", Map.of("size", 3)))
        .hasMessageContaining("unknown parameter 'size' for dataset 'tiny'");
  }

  private static Dataset dataset(String id) {
    return REGISTRY.create(Dataset.KIND, id, Map.of());
  }
}
