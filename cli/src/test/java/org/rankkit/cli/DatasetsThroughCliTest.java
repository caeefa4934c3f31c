package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rankkit.testkit.dataset.DatasetFixtures;

/**
 * Each dataset that needs a data directory ({@code folder}, {@code csv}, {@code sop}, {@code cub},
 * {@code inat}, {@code vehicleid}) trained through {@code rankkit train} and {@code rankkit
 * compare} on a tiny fixture ({@link DatasetFixtures}), every way of naming the data covered once
 * or more: {@code --dataset X --data DIR}, {@code --set dataset=X --set data=DIR}, {@code --config
 * FILE}, a suite file's {@code settings}, and the default suite with {@code --set dataset=X --data
 * DIR}. Runs are tiny (8×8 images, a 4-filter CNN, 8-dimensional embeddings, one epoch of one or
 * two batches of 8) and seeded.
 */
class DatasetsThroughCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tiny model and run settings of train and compare. */
  private static final Map<String, Object> TINY =
      Map.of(
          "imageSize", 8,
          "cnnWidth", 16,
          "dim", 8,
          "evalKs", List.of(1, 2),
          "loaderThreads", 1,
          "evalBatch", 64);

  /** A tiny train of recall-at-k: one epoch of batches of 8. */
  private static final Map<String, Object> TINY_TRAIN = tinyTrain();

  @TempDir Path dir;

  // ---- rankkit train --------------------------------------------------------------------------

  /** How a train command names the dataset and its data directory. */
  private enum Naming {
    /** {@code --dataset X --data DIR}. */
    FLAGS,
    /** {@code --set dataset=X --set data=DIR}. */
    SET_KEYS;

    List<String> arguments(String dataset, Path data) {
      return this == FLAGS
          ? List.of("--dataset", dataset, "--data", data.toString())
          : List.of("--set", "dataset=" + dataset, "--set", "data=" + data);
    }
  }

  /** Writes a dataset's fixture under a folder and returns its data directory. */
  private interface Fixture {
    Path write(Path root) throws IOException;
  }

  static Stream<Arguments> datasetsTrained() {
    return Stream.of(
        // the last three of the six class folders are held out
        Arguments.of(
            "folderSplitClassesWithDatasetAndDataFlags",
            "folder",
            Naming.FLAGS,
            (Fixture) DatasetFixtures::folderOfClasses,
            Map.of("splitClasses", true),
            DatasetFixtures.TEST_ITEMS),
        Arguments.of(
            "folderTrainTestFoldersWithSetKeys",
            "folder",
            Naming.SET_KEYS,
            (Fixture) DatasetFixtures::folderTrainTest,
            Map.of(),
            DatasetFixtures.TEST_ITEMS),
        Arguments.of(
            "stanfordOnlineProductsWithDatasetAndDataFlags",
            "sop",
            Naming.FLAGS,
            (Fixture) DatasetFixtures::sop,
            Map.of(),
            DatasetFixtures.TEST_ITEMS),
        Arguments.of(
            "cubWithSetKeys",
            "cub",
            Naming.SET_KEYS,
            (Fixture) DatasetFixtures::cub,
            Map.of(),
            DatasetFixtures.TEST_ITEMS),
        // test_list_1600.txt has one vehicle (4 images) more than test_list_800.txt
        Arguments.of(
            "vehicleIdTestSizeChoosesTheTestList",
            "vehicleid",
            Naming.FLAGS,
            (Fixture) DatasetFixtures::vehicleId,
            Map.of("vehicleIdTestSize", 1600),
            DatasetFixtures.TEST_ITEMS + DatasetFixtures.PER_CLASS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("datasetsTrained")
  void eachDatasetTrains(
      String name,
      String dataset,
      Naming naming,
      Fixture fixture,
      Map<String, Object> settings,
      int queries)
      throws IOException {
    Path data = fixture.write(dir.resolve(name));
    List<String> args = new ArrayList<>(naming.arguments(dataset, data));
    args.addAll(SettingArguments.of(settings));
    JsonNode result = train(args.toArray(String[]::new));
    assertThat(result.at("/config/dataset").asText()).isEqualTo(dataset);
    assertThat(result.at("/config/data").asText()).isEqualTo(data.toString());
    settings.forEach(
        (key, value) ->
            assertThat(result.at("/config/" + key).asText()).isEqualTo(String.valueOf(value)));
    assertThat(result.at("/final/queries").asInt()).isEqualTo(queries);
  }

  @Test
  void csvFromAConfigFile() throws IOException {
    Path csv = DatasetFixtures.csv(dir.resolve("csv"));
    Map<String, Object> settings = with(TINY_TRAIN, "dataset", "csv");
    settings.put("data", csv.toString());
    Path config = YamlFiles.write(dir.resolve("csv.yaml"), settings);
    Path out = dir.resolve("run-csv");
    CliRun run = CliRun.of("train", "--config", config.toString(), "--out", out.toString());
    JsonNode result = succeeded(run, out);
    assertThat(result.at("/config/dataset").asText()).isEqualTo("csv");
    assertThat(result.at("/final/queries").asInt()).isEqualTo(DatasetFixtures.TEST_ITEMS);
  }

  // ---- rankkit compare ------------------------------------------------------------------------

  @Test
  void inatThroughASuiteFileWithDatasetAndDataInItsSettings() throws IOException {
    Path data = DatasetFixtures.inat(dir.resolve("inat"));
    Map<String, Object> settings = with(TINY, "dataset", "inat");
    settings.putAll(Map.of("data", data.toString(), "epochs", 3, "batch", 8, "seed", 0));
    Path suite =
        YamlFiles.writeSuite(
            dir.resolve("tiny-inat.yaml"),
            "tiny-inat",
            settings,
            Map.of("epochs", 1),
            List.of(
                YamlFiles.RAW_PIXELS_RUN, Map.of("name", "recall-at-k", "loss", "recall-at-k")));
    Path out = dir.resolve("compare-inat");
    CliRun run =
        CliRun.of("compare", "--quick", "--suite", suite.toString(), "--out", out.toString());
    List<JsonNode> runs = compared(run, out, 2);
    for (JsonNode r : runs) {
      assertThat(r.at("/config/dataset").asText()).isEqualTo("inat");
      assertThat(r.at("/final/queries").asInt()).isEqualTo(DatasetFixtures.TEST_ITEMS);
    }
    assertThat(runs.get(1).at("/config/epochs").asInt()).as("--quick applied").isEqualTo(1);
    assertThat(trainedResults(out)).hasSize(1);
  }

  @Test
  void vehicleIdThroughTheDefaultSuiteWithSetDatasetAndData() throws IOException {
    Path data = DatasetFixtures.vehicleId(dir.resolve("vehicleid"));
    Path out = dir.resolve("compare-default");
    List<String> args =
        new ArrayList<>(
            List.of(
                "compare",
                "--quick",
                "--set",
                "dataset=vehicleid",
                "--data",
                data.toString(),
                "--set",
                "batch=8",
                "--out",
                out.toString()));
    args.addAll(SettingArguments.of(TINY));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    // the default suite: the raw-pixel floor and five training runs
    List<JsonNode> runs = compared(run, out, 6);
    for (JsonNode r : runs) {
      assertThat(r.at("/config/dataset").asText()).isEqualTo("vehicleid");
      assertThat(r.at("/config/data").asText()).isEqualTo(data.toString());
      assertThat(r.at("/config/epochs").asInt()).as("the default suite's quick block").isEqualTo(1);
      assertThat(r.at("/final/queries").asInt()).isEqualTo(DatasetFixtures.TEST_ITEMS);
    }
    assertThat(trainedResults(out)).hasSize(5);
  }

  // ---- errors ---------------------------------------------------------------------------------

  @Test
  void aCorruptImageFailsInOneLineNamingSkipBadImagesWhichThenSkipsIt() throws IOException {
    Path data = dir.resolve("corrupt");
    Path corrupt = DatasetFixtures.folderWithCorruptImage(data, 2, 5);
    Path out = dir.resolve("run-corrupt");
    Outcome failed =
        captured(() -> trainRun(out, "--dataset", "folder", "--data", data.toString()));
    assertThat(failed.run().exit()).as(failed.run().err()).isEqualTo(2);
    assertThat(failed.run().err().strip().lines())
        .singleElement()
        .asString()
        .startsWith("rankkit: error: ")
        .contains(corrupt.toString())
        .contains("skipBadImages=true")
        .contains("--set skipBadImages=true");
    assertThat(failed.run().err() + failed.systemErr()).doesNotContain("\tat ");

    // the failed run left no checkpoint, so the same --out takes the retry
    JsonNode skipped =
        succeeded(
            trainRun(
                out,
                "--dataset",
                "folder",
                "--data",
                data.toString(),
                "--set",
                "skipBadImages=true"),
            out);
    assertThat(skipped.at("/final/queries").asInt())
        .as("the corrupt image is left out")
        .isEqualTo(9);
  }

  @Test
  void aDatasetWithoutDataFailsNamingTheDataFlag() {
    for (String dataset : DatasetFixtures.DATASETS) {
      Outcome train = captured(() -> trainRun(dir.resolve("run-" + dataset), "--dataset", dataset));
      assertThat(train.run().exit()).as(train.run().err()).isEqualTo(2);
      assertThat(train.run().err().strip().lines())
          .singleElement()
          .asString()
          .contains("dataset '" + dataset + "' has no default location")
          .contains("--data DIR");
      assertThat(train.run().err() + train.systemErr()).doesNotContain("\tat ");
    }
    Outcome compare =
        captured(
            () ->
                CliRun.of(
                    "compare",
                    "--quick",
                    "--set",
                    "dataset=folder",
                    "--out",
                    dir.resolve("compare-no-data").toString()));
    assertThat(compare.run().exit()).as(compare.run().err()).isEqualTo(2);
    assertThat(compare.run().err()).contains("--data DIR");
    assertThat(compare.run().err() + compare.systemErr()).doesNotContain("\tat ");
  }

  @Test
  void anUnknownDatasetFailsBeforeAnythingIsWrittenListingTheKnownOnes() {
    String known =
        "known dataset ids: csv, cub, fashion-mnist, folder, glyphs, inat, sop, vehicleid";
    Path out = dir.resolve("run-imagenet");
    CliRun train = trainRun(out, "--dataset", "imagenet", "--data", dir.toString());
    assertThat(train.exit()).as(train.err()).isEqualTo(2);
    assertThat(train.err().strip().lines())
        .singleElement()
        .asString()
        .isEqualTo("rankkit: error: unknown dataset 'imagenet'; " + known);
    assertThat(out).doesNotExist();
    Path compareOut = dir.resolve("compare-imagenet");
    CliRun compare =
        CliRun.of(
            "compare", "--quick", "--set", "dataset=imagenet", "--out", compareOut.toString());
    assertThat(compare.exit()).as(compare.err()).isEqualTo(2);
    assertThat(compare.err()).contains("unknown dataset 'imagenet'").contains(known);
    assertThat(compareOut).doesNotExist();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * Runs a tiny {@code train} of recall-at-k into a fresh directory and returns its result.json.
   */
  private JsonNode train(String... dataArgs) throws IOException {
    Path out = Files.createTempDirectory(dir, "run").resolve("out");
    return succeeded(trainRun(out, dataArgs), out);
  }

  private static CliRun trainRun(Path out, String... dataArgs) {
    List<String> args = new ArrayList<>(List.of(dataArgs));
    args.addAll(List.of("--out", out.toString()));
    return CliRun.of(SettingArguments.command("train", TINY_TRAIN, args.toArray(String[]::new)));
  }

  private static Map<String, Object> tinyTrain() {
    Map<String, Object> m =
        new LinkedHashMap<>(Map.of("loss", "recall-at-k", "epochs", 1, "batch", 8));
    m.putAll(TINY);
    return m;
  }

  /** {@code settings} and one more key, in a map of one's own. */
  private static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(settings);
    m.put(key, value);
    return m;
  }

  /** Checks exit 0 and a result.json in {@code out} with recall@1 in [0, 1]; returns it. */
  private static JsonNode succeeded(CliRun run, Path out) throws IOException {
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("recall@1");
    Path file = out.resolve("result.json");
    assertThat(file).exists();
    JsonNode result = JSON.readTree(file.toFile());
    assertRecallAt1(result);
    return result;
  }

  /** Checks exit 0 and results.json with {@code runs} runs, each with recall@1 in [0, 1]. */
  private static List<JsonNode> compared(CliRun run, Path out, int runs) throws IOException {
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
    List<JsonNode> list = new ArrayList<>();
    results.get("runs").forEach(list::add);
    assertThat(list).hasSize(runs);
    list.forEach(DatasetsThroughCliTest::assertRecallAt1);
    assertThat(out.resolve("report.md")).exists();
    for (Path file : trainedResults(out)) {
      assertRecallAt1(JSON.readTree(file.toFile()));
    }
    return list;
  }

  /** The result.json of every trained run of a comparison (the raw-pixel floor writes none). */
  private static List<Path> trainedResults(Path out) throws IOException {
    try (Stream<Path> files = Files.walk(out.resolve("runs"))) {
      return files.filter(f -> f.getFileName().toString().equals("result.json")).sorted().toList();
    }
  }

  private static void assertRecallAt1(JsonNode result) {
    JsonNode r1 = result.at("/final/recall@1");
    assertThat(r1.isNumber()).as("final recall@1 in " + result).isTrue();
    assertThat(r1.asDouble()).isBetween(0.0, 1.0);
  }

  private record Outcome(CliRun run, String systemErr) {}

  /**
   * Runs {@code command} with System.err captured (the log goes there), to look for stack traces.
   */
  private static Outcome captured(java.util.function.Supplier<CliRun> command) {
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      CliRun run = command.get();
      return new Outcome(run, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }
}
