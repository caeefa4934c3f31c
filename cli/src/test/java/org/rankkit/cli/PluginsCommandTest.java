package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;
import org.rankkit.api.plugin.RankKitPlugin;

class PluginsCommandTest {

  /** Parameters of the test loss. */
  public record ScaleConfig(double scale) {}

  /** A plugin contributing one loss, the sum of the similarities times the configured scale. */
  public abstract static class OneLossPlugin extends PluginModule {
    private final String description;
    private final double scale;

    OneLossPlugin(String pluginId, String description, double scale) {
      super(pluginId);
      this.description = description;
      this.scale = scale;
    }

    @Override
    protected void configure() {
      PluginBindings.loss(
          binder(),
          "extra-loss",
          description,
          new ScaleConfig(scale),
          c -> (RankingLoss) b -> b.similarities().sum().mul(c.scale()));
    }
  }

  /** A plugin that only a jar in --plugins registers (not listed in the test class path). */
  public static final class ExtraPlugin extends OneLossPlugin {
    /** The plugin, as ServiceLoader makes it. */
    public ExtraPlugin() {
      super("extra-plugin", "test loss", 2.0);
    }
  }

  /** A second plugin contributing the same loss id. */
  public static final class ClashingPlugin extends OneLossPlugin {
    /** The plugin, as ServiceLoader makes it. */
    public ClashingPlugin() {
      super("clashing-plugin", "clashing test loss", 3.0);
    }
  }

  static void writePluginJar(Path jar, Class<?>... plugins) throws IOException {
    try (OutputStream os = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(os)) {
      out.putNextEntry(new JarEntry("META-INF/services/" + RankKitPlugin.class.getName()));
      StringBuilder sb = new StringBuilder();
      for (Class<?> p : plugins) {
        sb.append(p.getName()).append('\n');
      }
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }

  @Test
  void jsonListsPluginsFromPluginDirectory(@TempDir Path dir) throws Exception {
    writePluginJar(dir.resolve("extra.jar"), ExtraPlugin.class);
    CliRun r = CliRun.of("--plugins", dir.toString(), "plugins", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode rows = new ObjectMapper().readTree(r.out());
    JsonNode extra = null;
    for (JsonNode row : rows) {
      assertThat(row.has("kind") && row.has("id") && row.has("params") && row.has("source"))
          .isTrue();
      if (row.get("id").asText().equals("extra-loss")) {
        extra = row;
      }
    }
    assertThat(extra).isNotNull();
    assertThat(extra.get("kind").asText()).isEqualTo("loss");
    assertThat(extra.get("params").get("scale").asDouble()).isEqualTo(2.0);
  }

  @Test
  void withoutPluginDirectoryTheExtraPluginIsAbsent() {
    CliRun r = CliRun.of("plugins");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("KIND").doesNotContain("extra-loss");
  }

  @Test
  void duplicateIdAcrossJarsNamesBothProviders(@TempDir Path dir) throws Exception {
    writePluginJar(dir.resolve("a.jar"), ExtraPlugin.class);
    writePluginJar(dir.resolve("b.jar"), ClashingPlugin.class);
    CliRun r = CliRun.of("--plugins", dir.toString(), "plugins");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err())
        .contains("duplicate loss id 'extra-loss'")
        .contains("plugin 'extra-plugin'")
        .contains("plugin 'clashing-plugin'");
  }

  @Test
  void missingPluginDirectoryIsAClearError(@TempDir Path dir) {
    CliRun r = CliRun.of("--plugins", dir.resolve("nope").toString(), "plugins");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("not a directory");
  }
}
