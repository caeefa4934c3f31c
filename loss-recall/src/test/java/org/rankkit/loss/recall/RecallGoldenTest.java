package org.rankkit.loss.recall;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
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
import org.rankkit.api.check.LossCase;
import org.rankkit.api.check.LossCaseEvaluator;
import org.rankkit.api.check.LossEvaluation;
import org.rankkit.api.plugin.PluginRegistry;

/**
 * Every golden recall-at-k case (copied from shared/golden/losses) in float64 (1e-7 absolute) and
 * float32 (1e-4 + 1e-3·|expected|), with both implementations.
 */
class RecallGoldenTest {

  static Path goldenDir() throws URISyntaxException {
    return Path.of(RecallGoldenTest.class.getResource("/golden/losses").toURI());
  }

  static PluginRegistry registry() {
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

  @Test
  void everyRecallCaseIsPresent() throws Exception {
    assertThat(LossCase.readAll(goldenDir()))
        .hasSize(12)
        .allSatisfy(c -> assertThat(c.loss()).isEqualTo("recall-at-k"));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void matchesGoldenCase(String name, String implementation, DataType dtype, LossCase c) {
    Map<String, Object> params = new LinkedHashMap<>(c.params());
    params.put("implementation", implementation);
    LossCase withImplementation =
        new LossCase(
            c.name(), c.loss(), params, c.embeddings(), c.labels(), c.mix(), c.expected());
    LossEvaluation result =
        LossCaseEvaluator.evaluate(withImplementation, registry(), dtype, Device.cpu());
    double expectedLoss = c.expected().loss();
    double[][] expectedGrad = c.expected().grad();
    boolean exact = dtype == DataType.FLOAT64;
    assertThat(result.loss())
        .as("loss of %s", name)
        .isCloseTo(expectedLoss, org.assertj.core.data.Offset.offset(tolerance(exact, expectedLoss)));
    double[][] grad = result.gradient();
    for (int i = 0; i < expectedGrad.length; i++) {
      for (int k = 0; k < expectedGrad[i].length; k++) {
        double e = expectedGrad[i][k];
        assertThat(grad[i][k])
            .as("%s grad[%d][%d]", name, i, k)
            .isCloseTo(e, org.assertj.core.data.Offset.offset(tolerance(exact, e)));
      }
    }
  }

  private static double tolerance(boolean float64, double expected) {
    return float64 ? 1e-7 : 1e-4 + 1e-3 * Math.abs(expected);
  }
}
