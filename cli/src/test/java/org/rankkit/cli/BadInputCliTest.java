package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.eval.fixtures.NpyBytes;
import org.rankkit.testkit.dataset.DatasetFixtures;

/**
 * One command line per class of bad input of issue 13, asserting the exit code and the message:
 * user errors exit with 2 and one line in RankKit's words, naming the file; silent cases now warn
 * or fail; help and version fixes.
 */
class BadInputCliTest {

  @TempDir Path dir;

  private static void userError(CliRun run, String... parts) {
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("rankkit: error: ")
        .doesNotContain("\tat ")
        .doesNotContain("Exception")
        .doesNotContain("CoercionConfig");
    assertThat(run.err().strip().lines().count()).as(run.err()).isEqualTo(1);
    for (String part : parts) {
      assertThat(run.err()).contains(part);
    }
  }

  /** {@code rankkit eval} of {@code embeddings} and {@code labels} at k = 1, then {@code more}. */
  private static CliRun eval(Path embeddings, Path labels, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "eval",
                "--embeddings",
                embeddings.toString(),
                "--labels",
                labels.toString(),
                "--k",
                "1"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private Path npy(String name, String descr, String shape, int dataBytes) throws Exception {
    return Files.write(
        dir.resolve(name), NpyBytes.withHeader(NpyBytes.header(descr, shape), dataBytes));
  }

  private Path npyFloats(String name, float[][] rows, int extraBytes) throws Exception {
    Path f =
        npy(
            name,
            "<f4",
            rows.length + ", " + rows[0].length,
            4 * rows.length * rows[0].length + extraBytes);
    byte[] bytes = Files.readAllBytes(f);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.position(bytes.length - extraBytes - 4 * rows.length * rows[0].length);
    for (float[] r : rows) {
      for (float v : r) {
        b.putFloat(v);
      }
    }
    return Files.write(f, bytes);
  }

  @Test
  void fashionMnistFilesMissingTruncatedGarbageOrSwapped() throws Exception {
    Path missing = Files.createDirectories(dir.resolve("none"));
    userError(
        CliRun.of("dataset", "--data", missing.toString()),
        "Fashion-MNIST not found",
        "train-images-idx3-ubyte.gz");
    Path fm = Files.createDirectories(dir.resolve("fm"));
    ByteBuffer images = ByteBuffer.allocate(16 + 10).putInt(0x803).putInt(10).putInt(28).putInt(28);
    Files.write(fm.resolve("train-images-idx3-ubyte.gz"), gzip(images.array()));
    Files.write(
        fm.resolve("train-labels-idx1-ubyte.gz"),
        gzip(ByteBuffer.allocate(18).putInt(0x801).putInt(10).array()));
    Files.write(
        fm.resolve("t10k-images-idx3-ubyte.gz"), "garbage".getBytes(StandardCharsets.US_ASCII));
    Files.write(
        fm.resolve("t10k-labels-idx1-ubyte.gz"),
        gzip(ByteBuffer.allocate(16).putInt(0x803).putInt(1).putInt(1).putInt(1).array()));
    userError(
        CliRun.of("dataset", "--data", fm.toString()), "train-images-idx3-ubyte.gz", "truncated");
    Files.write(
        fm.resolve("train-images-idx3-ubyte.gz"),
        gzip(
            ByteBuffer.allocate(16 + 10 * 784)
                .putInt(0x803)
                .putInt(10)
                .putInt(28)
                .putInt(28)
                .array()));
    userError(CliRun.of("dataset", "--data", fm.toString()), "t10k-images-idx3-ubyte.gz");
    // swapped: a labels file where the images should be
    Files.copy(
        fm.resolve("train-labels-idx1-ubyte.gz"),
        fm.resolve("t10k-images-idx3-ubyte.gz"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    userError(
        CliRun.of("dataset", "--data", fm.toString()), "t10k-images-idx3-ubyte.gz", "3 dimension");
  }

  private static byte[] gzip(byte[] raw) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  @Test
  void benchSizesAreCheckedBeforeAllocatingAndBenchRefusesWhatTrainRefuses() {
    userError(
        CliRun.of(
            "bench",
            "loss",
            "--loss",
            "recall-at-k",
            "--batch",
            "2000000000",
            "--dim",
            "2000000000"),
        "embedding values",
        "lower --batch or --dim");
    userError(
        CliRun.of("bench", "loss", "--loss", "recall-at-k", "--batch", "1000000", "--dim", "8"),
        "N may be at most 46340");
    userError(
        CliRun.of("bench", "loss", "--loss", "recall-at-k", "--batch", "100", "--per-class", "1"),
        "per-class must be in [2,");
    userError(
        CliRun.of("bench", "loss", "--loss", "recall-at-k", "--batch", "10", "--per-class", "4"),
        "batch=10 is not a multiple of per-class=4");
  }

  @Test
  void npyAndCsvReadersRefuseForgedShapesSurplusDataAndJavaNumbers() throws Exception {
    Path labels = Files.writeString(dir.resolve("l.csv"), "1\n1\n2\n");
    Path forged = npy("forged.npy", "<f4", "4294967296, 4294967296, 4", 8);
    userError(
        CliRun.of("eval", "--embeddings", forged.toString(), "--labels", labels.toString()),
        "forged.npy",
        "overflows");
    Path trailing = npyFloats("trailing.npy", new float[][] {{1, 0}, {0, 1}, {1, 1}}, 8);
    userError(
        CliRun.of(
            "eval", "--embeddings", trailing.toString(), "--labels", labels.toString(), "--k", "1"),
        "trailing.npy",
        "8 bytes after the data");
    for (String bad : new String[] {"0x1p3", "1.5d"}) {
      Path csv = Files.writeString(dir.resolve("e.csv"), bad + ",2\n3,4\n5,6\n");
      userError(
          CliRun.of(
              "eval", "--embeddings", csv.toString(), "--labels", labels.toString(), "--k", "1"),
          "e.csv",
          "'" + bad + "' is not a decimal number");
    }
    Path bom =
        Files.write(
            dir.resolve("bom.csv"), "\uFEFF1.6,2\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8));
    assertThat(
            CliRun.of(
                    "eval",
                    "--embeddings",
                    bom.toString(),
                    "--labels",
                    labels.toString(),
                    "--k",
                    "1")
                .exit())
        .isZero();
    Path inner =
        Files.write(
            dir.resolve("inner.csv"), "1.6,\uFEFF2\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8));
    userError(
        CliRun.of(
            "eval", "--embeddings", inner.toString(), "--labels", labels.toString(), "--k", "1"),
        "'\\uFEFF2'");
  }

  @Test
  void evalReportsValidQueriesFailsWithoutPositivesWarnsOnSameDataAndTakesExtremeValues()
      throws Exception {
    Path e = Files.writeString(dir.resolve("e.csv"), "1,0\n0.9,0.1\n0,1\n");
    Path lone = Files.writeString(dir.resolve("lone.csv"), "1\n2\n3\n");
    userError(eval(e, lone), "no query has a same-label item", "0 of 3 queries");
    Path labels = Files.writeString(dir.resolve("l.csv"), "1\n1\n2\n");
    CliRun json = eval(e, labels, "--json");
    assertThat(json.exit()).isZero();
    assertThat(json.out())
        .contains("\"validQueries\" : 2")
        .contains("\"queriesWithoutPositive\" : 1")
        .contains("\"recall@1\" : 0.6666");
    CliRun excluded = eval(e, labels, "--json", "--exclude-lone-queries");
    assertThat(excluded.out()).contains("\"recall@1\" : 1.0");
    CliRun text = eval(e, labels);
    assertThat(text.out()).contains("queries without a positive").contains("valid queries");
    CliRun same = eval(e, labels, "--queries", e.toString(), "--query-labels", labels.toString());
    assertThat(same.exit()).isZero();
    assertThat(same.err()).contains("warning: the queries are the gallery");
    Path huge = npyFloats("huge.npy", new float[][] {{3e38f, 0}, {2.9e38f, 1e37f}, {0, 3e38f}}, 0);
    CliRun extreme =
        CliRun.of(
            "eval", "--embeddings", huge.toString(), "--labels", labels.toString(), "--k", "1");
    assertThat(extreme.exit()).as(extreme.err()).isZero();
  }

  @Test
  void aJarThatIsNotAJarIsAnErrorNamingIt() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.writeString(plugins.resolve("broken.jar"), "not a jar");
    userError(
        CliRun.of("--plugins", plugins.toString(), "plugins"),
        "broken.jar",
        "cannot be read as a jar");
  }

  @Test
  void trainRefusesARoundedBatchAFileAsOutAndResumeChecksItsFiles() throws Exception {
    Path data = DatasetFixtures.folderOfClasses(dir.resolve("folder"));
    String[] common = {
      "train",
      "--loss",
      "contrastive",
      "--dataset",
      "folder",
      "--data",
      data.toString(),
      "--set",
      "splitClasses=true",
      "--set",
      "imageSize=8",
      "--set",
      "cnnWidth=16",
      "--set",
      "dim=4",
      "--set",
      "evalKs=1",
      "--set",
      "loaderThreads=1",
      "--epochs",
      "1"
    };
    userError(
        CliRun.of(
            concat(
                common,
                "--batch",
                "10",
                "--per-class",
                "4",
                "--out",
                dir.resolve("r0").toString())),
        "batch=10 is not a multiple of perClass=4",
        "batch=8 or 12");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    userError(
        CliRun.of(concat(common, "--batch", "6", "--per-class", "2", "--out", file.toString())),
        "a-file is a file");
    Path run = dir.resolve("run");
    CliRun ok =
        CliRun.of(concat(common, "--batch", "6", "--per-class", "2", "--out", run.toString()));
    assertThat(ok.exit()).as(ok.err()).isZero();
    Path metrics = run.resolve("metrics.jsonl");
    byte[] log = Files.readAllBytes(metrics);
    Files.write(metrics, java.util.Arrays.copyOf(log, log.length / 2));
    userError(
        CliRun.of("train", "--resume", run.toString()), "metrics.jsonl", "truncated or replaced");
    Files.write(metrics, log);
    byte[] ckpt = Files.readAllBytes(run.resolve("last.ckpt"));
    Files.write(run.resolve("last.ckpt"), java.util.Arrays.copyOf(ckpt, ckpt.length / 2));
    userError(CliRun.of("train", "--resume", run.toString()), "last.ckpt");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void goldenCaseMessagesHaveNoJacksonInternals() throws Exception {
    Path c =
        Files.writeString(
            dir.resolve("case.json"),
            "{\"loss\":\"contrastive\",\"embeddings\":[[1,0],[0,1],[0.6,0.8]],\"labels\":[0,1.5,1]}");
    userError(CliRun.of("loss-check", c.toString()), "case.json", "labels");
  }

  @Test
  void compareResumeChecksWhatItResumes() throws Exception {
    Path data = DatasetFixtures.folderOfClasses(dir.resolve("folder"));
    Path suite =
        Files.writeString(
            dir.resolve("suite.yaml"),
            String.join(
                "\n",
                "name: floor-only",
                "settings: {dataset: folder, data: '"
                    + data
                    + "', splitClasses: true, imageSize: 8, evalKs: [1]}",
                "quick: {epochs: 1}",
                "runs:",
                "  - {name: raw pixels, baseline: raw-pixels}",
                ""));
    userError(
        CliRun.of("compare", "--resume", dir.resolve("typo").toString()),
        "typo",
        "no such directory");
    Path out = dir.resolve("cmp");
    CliRun made =
        CliRun.of("compare", "--quick", "--suite", suite.toString(), "--out", out.toString());
    assertThat(made.exit()).as(made.err()).isZero();
    userError(
        CliRun.of("compare", "--resume", out.toString(), "--suite", suite.toString()),
        "was made with other settings",
        "--quick: made with it, now without");
    userError(
        CliRun.of(
            "compare",
            "--resume",
            out.toString(),
            "--quick",
            "--suite",
            suite.toString(),
            "--set",
            "lr=0.5"),
        "--set lr: made with (not set), now 0.5");
    CliRun again = CliRun.of("compare", "--resume", out.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("already finished, skipped");
    userError(
        CliRun.of("compare", "--quick", "--suite", suite.toString(), "--out", out.toString()),
        "already holds a comparison",
        "--resume");
  }

  @Test
  void helpVersionAndDebug() {
    CliRun help = CliRun.of("--help");
    assertThat(help.out()).contains("\"embeddings\", \"labels\"").contains("--debug");
    for (String sub : new String[] {"eval", "train", "compare", "plugins"}) {
      assertThat(CliRun.of(sub, "--version").out()).as(sub).contains("rankkit 0.1.0");
    }
    assertThat(CliRun.of("plugins", "--help").out().replaceAll("\\s+", " "))
        .contains("kind")
        .contains("id,")
        .contains("params")
        .contains("source")
        .contains("plugin (the implementing class)")
        .contains("description (what it does)");
    assertThat(CliRun.of("eval", "--help").out().replaceAll("\\s+", " "))
        .contains("L2-normalised")
        .contains("counts as a miss in recall@k")
        .contains("--exclude-lone-queries");
    CliRun debug = CliRun.of("eval", "--embeddings", "nope.csv", "--labels", "nope.csv", "--debug");
    assertThat(debug.exit()).isEqualTo(2);
    assertThat(debug.err()).startsWith("rankkit: error: nope.csv").contains("\tat ");
    assertThat(ErrorReport.isUserError(new NullPointerException())).isFalse();
    assertThat(ErrorReport.internalMessage(new NullPointerException("x")))
        .contains("a bug in RankKit")
        .contains("issue tracker")
        .contains("--debug");
  }
}
