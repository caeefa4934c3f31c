package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example metric plugin ({@code examples/precision-at-k-metric}) as an external jar: its
 * sources are compiled and packed here (so this test does not wait for the example's own build),
 * and the jar, which is on no class path, is handed to {@code rankkit --plugins}. {@code plugins}
 * lists it as a metric and {@code eval --metrics} computes it next to the built-in ones.
 */
class ExampleMetricPluginThroughCliTest {

  private static final Path EXAMPLE = Path.of("..", "examples", "precision-at-k-metric");

  @TempDir static Path dir;

  private static Path plugins;

  @BeforeAll
  static void buildTheExampleJar() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(EXAMPLE.resolve("src/main/java"))) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> sources.add(f.toString()));
    }
    assertThat(sources).as("the example's sources").isNotEmpty();
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "--release",
                "17"));
    args.addAll(sources);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, args.toArray(String[]::new)))
        .as("javac exit status")
        .isZero();
    plugins = Files.createDirectories(dir.resolve("plugins"));
    Path resources = EXAMPLE.resolve("src/main/resources");
    try (OutputStream os = Files.newOutputStream(plugins.resolve("precision-at-k-metric.jar"));
        JarOutputStream jar = new JarOutputStream(os);
        Stream<Path> files = Stream.concat(Files.walk(classes), Files.walk(resources))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path root = f.startsWith(classes) ? classes : resources;
        jar.putNextEntry(
            new JarEntry(root.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
        jar.write(Files.readAllBytes(f));
        jar.closeEntry();
      }
    }
  }

  @Test
  void pluginsListsTheExampleAsAMetricNextToEveryKind() throws IOException {
    CliRun r = CliRun.of("--plugins", plugins.toString(), "plugins", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> kinds = new ArrayList<>();
    JsonNode example = null;
    for (JsonNode row : new ObjectMapper().readTree(r.out())) {
      kinds.add(row.get("kind").asText());
      if (row.get("id").asText().equals("precision-at-k")) {
        example = row;
      }
    }
    assertThat(kinds).contains("loss", "augmentation", "batch-strategy", "dataset", "metric");
    assertThat(example).isNotNull();
    assertThat(example.get("kind").asText()).isEqualTo("metric");
    assertThat(example.get("source").asText()).isEqualTo("precision-at-k-metric.jar");
    assertThat(example.get("plugin").asText()).isEqualTo("example-precision-at-k");
  }

  @Test
  void evalComputesTheExampleMetric() throws IOException {
    // three classes of two; leave-one-out: the nearest item is a positive for 4 of the 6 queries
    Path embeddings =
        Files.writeString(dir.resolve("e.csv"), "1,0\n0.9,0.1\n0,1\n0.1,0.9\n0.7,0.7\n-1,0\n");
    Path labels = Files.writeString(dir.resolve("l.csv"), "0\n0\n1\n1\n2\n2\n");
    CliRun r =
        CliRun.of(
            "--plugins",
            plugins.toString(),
            "eval",
            "--embeddings",
            embeddings.toString(),
            "--labels",
            labels.toString(),
            "--k",
            "1,2",
            "--metrics",
            "precision-at-k,recall",
            "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode result = new ObjectMapper().readTree(r.out());
    assertThat(result.get("precision@1").asDouble()).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(result.get("precision@2").asDouble()).isCloseTo(2.0 / 6, within(1e-12));
    assertThat(result.get("recall@2").asDouble()).isCloseTo(4.0 / 6, within(1e-12));
    List<String> keys = new ArrayList<>();
    result.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).startsWith("precision@1", "precision@2", "recall@1", "recall@2");

    // without --plugins the metric is unknown, and the error lists the metrics that exist
    CliRun without =
        CliRun.of(
            "eval",
            "--embeddings",
            embeddings.toString(),
            "--labels",
            labels.toString(),
            "--metrics",
            "precision-at-k");
    assertThat(without.exit()).isEqualTo(2);
    assertThat(without.err().strip())
        .isEqualTo(
            "rankkit: error: unknown metric 'precision-at-k'; known metric ids: map, map-at-r, nmi,"
                + " r-precision, recall");
  }
}
