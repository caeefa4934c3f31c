package org.rankkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.golden.LossCase;
import org.rankkit.golden.LossCaseEvaluator;

class GoldenCaseAssertionsTest {

  /** Configuration of the reference loss as a plugin. */
  public record SoftmaxConfig(double tau) {}

  static final class ReferencePlugin extends PluginModule {
    ReferencePlugin() {
      super("testkit-reference");
    }

    @Override
    protected void configure() {
      PluginBindings.loss(
          binder(),
          "softmax-positives",
          "reference loss of the test kit's tests",
          new SoftmaxConfig(0.1),
          c -> new SoftmaxPositivesLoss(c.tau()));
    }
  }

  private static PluginRegistry registry;
  private static LossCase exact;

  @BeforeAll
  static void setUp() {
    DjlDefaults.applyOffline();
    registry = PluginRegistry.of(List.of(new ReferencePlugin()));
    double[][] e = ArrayBatches.unitEmbeddings(7, 4, new Random(3));
    long[] labels = {0, 1, 0, 1, 1, 2, 0};
    LossCase input =
        new LossCase("exact", "softmax-positives", Map.of("tau", 0.2), e, labels, null, null);
    LossAndGradient r = LossCaseEvaluator.run(input, registry, DataType.FLOAT64, Device.cpu());
    exact = withExpected(input, "exact", r.loss(), r.gradient());
  }

  private static LossCase withExpected(LossCase c, String name, double loss, double[][] grad) {
    return new LossCase(
        name,
        c.loss(),
        c.params(),
        c.embeddings(),
        c.labels(),
        c.mix(),
        new LossCase.Expected(loss, grad));
  }

  @Test
  void exactValuesPassInBothDataTypes() {
    assertThatCode(() -> GoldenCaseAssertions.assertMatches(exact, registry, DataType.FLOAT64))
        .doesNotThrowAnyException();
    assertThatCode(() -> GoldenCaseAssertions.assertMatches(exact, registry, DataType.FLOAT32))
        .doesNotThrowAnyException();
  }

  @Test
  void float64ToleranceIsOneEMinusSevenAbsolute() {
    double loss = exact.expected().loss();
    LossCase inside = withExpected(exact, "inside", loss + 0.9e-7, exact.expected().grad());
    LossCase outside = withExpected(exact, "outside", loss + 1.2e-7, exact.expected().grad());
    assertThatCode(() -> GoldenCaseAssertions.assertMatches(inside, registry, DataType.FLOAT64))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> GoldenCaseAssertions.assertMatches(outside, registry, DataType.FLOAT64))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("case 'outside'")
        .hasMessageContaining("loss");
    // the same difference is well inside the float32 tolerance
    assertThatCode(() -> GoldenCaseAssertions.assertMatches(outside, registry, DataType.FLOAT32))
        .doesNotThrowAnyException();
  }

  @Test
  void everyGradientEntryIsChecked() {
    double[][] grad = exact.expected().grad();
    grad[5][3] += 1.5e-7;
    LossCase off = withExpected(exact, "off", exact.expected().loss(), grad);
    assertThatThrownBy(() -> GoldenCaseAssertions.assertMatches(off, registry, DataType.FLOAT64))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("1 gradient entries")
        .hasMessageContaining("grad[5][3]");
  }

  @Test
  void float32ToleranceHasAnAbsoluteAndARelativePart() {
    assertThat(GoldenCaseAssertions.tolerance(DataType.FLOAT32, 0)).isEqualTo(1e-4);
    assertThat(GoldenCaseAssertions.tolerance(DataType.FLOAT32, -2)).isEqualTo(1e-4 + 2e-3);
    assertThat(GoldenCaseAssertions.tolerance(DataType.FLOAT64, 5)).isEqualTo(1e-7);
    double loss = exact.expected().loss();
    double tol = 1e-4 + 1e-3 * Math.abs(loss);
    LossCase outside = withExpected(exact, "f32-out", loss + 1.05 * tol, exact.expected().grad());
    assertThatThrownBy(
            () -> GoldenCaseAssertions.assertMatches(outside, registry, DataType.FLOAT32))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("float32");
  }

  private static void writeCase(Path file, LossCase c) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", c.name());
    json.put("loss", c.loss());
    json.put("params", c.params());
    json.put("embeddings", c.embeddings());
    json.put("labels", c.labels());
    json.put("expected", Map.of("loss", c.expected().loss(), "grad", c.expected().grad()));
    new ObjectMapper().writeValue(file.toFile(), json);
  }

  @Test
  void dynamicTestsRunOnePerFileAndDataTypeAndFailForWrongCases(@TempDir Path dir)
      throws Throwable {
    writeCase(dir.resolve("a-good.json"), exact);
    writeCase(
        dir.resolve("b-bad.json"),
        withExpected(exact, "bad", exact.expected().loss() + 1.0, exact.expected().grad()));
    List<DynamicTest> tests = GoldenCaseTests.forDirectory(dir, registry).toList();
    assertThat(tests)
        .extracting(DynamicTest::getDisplayName)
        .containsExactly(
            "a-good.json [float64]", "a-good.json [float32]",
            "b-bad.json [float64]", "b-bad.json [float32]");
    List<String> failed = new ArrayList<>();
    for (DynamicTest t : tests) {
      try {
        t.getExecutable().execute();
      } catch (AssertionFailedError e) {
        failed.add(t.getDisplayName());
      }
    }
    assertThat(failed).containsExactly("b-bad.json [float64]", "b-bad.json [float32]");
  }

  @Test
  void anEmptyDirectoryIsAnError(@TempDir Path dir) {
    assertThatThrownBy(() -> GoldenCaseTests.forDirectory(dir, registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no golden case");
  }

  @Test
  void resourceDirectoriesResolve() throws IOException {
    Path dir = GoldenCaseTests.resourceDirectory("org/rankkit/testkit");
    assertThat(Files.isDirectory(dir)).isTrue();
    assertThatThrownBy(() -> GoldenCaseTests.resourceDirectory("no/such/dir"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
