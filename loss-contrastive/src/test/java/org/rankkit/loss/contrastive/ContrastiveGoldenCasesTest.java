package org.rankkit.loss.contrastive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.golden.LossCase;
import org.rankkit.golden.LossCaseEvaluator;
import org.rankkit.testkit.DenseMixGoldenEvaluator;
import org.rankkit.testkit.Float32Reference;
import org.rankkit.testkit.GoldenCaseAssertions;

/** Every contrastive golden case, float64 and float32. */
class ContrastiveGoldenCasesTest {

  static {
    DjlDefaults.applyOffline();
  }

  static final PluginRegistry REGISTRY =
      PluginRegistry.of(
          List.of(new ContrastiveLossPlugin(), new org.rankkit.augmentation.simix.SimixPlugin()));

  /**
   * Cases whose expected values hinge on the float64 rounding of exact duplicates at a margin: in
   * contrastive-ties, identical unit vectors give {@code s = 1}, {@code 1 − 2⁻⁵³} or {@code 1 −
   * 2⁻⁵²} in float64, so some positive terms are tiny but {@code > 0} (counted) and others exactly
   * 0 (not counted); in float32 they all round to {@code s = 1}. In float32 these cases are checked
   * against the SPEC reference at the float32 similarities.
   */
  static final Set<String> FLOAT32_KINK_SENSITIVE = Set.of("contrastive-ties");

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (LossCase c : LossCase.readAll(goldenDir())) {
      out.add(Arguments.of(c.name(), c, DataType.FLOAT64));
      out.add(Arguments.of(c.name(), c, DataType.FLOAT32));
    }
    assertThat(out).hasSize(16);
    return out.stream();
  }

  static Path goldenDir() throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(ContrastiveGoldenCasesTest.class.getResource("/golden/losses"))
            .toURI());
  }

  /** Mix applied as a dense A·S·Aᵀ in the test (independent of the simix plugin). */
  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("cases")
  void matchesGoldenWithDenseMix(String name, LossCase c, DataType dtype) {
    RankingLoss loss =
        REGISTRY.create(PluginKind.LOSS, c.loss(), DenseMixGoldenEvaluator.lossParams(c));
    assertMatches(c, DenseMixGoldenEvaluator.evaluate(c, loss, dtype), dtype);
  }

  /** The engine implementation on every case too (on the CPU the default is the fused kernel). */
  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("cases")
  void engineMatchesGoldenWithDenseMix(String name, LossCase c, DataType dtype) {
    java.util.Map<String, Object> params = DenseMixGoldenEvaluator.lossParams(c);
    params.put("implementation", "engine");
    RankingLoss loss = REGISTRY.create(PluginKind.LOSS, c.loss(), params);
    assertMatches(c, DenseMixGoldenEvaluator.evaluate(c, loss, dtype), dtype);
  }

  /**
   * Through the api's evaluator and the simix plugin (mix cases included), with the testkit's
   * assertions; float32 kink-sensitive cases against the reference at float32 similarities.
   */
  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("cases")
  void matchesGoldenThroughEvaluatorAndSimix(String name, LossCase c, DataType dtype) {
    if (dtype == DataType.FLOAT32 && FLOAT32_KINK_SENSITIVE.contains(c.name())) {
      assertMatches(c, LossCaseEvaluator.run(c, REGISTRY, dtype, Device.cpu()), dtype);
    } else {
      GoldenCaseAssertions.assertMatches(c, REGISTRY, dtype);
    }
  }

  static void assertMatches(LossCase c, LossAndGradient got, DataType dtype) {
    LossAndGradient want =
        dtype == DataType.FLOAT32 && FLOAT32_KINK_SENSITIVE.contains(c.name())
            ? referenceAtFloat32(c)
            : new LossAndGradient(c.expected().loss(), c.expected().grad());
    GoldenCaseAssertions.assertMatches(c.name() + " " + dtype, want, got, dtype);
  }

  /** Loss and dL/dE from the reference at the similarities the engine computes in float32. */
  static LossAndGradient referenceAtFloat32(LossCase c) {
    double pm = ((Number) c.params().getOrDefault("posMargin", 1.0)).doubleValue();
    double nm = ((Number) c.params().getOrDefault("negMargin", 0.5)).doubleValue();
    return Float32Reference.evaluate(c, (s, y, q) -> ContrastiveReference.loss(s, y, q, pm, nm));
  }
}
