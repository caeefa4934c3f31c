package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.trainer.tiny.TinyFashionMnist;

@org.junit.jupiter.api.Tag(org.rankkit.testkit.InstalledData.TAG)
class TrainCommandTest {

  @BeforeAll
  static void fashionMnistIsInstalled() {
    TinyFashionMnist.requireInstalled();
  }

  @Test
  void trainsPrintsTheResolvedConfigurationAndWritesResultJson(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("quick.yaml");
    Files.writeString(config, "maxTrainItems: 400\nmaxEvalItems: 200\ncnnWidth: 16\ndim: 8\n");
    Path out = dir.resolve("run");
    CliRun o =
        CliRun.of(
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
    assertThat(o.exit()).as(o.err()).isZero();
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
    assertThat(CliRun.of("train", "--loss", "recall-at-k", "--out", out.toString()).err())
        .contains("--resume");
    CliRun resumed = CliRun.of("train", "--resume", out.toString());
    assertThat(resumed.exit()).as(resumed.err()).isZero();
  }

  @Test
  void mistakesAreRejectedBeforeTraining(@TempDir Path dir) {
    CliRun unknownKey =
        CliRun.of(
            "train", "--loss", "recall-at-k", "--set", "learningRate=1", "--out", dir.toString());
    assertThat(unknownKey.exit()).isEqualTo(2);
    assertThat(unknownKey.err())
        .contains("unknown configuration key 'learningRate'")
        .contains("headLrMultiplier");
    CliRun unknownLoss = CliRun.of("train", "--loss", "nope", "--out", dir.toString());
    assertThat(unknownLoss.exit()).isNotZero();
    assertThat(unknownLoss.err()).contains("recall-at-k");
    CliRun badParam =
        CliRun.of(
            "train", "--loss", "recall-at-k", "--set", "loss.bogus=1", "--out", dir.toString());
    assertThat(badParam.err()).contains("unknown parameter 'bogus'");
    CliRun noLoss = CliRun.of("train", "--out", dir.toString());
    assertThat(noLoss.err()).contains("--loss ID is required");
    assertThat(dir.resolve("last.ckpt")).doesNotExist();
  }

  @Test
  void helpListsTheConfigurationKeys() {
    CliRun help = CliRun.of("train", "--help");
    assertThat(help.out())
        .contains("--resume")
        .contains("headLrMultiplier")
        .contains("warmupEpochs")
        .contains("(default: 128)");
  }
}
