package org.rankkit.batching.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.rankkit.api.loss.EngineArrays;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.EmbeddingObjective;
import org.rankkit.api.step.SimilarityObjective;
import org.rankkit.api.step.StepResult;

class StrategyBehaviourTest {

  private static final Shape CONV_ITEM = new Shape(1, 6, 6);
  private static final Shape MLP_ITEM = new Shape(10);

  private static EmbeddingObjective contrastive() {
    return new SimilarityObjective(TestObjectives.contrastive(), List.of(), 1);
  }

  @Test
  void aStepWithoutAnyGradientSkipsTheOptimiser() {
    GradientRecorder recorder = new GradientRecorder();
    // an engine-made zero: NDArray.mul(Number) lets backward read a freed Java buffer
    EmbeddingObjective flat = (e, labels) -> EngineArrays.zeroLink(e);
    try (Model model = TestModels.model(TestModels.mlp());
        Trainer trainer = TestModels.trainer(model, recorder, MLP_ITEM);
        NDManager manager = trainer.getManager().newSubManager()) {
      NDArray inputs = TestModels.inputs(manager, 8, MLP_ITEM, 1);
      long[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
      for (BatchStrategy strategy :
          List.of(
              new PlainStrategy(PlainStrategyConfig.DEFAULTS),
              new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(3)))) {
        StepResult result = TestModels.step(strategy, trainer, inputs, labels, flat);
        assertThat(result.stepped()).as(strategy.toString()).isFalse();
        assertThat(result.loss()).isZero();
      }
      assertThat(recorder.updates()).isZero();
      // and a step with gradients does update
      StepResult result =
          TestModels.step(
              new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(3)),
              trainer,
              inputs,
              new long[] {0, 0, 1, 1, 2, 2, 3, 3},
              contrastive());
      assertThat(result.stepped()).isTrue();
      assertThat(recorder.updates()).isPositive();
    } finally {
      recorder.take();
    }
  }

  @Test
  void dropoutIsRefusedWhereTheMasksWouldDifferOrBeSilentlyOff() {
    try (Model model = TestModels.model(TestModels.mlpWithDropout());
        Trainer trainer = TestModels.trainer(model, new GradientRecorder(), MLP_ITEM);
        NDManager manager = trainer.getManager().newSubManager()) {
      NDArray inputs = TestModels.inputs(manager, 4, MLP_ITEM, 1);
      long[] labels = {0, 0, 1, 1};
      assertThatThrownBy(
              () ->
                  TestModels.step(
                      new MemoryBoundedStrategy(MemoryBoundedConfig.DEFAULTS),
                      trainer,
                      inputs,
                      labels,
                      contrastive()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Dropout")
          .hasMessageContaining("02Dropout")
          .hasMessageContaining("masks would differ");
      assertThatThrownBy(
              () ->
                  TestModels.step(
                      new MemoryBoundedStrategy(new MemoryBoundedConfig(2, 0, false)),
                      trainer,
                      inputs,
                      labels,
                      contrastive()))
          .hasMessageContaining("Dropout");
      assertThatThrownBy(
              () ->
                  TestModels.step(
                      new PlainStrategy(PlainStrategyConfig.DEFAULTS),
                      trainer,
                      inputs,
                      labels,
                      contrastive()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("frozenBatchNorm=false");
      StepResult result =
          TestModels.step(
              new PlainStrategy(new PlainStrategyConfig(false)),
              trainer,
              inputs,
              labels,
              contrastive());
      assertThat(result.stepped()).isTrue();
    }
  }

  @Test
  void withLiveBatchNormAWholeBatchChunkEqualsPlainAndRunningStatisticsUpdateOnce() {
    GradientRecorder recorder = new GradientRecorder();
    try (Model model = TestModels.model(TestModels.convBatchNorm());
        Trainer trainer = TestModels.trainer(model, recorder, CONV_ITEM);
        NDManager manager = trainer.getManager().newSubManager()) {
      NDArray inputs = TestModels.inputs(manager, 12, CONV_ITEM, 3).mul(3).add(1);
      long[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
      Map<String, double[]> initial = runningStatistics(trainer);

      TestModels.step(
          new PlainStrategy(new PlainStrategyConfig(false)),
          trainer,
          inputs,
          labels,
          contrastive());
      Map<String, double[]> plainGradients = recorder.take();
      Map<String, double[]> afterPlain = runningStatistics(trainer);
      assertThat(afterPlain.get(firstKey(afterPlain))).isNotEqualTo(initial.get(firstKey(initial)));

      setRunningStatistics(trainer, initial);
      TestModels.step(
          new MemoryBoundedStrategy(new MemoryBoundedConfig(12, 0, false)),
          trainer,
          inputs,
          labels,
          contrastive());
      StrategyGradientTest.assertSameGradients(recorder.take(), plainGradients, "chunk = B");
      assertClose(runningStatistics(trainer), afterPlain);

      // chunks of 5: statistics updated once per chunk, as one training-mode pass would
      setRunningStatistics(trainer, initial);
      for (int start = 0; start < 12; start += 5) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray chunk = inputs.get(new NDIndex("{}:{}", start, Math.min(12, start + 5)));
          chunk.attach(scope);
          trainer.forward(new NDList(chunk));
        }
      }
      Map<String, double[]> onePass = runningStatistics(trainer);
      setRunningStatistics(trainer, initial);
      TestModels.step(
          new MemoryBoundedStrategy(new MemoryBoundedConfig(5, 0, false)),
          trainer,
          inputs,
          labels,
          contrastive());
      recorder.take();
      assertClose(runningStatistics(trainer), onePass);
    }
  }

  @Test
  void aMemoryBudgetChoosesTheChunkAndGivesPlainGradients() {
    GradientRecorder recorder = new GradientRecorder();
    try (Model model = TestModels.model(TestModels.convBatchNorm());
        Trainer trainer = TestModels.trainer(model, recorder, CONV_ITEM);
        NDManager manager = trainer.getManager().newSubManager()) {
      NDArray inputs = TestModels.inputs(manager, 12, CONV_ITEM, 4);
      long[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
      int tiny =
          new MemoryBoundedStrategy(new MemoryBoundedConfig(64, 1, true))
              .chunkSize(manager, inputs, x -> trainer.evaluate(new NDList(x)).singletonOrThrow());
      int huge =
          new MemoryBoundedStrategy(new MemoryBoundedConfig(64, 1L << 40, true))
              .chunkSize(manager, inputs, x -> trainer.evaluate(new NDList(x)).singletonOrThrow());
      // one item of this net: 4 x 6 x 6 float64 values per conv/bn/relu output, and more
      int some =
          new MemoryBoundedStrategy(new MemoryBoundedConfig(64, 5 * 3 * 1152, true))
              .chunkSize(manager, inputs, x -> trainer.evaluate(new NDList(x)).singletonOrThrow());
      assertThat(tiny).isEqualTo(1);
      assertThat(huge).isGreaterThan(1_000_000);
      assertThat(some).isBetween(2, 5);
      assertThat(
              new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(9))
                  .chunkSize(
                      manager, inputs, x -> trainer.evaluate(new NDList(x)).singletonOrThrow()))
          .isEqualTo(9);

      TestModels.step(
          new PlainStrategy(PlainStrategyConfig.DEFAULTS), trainer, inputs, labels, contrastive());
      Map<String, double[]> expected = recorder.take();
      TestModels.step(
          new MemoryBoundedStrategy(new MemoryBoundedConfig(64, 5 * 3 * 1152, true)),
          trainer,
          inputs,
          labels,
          contrastive());
      StrategyGradientTest.assertSameGradients(recorder.take(), expected, "budget");
    }
  }

  @Test
  void stepsLeaveNoArraysBehind() {
    try (Model model = TestModels.model(TestModels.convBatchNorm());
        Trainer trainer = TestModels.trainer(model, new GradientRecorder(), CONV_ITEM);
        NDManager manager = trainer.getManager().newSubManager()) {
      NDArray inputs = TestModels.inputs(manager, 12, CONV_ITEM, 5);
      long[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
      List<BatchStrategy> strategies =
          List.of(
              new PlainStrategy(PlainStrategyConfig.DEFAULTS),
              new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(5)),
              new MemoryBoundedStrategy(new MemoryBoundedConfig(5, 0, false)));
      for (BatchStrategy strategy : strategies) {
        TestModels.step(strategy, trainer, inputs, labels, contrastive());
      }
      int modelArrays = model.getNDManager().getManagedArrays().size();
      int trainerArrays = trainer.getManager().getManagedArrays().size();
      for (int i = 0; i < 2; i++) {
        for (BatchStrategy strategy : strategies) {
          TestModels.step(strategy, trainer, inputs, labels, contrastive());
        }
      }
      assertThat(model.getNDManager().getManagedArrays()).hasSize(modelArrays);
      assertThat(trainer.getManager().getManagedArrays()).hasSize(trainerArrays);
      assertThat(manager.getManagedArrays()).containsExactly(inputs);
    }
  }

  @Test
  void onAThreadWithGradModeOnTheGradientsAreTheSameAndTheModeIsKept() throws Exception {
    GradientRecorder recorder = new GradientRecorder();
    try (Model model = TestModels.model(TestModels.mlp());
        Trainer trainer = TestModels.trainer(model, recorder, MLP_ITEM);
        NDManager manager = trainer.getManager().newSubManager()) {
      NDArray inputs = TestModels.inputs(manager, 10, MLP_ITEM, 6);
      long[] labels = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
      TestModels.step(
          new PlainStrategy(PlainStrategyConfig.DEFAULTS), trainer, inputs, labels, contrastive());
      Map<String, double[]> expected = recorder.take();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      boolean[] modes = new boolean[2];
      Thread worker =
          new Thread(
              () -> {
                try {
                  JniUtils.setGradMode(true);
                  modes[0] = JniUtils.isGradMode();
                  TestModels.step(
                      new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(3)),
                      trainer,
                      inputs,
                      labels,
                      contrastive());
                  modes[1] = JniUtils.isGradMode();
                } catch (Throwable t) {
                  failure.set(t);
                }
              });
      worker.start();
      worker.join();
      assertThat(failure.get()).isNull();
      assertThat(modes).containsExactly(true, true);
      StrategyGradientTest.assertSameGradients(recorder.take(), expected, "worker thread");
    }
  }

  @Test
  void rejectsInputsThatDoNotMatchTheLabels() {
    try (Model model = TestModels.model(TestModels.mlp());
        Trainer trainer = TestModels.trainer(model, new GradientRecorder(), MLP_ITEM);
        NDManager manager = trainer.getManager().newSubManager()) {
      NDArray inputs = TestModels.inputs(manager, 4, MLP_ITEM, 1);
      assertThatThrownBy(
              () ->
                  TestModels.step(
                      new MemoryBoundedStrategy(MemoryBoundedConfig.DEFAULTS),
                      trainer,
                      inputs,
                      new long[] {0, 0, 1},
                      contrastive()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batch size 3");
    }
  }

  @Test
  void thePluginContributesBothStrategiesWithValidatedParameters() {
    PluginRegistry registry = PluginRegistry.discover();
    assertThat(registry.ids(PluginKind.BATCH_STRATEGY)).contains("plain", "memory-bounded");
    BatchStrategy strategy =
        registry.create(PluginKind.BATCH_STRATEGY, "memory-bounded", Map.of("chunk", "8"));
    assertThat(strategy).isInstanceOf(MemoryBoundedStrategy.class);
    assertThat(((MemoryBoundedStrategy) strategy).config())
        .isEqualTo(new MemoryBoundedConfig(8, 0, true));
    assertThat(registry.factory(PluginKind.BATCH_STRATEGY, "memory-bounded").defaults())
        .containsEntry("chunk", 64)
        .containsEntry("memoryBudgetBytes", 0L)
        .containsEntry("frozenBatchNorm", true);
    assertThat(
            ((PlainStrategy)
                    registry.create(
                        PluginKind.BATCH_STRATEGY, "plain", Map.of("frozenBatchNorm", false)))
                .config())
        .isEqualTo(new PlainStrategyConfig(false));
    assertThatThrownBy(
            () -> registry.create(PluginKind.BATCH_STRATEGY, "memory-bounded", Map.of("chunk", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk must be >= 1");
    assertThatThrownBy(
            () ->
                registry.create(
                    PluginKind.BATCH_STRATEGY, "memory-bounded", Map.of("memoryBudget", 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memoryBudgetBytes");
  }

  private static String firstKey(Map<String, double[]> map) {
    return map.keySet().iterator().next();
  }

  private static Map<String, double[]> runningStatistics(Trainer trainer) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Parameter p : trainer.getModel().getBlock().getParameters().values()) {
      if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
        out.put(p.getId(), p.getArray().toDoubleArray());
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  private static void setRunningStatistics(Trainer trainer, Map<String, double[]> values) {
    for (Parameter p : trainer.getModel().getBlock().getParameters().values()) {
      double[] v = values.get(p.getId());
      if (v != null) {
        try (NDArray source = p.getArray().getManager().create(v)) {
          p.getArray().set(new NDIndex("..."), source);
        }
      }
    }
  }

  private static void assertClose(Map<String, double[]> actual, Map<String, double[]> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    List<String> problems = new ArrayList<>();
    for (String key : expected.keySet()) {
      double[] a = actual.get(key);
      double[] e = expected.get(key);
      for (int i = 0; i < e.length; i++) {
        if (Math.abs(a[i] - e[i]) > 1e-12 * Math.max(1, Math.abs(e[i]))) {
          problems.add(key + "[" + i + "]: " + a[i] + " vs " + e[i]);
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
