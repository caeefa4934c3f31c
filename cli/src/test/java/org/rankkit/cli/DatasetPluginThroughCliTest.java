package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.api.plugin.NoParameters;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Dataset;
import org.rankkit.data.ImageSet;
import org.rankkit.data.RetrievalSplits;

/**
 * A dataset from a {@code --plugins} jar opens through the commands that open data, as the built-in
 * ones do: the trainer's data opening finds it by id among the plugins of the command.
 */
class DatasetPluginThroughCliTest {

  /** Six blank 1 x 3 x 3 images, two per class. */
  static final class Blank implements ImageSet {
    @Override
    public int size() {
      return 6;
    }

    @Override
    public long label(int index) {
      return index / 2;
    }

    @Override
    public Shape itemShape() {
      return new Shape(1, 3, 3);
    }

    @Override
    public void loadInto(
        int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
      Arrays.fill(dest, offset, offset + 9, 0f);
    }
  }

  /** What a dataset plugin jar contributes (only the jar's services file names it). */
  public static final class BlankDatasetPlugin extends PluginModule {
    /** The plugin, as ServiceLoader makes it. */
    public BlankDatasetPlugin() {
      super("blank-data");
    }

    @Override
    protected void configure() {
      PluginBindings.add(
          binder(),
          Dataset.KIND,
          "blank",
          "six blank images in three classes",
          NoParameters.NONE,
          none ->
              new Dataset() {
                @Override
                public RetrievalSplits open(DataOptions options) {
                  return new RetrievalSplits(
                      "blank",
                      "blank images from " + options.dataDir(),
                      new Blank(),
                      new Blank(),
                      null);
                }

                @Override
                public Optional<Path> defaultLocation() {
                  return Optional.of(Path.of("/nowhere"));
                }
              });
    }
  }

  @Test
  void datasetOpensADatasetFromAPluginJar(@TempDir Path dir) throws Exception {
    PluginsCommandTest.writePluginJar(dir.resolve("blank.jar"), BlankDatasetPlugin.class);
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    CliRun r = CliRun.of("--plugins", dir.toString(), "dataset", "--dataset", "blank", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode description = new ObjectMapper().readTree(r.out());
    assertThat(description.get("description").asText()).isEqualTo("blank images from /nowhere");
    assertThat(description.at("/train/items").asInt()).isEqualTo(6);
    assertThat(description.at("/test/classes").asInt()).isEqualTo(3);
    assertThat(Thread.currentThread().getContextClassLoader())
        .as("the plugins' class loader is the context loader for that command only")
        .isSameAs(before);

    CliRun without = CliRun.of("dataset", "--dataset", "blank");
    assertThat(without.exit()).isEqualTo(2);
    assertThat(without.err())
        .contains("unknown dataset 'blank'; known dataset ids: csv, cub, fashion-mnist");
  }
}
