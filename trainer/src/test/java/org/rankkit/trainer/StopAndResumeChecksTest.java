package org.rankkit.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.tiny.TinyFashionMnist;

/**
 * Ctrl-C during an evaluation (the stop is honoured before the evaluation's next block, and resume
 * repeats only that evaluation, ending like an uninterrupted run) and resume's check of {@code
 * metrics.jsonl} against the checkpoint.
 */
class StopAndResumeChecksTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  @BeforeAll
  static void fashionMnistIsInstalled() {
    TinyFashionMnist.requireInstalled();
  }

  private static TrainingConfig tiny() {
    return TinyFashionMnist.config(
        Map.of(
            "loss.implementation", "engine",
            "maxTrainItems", 300,
            "maxEvalItems", 200,
            "lr", 0.001,
            "epochs", 2,
            "evalEvery", 1,
            "evalAtStart", true));
  }

  @Test
  void aStopDuringAnEvaluationCheckpointsAndResumeEndsLikeAnUninterruptedRun(@TempDir Path dir)
      throws Exception {
    TrainingResult straight =
        TrainingRun.run(tiny(), REGISTRY, dir.resolve("straight"), TrainingListener.NONE);

    for (int stopAtEpoch : new int[] {0, 1}) {
      Path broken = dir.resolve("broken-" + stopAtEpoch);
      TrainingRun first = TrainingRun.create(tiny(), REGISTRY, broken);
      int[] evaluations = {0};
      TrainingResult partial =
          first.execute(
              new TrainingListener() {
                @Override
                public void onStart(TrainingRun run, int stepsPerEpoch) {
                  if (stopAtEpoch == 0) {
                    first.requestStop(); // Ctrl-C as the evaluation of the untrained model starts
                  }
                }

                @Override
                public void onStep(StepEvent step) {
                  if (stopAtEpoch == 1
                      && step.epoch() == 1
                      && step.step() == step.stepsInEpoch() - 1) {
                    first.requestStop(); // after the epoch's last step: the stop lands in its
                    // evaluation
                  }
                }

                @Override
                public void onEvaluation(int epoch, org.rankkit.eval.EvaluationResult result) {
                  evaluations[0]++;
                }
              });
      assertThat(partial.interrupted()).isTrue();
      assertThat(evaluations[0]).as("the stopped evaluation never finished").isEqualTo(stopAtEpoch);
      assertThat(broken.resolve(Checkpoint.LAST)).exists();

      TrainingResult resumed = TrainingRun.resume(broken, REGISTRY).execute(TrainingListener.NONE);
      assertThat(resumed.interrupted()).isFalse();
      assertThat(Checkpoint.read(broken.resolve(Checkpoint.LAST)).modelParams())
          .isEqualTo(
              Checkpoint.read(dir.resolve("straight").resolve(Checkpoint.LAST)).modelParams());
      assertThat(resumed.finalEvaluation().orElseThrow().recallAt(1))
          .isEqualTo(straight.finalEvaluation().orElseThrow().recallAt(1));
      assertThat(resumed.initialEvaluation().orElseThrow().recallAt(1))
          .isEqualTo(straight.initialEvaluation().orElseThrow().recallAt(1));
      assertThat(resumed.history())
          .extracting(EpochRecord::loss)
          .containsExactlyElementsOf(straight.history().stream().map(EpochRecord::loss).toList());
      assertThat(Files.readAllLines(broken.resolve("metrics.jsonl")))
          .hasSameSizeAs(Files.readAllLines(dir.resolve("straight").resolve("metrics.jsonl")));
    }
  }

  @Test
  void resumeRefusesAMetricsLogThatLostLinesSinceTheCheckpoint(@TempDir Path dir) throws Exception {
    TrainingRun first = TrainingRun.create(tiny(), REGISTRY, dir);
    first.execute(
        new TrainingListener() {
          @Override
          public void onStep(StepEvent step) {
            if (step.epoch() == 2 && step.step() == 1) {
              first.requestStop();
            }
          }
        });
    Path log = dir.resolve("metrics.jsonl");
    long size = Files.size(log);
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(size / 2);
    }
    assertThatThrownBy(() -> TrainingRun.resume(dir, REGISTRY).execute(TrainingListener.NONE))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(log.toString())
        .hasMessageContaining("truncated or replaced");
    Files.delete(log);
    assertThatThrownBy(() -> TrainingRun.resume(dir, REGISTRY).execute(TrainingListener.NONE))
        .hasMessageContaining("holds 0 bytes");
  }
}
