package org.rankkit.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.api.plugin.PluginException;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.tiny.TinyFashionMnist;

/**
 * Short training runs on the real Fashion-MNIST files (installed by the Debian package
 * dataset-fashion-mnist, as .ci/run does), on small subsets so that the whole class runs in about a
 * minute on 2 cores.
 */
@org.junit.jupiter.api.Tag(org.rankkit.testkit.InstalledData.TAG)
class TrainingRunTest {

  @org.junit.jupiter.api.BeforeAll
  static void fashionMnistIsInstalled() {
    TinyFashionMnist.requireInstalled();
  }

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  /** A tiny, fast configuration: 600 training items, 3 epochs of 10 steps, a 16-filter CNN. */
  private static TrainingConfig tiny(Map<String, Object> extra) {
    return TinyFashionMnist.config(
        Map.of("maxTrainItems", 600, "maxEvalItems", 300, "epochs", 3, "evalEvery", 0), extra);
  }

  @Test
  void aShortRunLowersTheLossAndBeatsTheUntrainedModel(@TempDir Path dir) throws Exception {
    TrainingConfig config =
        TrainingConfig.fromMap(
            Map.of(
                "loss",
                "recall-at-k",
                "maxTrainItems",
                2000,
                "maxEvalItems",
                1000,
                "epochs",
                1,
                "batch",
                100,
                "cnnWidth",
                16,
                "dim",
                32,
                "evalAtStart",
                true,
                "lr",
                0.003));
    List<Double> losses = new ArrayList<>();
    TrainingResult result =
        TrainingRun.run(
            config,
            REGISTRY,
            dir,
            new TrainingListener() {
              @Override
              public void onStep(StepEvent step) {
                losses.add(step.loss());
              }
            });
    int n = losses.size(); // class-balanced batches: slightly fewer than 2000 / 100
    assertThat(n).isBetween(15, 20);
    double first =
        losses.subList(0, 4).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double last =
        losses.subList(n - 4, n).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertThat(last).isLessThan(first - 0.05);
    double untrained = result.initialEvaluation().orElseThrow().recallAt(1);
    assertThat(result.finalMetric("recall@1")).isGreaterThan(untrained + 0.02);

    // result.json has the documented keys, with the eval keys under final and best
    @SuppressWarnings("unchecked")
    Map<String, Object> json =
        new ObjectMapper().readValue(dir.resolve("result.json").toFile(), Map.class);
    assertThat(json)
        .containsKeys(
            "config", "final", "best", "trainSeconds", "peakMemoryBytes", "history", "initial");
    @SuppressWarnings("unchecked")
    Map<String, Object> fin = (Map<String, Object>) json.get("final");
    assertThat(fin)
        .containsKeys(
            "recall@1", "recall@8", "r_precision", "map_at_r", "map", "queries", "seconds");
    // read back, the result is the run's and writes the same JSON
    TrainingResult read = TrainingResult.fromJson(dir, json);
    assertThat(read.finalEvaluation()).isEqualTo(result.finalEvaluation());
    assertThat(read.best()).isEqualTo(result.best());
    assertThat(read.initialEvaluation()).isEqualTo(result.initialEvaluation());
    assertThat(read.history()).isEqualTo(result.history());
    assertThat(new ObjectMapper().writeValueAsString(read.toJson()))
        .isEqualTo(new ObjectMapper().writeValueAsString(json));
    @SuppressWarnings("unchecked")
    Map<String, Object> resolved = (Map<String, Object>) json.get("config");
    assertThat(resolved)
        .containsEntry("perClass", 10)
        .containsKey("loss.tauSim")
        .containsKey("strategy.frozenBatchNorm");
    assertThat(((Number) json.get("peakMemoryBytes")).longValue()).isPositive();
    List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
    assertThat(lines).hasSize(n + 1 + 2); // steps, epoch, two evaluations
    assertThat(Files.exists(dir.resolve(Checkpoint.LAST))).isTrue();
    assertThat(Files.exists(dir.resolve(Checkpoint.BEST))).isTrue();
  }

  @Test
  void anInterruptedAndResumedRunEndsWithTheSameWeights(@TempDir Path dir) throws Exception {
    TrainingConfig config =
        tiny(
            Map.of(
                "optimizer",
                "adamw",
                "weightDecay",
                0.01,
                "warmupEpochs",
                0.5,
                "headLrMultiplier",
                3.0));
    Path straight = dir.resolve("straight");
    TrainingResult a = TrainingRun.run(config, REGISTRY, straight, TrainingListener.NONE);
    assertThat(a.interrupted()).isFalse();

    Path broken = dir.resolve("broken");
    TrainingRun first = TrainingRun.create(config, REGISTRY, broken);
    TrainingResult partial =
        first.execute(
            new TrainingListener() {
              @Override
              public void onStep(StepEvent step) {
                if (step.epoch() == 2 && step.step() == 3) {
                  first.requestStop(); // mid-epoch, as Ctrl-C would
                }
              }
            });
    assertThat(partial.interrupted()).isTrue();
    assertThat(partial.history()).hasSize(1);
    assertThat(Files.exists(broken.resolve("result.json"))).isFalse();

    TrainingResult b = TrainingRun.resume(broken, REGISTRY).execute(TrainingListener.NONE);
    assertThat(b.interrupted()).isFalse();
    assertThat(Checkpoint.read(broken.resolve(Checkpoint.LAST)).modelParams())
        .isEqualTo(Checkpoint.read(straight.resolve(Checkpoint.LAST)).modelParams());
    assertThat(Checkpoint.read(broken.resolve(Checkpoint.LAST)).optimizerState())
        .isEqualTo(Checkpoint.read(straight.resolve(Checkpoint.LAST)).optimizerState());
    assertThat(b.history())
        .extracting(EpochRecord::loss)
        .containsExactlyElementsOf(a.history().stream().map(EpochRecord::loss).toList());
    assertThat(b.finalEvaluation().orElseThrow().recallAt(1))
        .isEqualTo(a.finalEvaluation().orElseThrow().recallAt(1));
    assertThat(Files.readAllLines(broken.resolve("metrics.jsonl")))
        .hasSameSizeAs(Files.readAllLines(straight.resolve("metrics.jsonl")));
  }

  @Test
  void aTorchScriptBackboneIsFineTuned(@TempDir Path dir) throws Exception {
    Path fixture = Path.of("src/test/resources/torchscript/tiny_backbone.pt").toAbsolutePath();
    TrainingConfig config = tiny(Map.of("backbone", fixture.toString(), "epochs", 1, "lr", 0.01));
    TrainingResult result = TrainingRun.run(config, REGISTRY, dir, TrainingListener.NONE);
    assertThat(result.finalEvaluation().orElseThrow().metrics()).containsKey("recall@1");
    // the TorchScript module's own weights moved (not only the head): run the module as loaded
    // from the fixture and as restored from the checkpoint on the same input
    try (ai.djl.Model model = ai.djl.Model.newInstance("check")) {
      ai.djl.ndarray.NDManager manager = model.getNDManager();
      ai.djl.ndarray.NDArray x =
          manager.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(3, 1, 28, 28));
      float[] before = backboneOutput(fixture, manager, x, null);
      float[] after =
          backboneOutput(
              fixture, manager, x, Checkpoint.read(dir.resolve(Checkpoint.LAST)).modelParams());
      assertThat(after).hasSameSizeAs(before).isNotEqualTo(before);
    }
  }

  private static float[] backboneOutput(
      Path fixture, ai.djl.ndarray.NDManager manager, ai.djl.ndarray.NDArray x, byte[] params)
      throws Exception {
    ai.djl.nn.Block backbone = org.rankkit.trainer.model.Backbones.torchScript(fixture, manager);
    org.rankkit.trainer.model.EmbeddingModel net =
        org.rankkit.trainer.model.EmbeddingModel.builder().backbone(backbone).dim(16).build();
    net.block()
        .setInitializer(
            new ai.djl.training.initializer.XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
    net.block()
        .initialize(
            manager,
            ai.djl.ndarray.types.DataType.FLOAT32,
            new ai.djl.ndarray.types.Shape(2, 1, 28, 28));
    if (params != null) {
      net.block()
          .loadParameters(
              manager, new java.io.DataInputStream(new java.io.ByteArrayInputStream(params)));
    }
    return backbone
        .forward(
            new ai.djl.training.ParameterStore(manager, false), new ai.djl.ndarray.NDList(x), false)
        .head()
        .toFloatArray();
  }

  @Test
  void mistakesAreReportedBeforeTrainingStarts(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                TrainingRun.run(
                    tiny(Map.of("loss", "no-such-loss")), REGISTRY, dir, TrainingListener.NONE))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("recall-at-k");
    assertThatThrownBy(
            () ->
                TrainingRun.run(
                    tiny(Map.of("loss.bogus", 1)), REGISTRY, dir, TrainingListener.NONE))
        .hasMessageContaining("unknown parameter 'bogus'");
    assertThatThrownBy(
            () ->
                TrainingRun.run(tiny(Map.of("perClass", 4)), REGISTRY, dir, TrainingListener.NONE))
        .hasMessageContaining("needs 15 classes");
    assertThatThrownBy(
            () ->
                TrainingRun.run(
                    tiny(Map.of("backbone", "missing.pt")), REGISTRY, dir, TrainingListener.NONE))
        .hasMessageContaining("missing.pt");
    if (Engine.getInstance().getGpuCount() == 0) {
      assertThatThrownBy(
              () ->
                  TrainingRun.run(
                      tiny(Map.of("device", "gpu")), REGISTRY, dir, TrainingListener.NONE))
          .hasMessageContaining("no GPU");
    }
    assertThat(dir.resolve(Checkpoint.LAST)).doesNotExist();
  }

  @Test
  void anInvalidTorchScriptFileIsReportedClearly(@TempDir Path dir) throws Exception {
    Path notZip = dir.resolve("model.pt");
    Files.writeString(notZip, "not a model");
    Path badZip = dir.resolve("bad.pt");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(badZip))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("bad/data.pkl"));
      zip.write(new byte[] {1, 2, 3});
    }
    try (ai.djl.Model model = ai.djl.Model.newInstance("check")) {
      assertThatThrownBy(
              () -> org.rankkit.trainer.model.Backbones.torchScript(notZip, model.getNDManager()))
          .hasMessageContaining("is not a TorchScript file");
      assertThatThrownBy(
              () -> org.rankkit.trainer.model.Backbones.torchScript(badZip, model.getNDManager()))
          .hasMessageContaining("could not be loaded as TorchScript");
    }
  }
}
