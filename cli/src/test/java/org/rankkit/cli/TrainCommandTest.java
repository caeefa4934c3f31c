package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@org.junit.jupiter.api.Tag(org.rankkit.testkit.InstalledData.TAG)
class TrainCommandTest {

  @org.junit.jupiter.api.BeforeAll
  static void fashionMnistIsInstalled() {
    java.nio.file.Path dir =
        java.nio.file.Path.of(org.rankkit.data.DataOptions.FASHION_MNIST_DEFAULT_DIR);
    org.rankkit.testkit.InstalledData.require(
        "Fashion-MNIST",
        java.util.List.of(dir.resolve("train-images-idx3-ubyte.gz")),
        java.util.List.of("dataset-fashion-mnist"));
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome run(String... args) {
    CommandLine cl = RankKitCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void trainsPrintsTheResolvedConfigurationAndWritesResultJson(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("quick.yaml");
    Files.writeString(config, "maxTrainItems: 400\nmaxEvalItems: 200\ncnnWidth: 16\ndim: 8\n");
    Path out = dir.resolve("run");
    Outcome o =
        run(
            "train",
            "--loss",
            "recall-at-k",
            "--strategy",
            "memory-bounded",
            "--config",
            config.toString(),
            "--epochs",
            "1",
            "--batch",
            "40",
            "--set",
            "loss.tauSim=0.05",
            "--set",
            "strategy.chunk=16",
            "--out",
            out.toString());
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out())
        .contains("resolved configuration")
        .contains("loss = recall-at-k")
        .contains("loss.tauSim = 0.05")
        .contains("strategy.chunk = 16")
        .contains("perClass = 4")
        .contains("recall@1");
    assertThat(out.resolve("result.json")).exists();
    assertThat(out.resolve("metrics.jsonl")).exists();
    // a second run into the same directory is refused; resume of a finished run is a no-op
    assertThat(run("train", "--loss", "recall-at-k", "--out", out.toString()).err())
        .contains("--resume");
    Outcome resumed = run("train", "--resume", out.toString());
    assertThat(resumed.code()).as(resumed.err()).isZero();
  }

  @Test
  void mistakesAreRejectedBeforeTraining(@TempDir Path dir) {
    Outcome unknownKey =
        run("train", "--loss", "recall-at-k", "--set", "learningRate=1", "--out", dir.toString());
    assertThat(unknownKey.code()).isEqualTo(2);
    assertThat(unknownKey.err())
        .contains("unknown configuration key 'learningRate'")
        .contains("headLrMultiplier");
    Outcome unknownLoss = run("train", "--loss", "nope", "--out", dir.toString());
    assertThat(unknownLoss.code()).isNotZero();
    assertThat(unknownLoss.err()).contains("recall-at-k");
    Outcome badParam =
        run("train", "--loss", "recall-at-k", "--set", "loss.bogus=1", "--out", dir.toString());
    assertThat(badParam.err()).contains("unknown parameter 'bogus'");
    Outcome noLoss = run("train", "--out", dir.toString());
    assertThat(noLoss.err()).contains("--loss ID is required");
    assertThat(dir.resolve("last.ckpt")).doesNotExist();
  }

  @Test
  void helpListsTheConfigurationKeys() {
    Outcome help = run("train", "--help");
    assertThat(help.out())
        .contains("--resume")
        .contains("headLrMultiplier")
        .contains("warmupEpochs")
        .contains("(default: 128)");
  }
}
