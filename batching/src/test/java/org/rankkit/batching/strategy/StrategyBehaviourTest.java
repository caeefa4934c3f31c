package org.rankkit.batching.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    // an engine-made zero: NDArray.mul(Number) lets backward read a freed Java buffer
    EmbeddingObjective flat = (e, labels) -> EngineArrays.zeroLink(e);
    try (TrainingFixture fixture = new TrainingFixture(TestModels.mlp(), MLP_ITEM)) {
      NDArray inputs = fixture.inputs(8, 1);
      long[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
      for (BatchStrategy strategy :
          List.of(
              new PlainStrategy(PlainStrategyConfig.DEFAULTS),
              new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(3)))) {
        StepResult result = fixture.step(strategy, inputs, labels, flat);
        assertThat(result.stepped()).as(strategy.toString()).isFalse();
        assertThat(result.loss()).isZero();
      }
      assertThat(fixture.recorder().updates()).isZero();
      // and a step with gradients does update
      StepResult result =
          fixture.step(
              new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(3)),
              inputs,
              new long[] {0, 0, 1, 1, 2, 2, 3, 3},
              contrastive());
      assertThat(result.stepped()).isTrue();
      assertThat(fixture.recorder().updates()).isPositive();
    }
  }

  @Test
  void dropoutIsRefusedWhereTheMasksWouldDifferOrBeSilentlyOff() {
    try (TrainingFixture fixture = new TrainingFixture(TestModels.mlpWithDropout(), MLP_ITEM)) {
      NDArray inputs = fixture.inputs(4, 1);
      long[] labels = {0, 0, 1, 1};
      assertThatThrownBy(
              () ->
                  fixture.step(
                      new MemoryBoundedStrategy(MemoryBoundedConfig.DEFAULTS),
                      inputs,
                      labels,
                      contrastive()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Dropout")
          .hasMessageContaining("02Dropout")
          .hasMessageContaining("masks would differ");
      assertThatThrownBy(
              () ->
                  fixture.step(
                      new MemoryBoundedStrategy(new MemoryBoundedConfig(2, 0, false)),
                      inputs,
                      labels,
                      contrastive()))
          .hasMessageContaining("Dropout");
      assertThatThrownBy(
              () ->
                  fixture.step(
                      new PlainStrategy(PlainStrategyConfig.DEFAULTS),
                      inputs,
                      labels,
                      contrastive()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("frozenBatchNorm=false");
      StepResult result =
          fixture.step(
              new PlainStrategy(new PlainStrategyConfig(false)), inputs, labels, contrastive());
      assertThat(result.stepped()).isTrue();
    }
  }

  @Test
  void withLiveBatchNormAWholeBatchChunkEqualsPlainAndRunningStatisticsUpdateOnce() {
    try (TrainingFixture fixture = new TrainingFixture(TestModels.convBatchNorm(), CONV_ITEM)) {
      Trainer trainer = fixture.trainer();
      NDArray inputs = fixture.inputs(12, 3).mul(3).add(1);
      long[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
      Map<String, double[]> initial = runningStatistics(trainer);

      fixture.step(
          new PlainStrategy(new PlainStrategyConfig(false)), inputs, labels, contrastive());
      Map<String, double[]> plainGradients = fixture.recorder().take();
      Map<String, double[]> afterPlain = runningStatistics(trainer);
      assertThat(afterPlain.get(firstKey(afterPlain))).isNotEqualTo(initial.get(firstKey(initial)));

      setRunningStatistics(trainer, initial);
      fixture.step(
          new MemoryBoundedStrategy(new MemoryBoundedConfig(12, 0, false)),
          inputs,
          labels,
          contrastive());
      StrategyGradientTest.assertSameGradients(
          fixture.recorder().take(), plainGradients, "chunk = B");
      assertClose(runningStatistics(trainer), afterPlain);

      // chunks of 5: statistics updated once per chunk, as one training-mode pass would
      setRunningStatistics(trainer, initial);
      for (int start = 0; start < 12; start += 5) {
        try (NDManager scope = fixture.manager().newSubManager()) {
          NDArray chunk = inputs.get(new NDIndex("{}:{}", start, Math.min(12, start + 5)));
          chunk.attach(scope);
          trainer.forward(new NDList(chunk));
        }
      }
      Map<String, double[]> onePass = runningStatistics(trainer);
      setRunningStatistics(trainer, initial);
      fixture.step(
          new MemoryBoundedStrategy(new MemoryBoundedConfig(5, 0, false)),
          inputs,
          labels,
          contrastive());
      fixture.recorder().take();
      assertClose(runningStatistics(trainer), onePass);
    }
  }

  @Test
  void aMemoryBudgetChoosesTheChunkAndGivesPlainGradients() {
    try (TrainingFixture fixture = new TrainingFixture(TestModels.convBatchNorm(), CONV_ITEM)) {
      NDArray inputs = fixture.inputs(12, 4);
      long[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
      int tiny = chunkSize(fixture, new MemoryBoundedConfig(64, 1, true), inputs);
      int huge = chunkSize(fixture, new MemoryBoundedConfig(64, 1L << 40, true), inputs);
      // one item of this net: 4 x 6 x 6 float64 values per conv/bn/relu output, and more
      int some = chunkSize(fixture, new MemoryBoundedConfig(64, 5 * 3 * 1152, true), inputs);
      assertThat(tiny).isEqualTo(1);
      assertThat(huge).isGreaterThan(1_000_000);
      assertThat(some).isBetween(2, 5);
      assertThat(chunkSize(fixture, MemoryBoundedConfig.ofChunk(9), inputs)).isEqualTo(9);

      fixture.step(new PlainStrategy(PlainStrategyConfig.DEFAULTS), inputs, labels, contrastive());
      Map<String, double[]> expected = fixture.recorder().take();
      fixture.step(
          new MemoryBoundedStrategy(new MemoryBoundedConfig(64, 5 * 3 * 1152, true)),
          inputs,
          labels,
          contrastive());
      StrategyGradientTest.assertSameGradients(fixture.recorder().take(), expected, "budget");
    }
  }

  @Test
  void stepsLeaveNoArraysBehind() {
    try (TrainingFixture fixture = new TrainingFixture(TestModels.convBatchNorm(), CONV_ITEM)) {
      NDArray inputs = fixture.inputs(12, 5);
      long[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
      List<BatchStrategy> strategies =
          List.of(
              new PlainStrategy(PlainStrategyConfig.DEFAULTS),
              new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(5)),
              new MemoryBoundedStrategy(new MemoryBoundedConfig(5, 0, false)));
      for (BatchStrategy strategy : strategies) {
        fixture.step(strategy, inputs, labels, contrastive());
      }
      int modelArrays = fixture.model().getNDManager().getManagedArrays().size();
      int trainerArrays = fixture.trainer().getManager().getManagedArrays().size();
      for (int i = 0; i < 2; i++) {
        for (BatchStrategy strategy : strategies) {
          fixture.step(strategy, inputs, labels, contrastive());
        }
      }
      assertThat(fixture.model().getNDManager().getManagedArrays()).hasSize(modelArrays);
      assertThat(fixture.trainer().getManager().getManagedArrays()).hasSize(trainerArrays);
      assertThat(fixture.manager().getManagedArrays()).containsExactly(inputs);
    }
  }

  @Test
  void onAThreadWithGradModeOnTheGradientsAreTheSameAndTheModeIsKept() throws Exception {
    try (TrainingFixture fixture = new TrainingFixture(TestModels.mlp(), MLP_ITEM)) {
      NDArray inputs = fixture.inputs(10, 6);
      long[] labels = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
      fixture.step(new PlainStrategy(PlainStrategyConfig.DEFAULTS), inputs, labels, contrastive());
      Map<String, double[]> expected = fixture.recorder().take();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      boolean[] modes = new boolean[2];
      Thread worker =
          new Thread(
              () -> {
                try {
                  JniUtils.setGradMode(true);
                  modes[0] = JniUtils.isGradMode();
                  fixture.step(
                      new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(3)),
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
      StrategyGradientTest.assertSameGradients(
          fixture.recorder().take(), expected, "worker thread");
    }
  }

  @Test
  void rejectsInputsThatDoNotMatchTheLabels() {
    try (TrainingFixture fixture = new TrainingFixture(TestModels.mlp(), MLP_ITEM)) {
      NDArray inputs = fixture.inputs(4, 1);
      assertThatThrownBy(
              () ->
                  fixture.step(
                      new MemoryBoundedStrategy(MemoryBoundedConfig.DEFAULTS),
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

  /** The chunk a memory-bounded strategy of a configuration chooses for the fixture's model. */
  private static int chunkSize(
      TrainingFixture fixture, MemoryBoundedConfig config, NDArray inputs) {
    return new MemoryBoundedStrategy(config)
        .chunkSize(
            fixture.manager(),
            inputs,
            x -> fixture.trainer().evaluate(new NDList(x)).singletonOrThrow());
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
