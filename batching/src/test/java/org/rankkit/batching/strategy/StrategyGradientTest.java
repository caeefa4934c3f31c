package org.rankkit.batching.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rankkit.api.RankKit;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.EmbeddingObjective;
import org.rankkit.api.step.SimilarityObjective;
import org.rankkit.api.step.StepResult;

/**
 * The memory-bounded strategy computes the same parameter gradients as the plain one (float64, 1e-8
 * relative), for chunks of 1, 7 and the whole batch.
 */
class StrategyGradientTest {

  static final int BATCH = 24;
  static final double TOLERANCE = 1e-8;

  /** A model under test: its network and the shape of one input. */
  record ModelCase(String name, Supplier<Block> block, Shape itemShape) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An objective under test; {@code create} returns a fresh one (fresh, equally seeded RNG). */
  record ObjectiveCase(String name, Supplier<EmbeddingObjective> create) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<ModelCase> models() {
    return List.of(
        new ModelCase("mlp", TestModels::mlp, new Shape(10)),
        new ModelCase("conv-frozen-batchnorm", TestModels::convBatchNorm, new Shape(1, 6, 6)));
  }

  static List<ObjectiveCase> objectives() {
    List<ObjectiveCase> out = new ArrayList<>();
    out.add(
        new ObjectiveCase(
            "contrastive",
            () -> new SimilarityObjective(TestObjectives.contrastive(), List.of(), 5)));
    out.add(
        new ObjectiveCase(
            "contrastive+simix",
            () ->
                new SimilarityObjective(
                    TestObjectives.contrastive(),
                    List.<SimilarityAugmentation>of(RankKit.augmentation("simix", Map.of())),
                    5)));
    out.add(
        new ObjectiveCase(
            "recall-at-k",
            () -> new SimilarityObjective(RankKit.loss("recall-at-k"), List.of(), 5)));
    out.add(
        new ObjectiveCase(
            "recall-at-k+simix",
            () ->
                new SimilarityObjective(
                    RankKit.loss("recall-at-k"),
                    List.<SimilarityAugmentation>of(RankKit.augmentation("simix", Map.of())),
                    5)));
    return out;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (ModelCase model : models()) {
      for (ObjectiveCase objective : objectives()) {
        out.add(Arguments.of(model, objective));
      }
    }
    return out.stream();
  }

  /** 6 classes of 4 items, in a shuffled order. */
  static long[] labels() {
    List<Long> labels = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      labels.add((long) (i % 6) * 3 + 1);
    }
    Collections.shuffle(labels, new Random(2));
    return labels.stream().mapToLong(Long::longValue).toArray();
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("cases")
  void memoryBoundedGradientsEqualPlainGradients(ModelCase net, ObjectiveCase objective) {
    try (TrainingFixture fixture = new TrainingFixture(net.block().get(), net.itemShape())) {
      NDArray inputs = fixture.inputs(BATCH, 17);
      long[] labels = labels();
      // give BatchNorm non-trivial running statistics (training-mode forwards, no autograd)
      for (int i = 0; i < 3; i++) {
        try (NDManager scope = fixture.manager().newSubManager()) {
          NDArray x = TestModels.inputs(scope, BATCH, net.itemShape(), 100 + i).mul(2).add(0.5);
          fixture.trainer().forward(new NDList(x));
        }
      }

      StepResult plain =
          fixture.step(
              new PlainStrategy(PlainStrategyConfig.DEFAULTS),
              inputs,
              labels,
              objective.create().get());
      Map<String, double[]> expected = fixture.recorder().take();
      assertThat(plain.stepped()).isTrue();
      assertThat(expected).isNotEmpty();
      for (double[] g : expected.values()) {
        assertThat(maxAbs(g)).isPositive();
      }

      for (int chunk : new int[] {1, 7, BATCH}) {
        BatchStrategy strategy = new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(chunk));
        StepResult result = fixture.step(strategy, inputs, labels, objective.create().get());
        assertThat(result.stepped()).isTrue();
        assertThat(result.loss())
            .isCloseTo(plain.loss(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(result.peakMemoryBytes()).isPositive();
        assertThat(result.seconds()).isPositive();
        assertSameGradients(fixture.recorder().take(), expected, "chunk " + chunk);
      }
      // the inputs are still the caller's and still open
      assertThat(inputs.getManager()).isSameAs(fixture.manager());
      assertThat(inputs.isReleased()).isFalse();
    }
  }

  static void assertSameGradients(
      Map<String, double[]> actual, Map<String, double[]> expected, String what) {
    assertThat(actual.keySet()).as(what).containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<String, double[]> e : expected.entrySet()) {
      double[] want = e.getValue();
      double[] got = actual.get(e.getKey());
      assertThat(got).as("%s %s", what, e.getKey()).hasSameSizeAs(want);
      double scale = maxAbs(want);
      for (int i = 0; i < want.length; i++) {
        assertThat(Math.abs(got[i] - want[i]))
            .as("%s: gradient of %s[%d]: %s vs %s", what, e.getKey(), i, got[i], want[i])
            .isLessThanOrEqualTo(TOLERANCE * Math.max(Math.abs(want[i]), scale));
      }
    }
  }

  static double maxAbs(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
