package org.rankkit.loss.recall;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.golden.LossCase;
import org.rankkit.testkit.GoldenCaseAssertions;

/**
 * Every golden recall-at-k case (copied from shared/golden/losses) in float64 (1e-7 absolute) and
 * float32 (1e-4 + 1e-3·|expected|), with both implementations.
 */
class RecallGoldenTest {

  static Path goldenDir() throws URISyntaxException {
    return Path.of(RecallGoldenTest.class.getResource("/golden/losses").toURI());
  }

  /**
   * The plugins on the test class path: this module's loss and the augmentation-simix module's
   * simix.
   */
  static PluginRegistry discovered() {
    return PluginRegistry.discover(RecallGoldenTest.class.getClassLoader());
  }

  /** This module's loss with the test's dense {@code A·S·Aᵀ} reference simix. */
  static PluginRegistry withReferenceSimix() {
    return PluginRegistry.of(List.of(new RecallLossPlugin(), new ReferenceSimixPlugin()));
  }

  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    List<Arguments> out = new ArrayList<>();
    for (LossCase c : LossCase.readAll(goldenDir())) {
      for (String implementation : List.of("fused-cpu", "engine")) {
        for (DataType dtype : List.of(DataType.FLOAT64, DataType.FLOAT32)) {
          out.add(Arguments.of(c.name(), implementation, dtype, c));
        }
      }
    }
    return out.stream();
  }

  static Stream<Arguments> mixCases() throws IOException, URISyntaxException {
    return cases().filter(a -> ((LossCase) a.get()[3]).hasMix());
  }

  @Test
  void everyRecallCaseIsPresent() throws Exception {
    assertThat(LossCase.readAll(goldenDir())).hasSize(12).filteredOn(LossCase::hasMix).hasSize(3);
    assertThat(LossCase.readAll(goldenDir()))
        .allSatisfy(c -> assertThat(c.loss()).isEqualTo("recall-at-k"));
  }

  @Test
  void discoveryFindsTheLossAndSimix() {
    PluginRegistry registry = discovered();
    assertThat(registry.ids(PluginKind.LOSS)).contains("recall-at-k");
    assertThat(registry.ids(PluginKind.AUGMENTATION)).contains("simix");
  }

  /** With the augmentation-simix module's simix, through the test kit's assertions. */
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void matchesGoldenCase(String name, String implementation, DataType dtype, LossCase c) {
    GoldenCaseAssertions.assertMatches(withImplementation(c, implementation), discovered(), dtype);
  }

  /**
   * The mix cases again with a dense reference simix, independent of the augmentation-simix module.
   */
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("mixCases")
  void mixCasesMatchWithTheDenseReferenceSimix(
      String name, String implementation, DataType dtype, LossCase c) {
    assertThat(c.hasMix()).isTrue();
    GoldenCaseAssertions.assertMatches(
        withImplementation(c, implementation), withReferenceSimix(), dtype);
  }

  private static LossCase withImplementation(LossCase c, String implementation) {
    Map<String, Object> params = new LinkedHashMap<>(c.params());
    params.put("implementation", implementation);
    return new LossCase(
        c.name(), c.loss(), params, c.embeddings(), c.labels(), c.mix(), c.expected());
  }
}
