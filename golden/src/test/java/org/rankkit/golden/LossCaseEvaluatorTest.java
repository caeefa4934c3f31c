package org.rankkit.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;
import org.rankkit.api.plugin.PluginRegistry;

class LossCaseEvaluatorTest {

  /** Mean similarity of ordered positive pairs (q query, z != q, same label), times scale. */
  public record PairConfig(double scale) {}

  /** A dense (test-only) SiMix: S' = A S A^T. */
  public record MixConfig(boolean virtualQueries, List<List<Double>> triples) {
    public MixConfig {
      triples = List.copyOf(triples);
    }
  }

  static final class PairLoss implements RankingLoss {
    private final double scale;

    PairLoss(PairConfig c) {
      this.scale = c.scale();
    }

    @Override
    public NDArray compute(SimilarityBatch batch) {
      int n = batch.size();
      double[] mask = new double[n * n];
      int count = 0;
      for (int q = 0; q < n; q++) {
        for (int z = 0; z < n; z++) {
          if (q != z && batch.isQuery(q) && batch.label(q) == batch.label(z)) {
            mask[q * n + z] = 1;
            count++;
          }
        }
      }
      NDArray s = batch.similarities();
      NDArray m = s.getManager().create(mask, new Shape(n, n)).toType(s.getDataType(), false);
      NDArray l = s.mul(m).sum();
      // an engine-owned factor (mul(Number) would leave backward reading a freed Java buffer)
      NDArray factor =
          s.getManager()
              .create(count == 0 ? 1.0 : scale / count)
              .toType(s.getDataType(), false)
              .duplicate();
      return l.mul(factor);
    }
  }

  static final class DenseMix implements SimilarityAugmentation {
    private final MixConfig c;

    DenseMix(MixConfig c) {
      this.c = c;
    }

    @Override
    public SimilarityBatch apply(SimilarityBatch batch, java.util.random.RandomGenerator random) {
      int b = batch.size();
      int t = c.triples().size();
      double[] a = new double[(b + t) * b];
      long[] labels = Arrays.copyOf(batch.labels(), b + t);
      boolean[] queries = new boolean[b + t];
      for (int i = 0; i < b; i++) {
        a[i * b + i] = 1;
        queries[i] = true;
      }
      for (int k = 0; k < t; k++) {
        List<Double> tr = c.triples().get(k);
        int i = tr.get(0).intValue();
        int j = tr.get(1).intValue();
        a[(b + k) * b + i] += tr.get(2);
        a[(b + k) * b + j] += 1 - tr.get(2);
        labels[b + k] = labels[i];
        queries[b + k] = c.virtualQueries();
      }
      NDArray s = batch.similarities();
      NDArray am = s.getManager().create(a, new Shape(b + t, b)).toType(s.getDataType(), false);
      NDArray extended = am.matMul(s).matMul(am.transpose());
      return new SimilarityBatch(extended, labels, queries, b, batch.embeddings());
    }
  }

  static final class TestPlugin extends PluginModule {
    TestPlugin() {
      super("test-plugin");
    }

    @Override
    protected void configure() {
      PluginBindings.loss(binder(), "pair-mean", "test", new PairConfig(1.0), PairLoss::new);
      PluginBindings.augmentation(
          binder(), "simix", "dense test simix", new MixConfig(true, List.of()), DenseMix::new);
    }
  }

  private static PluginRegistry registry;

  @BeforeAll
  static void setUp() {
    DjlDefaults.applyOffline();
    registry = PluginRegistry.of(List.of(new TestPlugin()));
  }

  private static double[][] randomEmbeddings(int b, int d, long seed) {
    Random r = new Random(seed);
    double[][] e = new double[b][d];
    for (double[] row : e) {
      for (int k = 0; k < d; k++) {
        row[k] = r.nextGaussian();
      }
    }
    return e;
  }

  /** Plain-Java loss of the extended batch V = A E (virtual rows mixed from real ones). */
  private static double javaLoss(
      double[][] e, long[] labels, double[][] mix, boolean vq, double scale) {
    int b = e.length;
    int t = mix == null ? 0 : mix.length;
    double[][] v = new double[b + t][];
    long[] y = Arrays.copyOf(labels, b + t);
    for (int i = 0; i < b; i++) {
      v[i] = e[i];
    }
    for (int k = 0; k < t; k++) {
      int i = (int) mix[k][0];
      int j = (int) mix[k][1];
      double alpha = mix[k][2];
      v[b + k] = new double[e[0].length];
      for (int c = 0; c < e[0].length; c++) {
        v[b + k][c] = alpha * e[i][c] + (1 - alpha) * e[j][c];
      }
      y[b + k] = labels[i];
    }
    double sum = 0;
    int count = 0;
    for (int q = 0; q < b + t; q++) {
      if (q >= b && !vq) {
        continue;
      }
      for (int z = 0; z < b + t; z++) {
        if (q != z && y[q] == y[z]) {
          double s = 0;
          for (int c = 0; c < v[q].length; c++) {
            s += v[q][c] * v[z][c];
          }
          sum += s;
          count++;
        }
      }
    }
    return count == 0 ? 0 : scale * sum / count;
  }

  private static double[][] javaGradient(
      double[][] e, long[] labels, double[][] mix, boolean vq, double scale) {
    double[][] g = new double[e.length][e[0].length];
    double h = 1e-6;
    for (int i = 0; i < e.length; i++) {
      for (int c = 0; c < e[0].length; c++) {
        double keep = e[i][c];
        e[i][c] = keep + h;
        double up = javaLoss(e, labels, mix, vq, scale);
        e[i][c] = keep - h;
        double down = javaLoss(e, labels, mix, vq, scale);
        e[i][c] = keep;
        g[i][c] = (up - down) / (2 * h);
      }
    }
    return g;
  }

  private static void assertClose(double[][] actual, double[][] expected, double tol) {
    assertThat(actual.length).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      for (int c = 0; c < expected[i].length; c++) {
        assertThat(actual[i][c]).as("grad[%d][%d]", i, c).isCloseTo(expected[i][c], within(tol));
      }
    }
  }

  @Test
  void lossAndGradientWithoutMixMatchAPlainJavaReference() {
    double[][] e = randomEmbeddings(7, 3, 1);
    long[] labels = {5, 1, 5, 1, 1, 9, 5};
    LossCase c = new LossCase("t", "pair-mean", Map.of("scale", 2.0), e, labels, null, null);
    double expected = javaLoss(e, labels, null, true, 2.0);
    double[][] grad = javaGradient(e, labels, null, true, 2.0);
    LossAndGradient r64 = LossCaseEvaluator.run(c, registry, DataType.FLOAT64, Device.cpu());
    assertThat(r64.loss()).isCloseTo(expected, within(1e-12));
    assertClose(r64.gradient(), grad, 1e-8);
    LossAndGradient r32 = LossCaseEvaluator.run(c, registry, DataType.FLOAT32, Device.cpu());
    assertThat(r32.loss()).isCloseTo(expected, within(1e-5));
    assertClose(r32.gradient(), grad, 1e-5);
  }

  @Test
  void mixIsAppliedThroughSimixWithItsParameters() {
    double[][] e = randomEmbeddings(6, 4, 2);
    long[] labels = {0, 0, 1, 1, 0, 1};
    double[][] mix = {{0, 1, 0.25}, {3, 2, 0.9}, {4, 0, 0.5}};
    for (boolean vq : new boolean[] {true, false}) {
      LossCase c =
          new LossCase("m", "pair-mean", Map.of("virtualQueries", vq), e, labels, mix, null);
      LossAndGradient r = LossCaseEvaluator.run(c, registry, DataType.FLOAT64, Device.cpu());
      assertThat(r.loss()).isCloseTo(javaLoss(e, labels, mix, vq, 1.0), within(1e-12));
      assertClose(r.gradient(), javaGradient(e, labels, mix, vq, 1.0), 1e-8);
    }
    // virtualQueries really changes the result here
    double withVq = javaLoss(e, labels, mix, true, 1.0);
    double withoutVq = javaLoss(e, labels, mix, false, 1.0);
    assertThat(Math.abs(withVq - withoutVq)).isGreaterThan(1e-6);
  }

  @Test
  void noPositiveGivesZeroLossAndZeroGradient() {
    LossCase c =
        new LossCase(
            "z",
            "pair-mean",
            Map.of(),
            randomEmbeddings(4, 3, 3),
            new long[] {1, 2, 3, 4},
            null,
            null);
    LossAndGradient r = LossCaseEvaluator.run(c, registry, DataType.FLOAT64, Device.cpu());
    assertThat(r.loss()).isZero();
    for (double[] row : r.gradient()) {
      assertThat(row).containsOnly(0.0);
    }
  }

  @Test
  void unknownParameterListsTheKnownOnes() {
    LossCase c = threeItemCase("pair-mean", Map.of("tauSim", 0.1));
    assertRejected(c, "unknown parameter 'tauSim'", "scale", "virtualQueries");
  }

  @Test
  void unknownLossListsTheKnownIds() {
    LossCase c = threeItemCase("no-such-loss", Map.of());
    assertRejected(c, "no-such-loss", "pair-mean");
  }

  @Test
  void simixParameterWithoutMixIsAnError() {
    LossCase c = threeItemCase("pair-mean", Map.of("virtualQueries", false));
    assertRejected(c, "virtualQueries", "no \"mix\"");
  }

  @Test
  void unsupportedDataTypeAndMissingGpuAreErrors() {
    LossCase c = threeItemCase("pair-mean", Map.of());
    assertThatThrownBy(() -> LossCaseEvaluator.run(c, registry, DataType.INT32, Device.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("float32 or float64");
    assertThatThrownBy(() -> LossCaseEvaluator.run(c, registry, DataType.FLOAT64, Device.gpu(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not available");
  }

  @Test
  void managerIsClosedAfterEvaluation() {
    // evaluating many times must not accumulate arrays in the system manager
    LossCase c =
        new LossCase(
            "l",
            "pair-mean",
            Map.of(),
            randomEmbeddings(5, 2, 4),
            new long[] {0, 0, 1, 1, 0},
            new double[][] {{0, 1, 0.3}},
            null);
    LossCaseEvaluator.run(c, registry, DataType.FLOAT64, Device.cpu());
    int before = NDManager.newBaseManager().getParentManager().getManagedArrays().size();
    for (int i = 0; i < 5; i++) {
      LossCaseEvaluator.run(c, registry, DataType.FLOAT64, Device.cpu());
    }
    assertThat(NDManager.newBaseManager().getParentManager().getManagedArrays()).hasSize(before);
  }

  /** A case of three random items in two classes, without mix or expected result. */
  private static LossCase threeItemCase(String loss, Map<String, Object> params) {
    return new LossCase(
        "three-items", loss, params, randomEmbeddings(3, 2, 4), new long[] {0, 0, 1}, null, null);
  }

  /**
   * Asserts that evaluating the case (float64, CPU) is refused with a message containing each
   * fragment.
   */
  private static void assertRejected(LossCase c, String... fragments) {
    assertThatThrownBy(() -> LossCaseEvaluator.run(c, registry, DataType.FLOAT64, Device.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(fragments);
  }

  // ---- reading and validation ----

  private static Path write(Path dir, String name, String json) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, json);
    return f;
  }

  private static final String EMB = "[[1,0],[0,1],[0.6,0.8]]";

  @Test
  void readsAValidCaseAndNamesItAfterTheFile(@TempDir Path dir) throws IOException {
    LossCase c =
        LossCase.read(
            write(
                dir,
                "my-case.json",
                "{\"loss\":\"pair-mean\",\"embeddings\":"
                    + EMB
                    + ",\"labels\":[3,3,-1],"
                    + "\"mix\":[[0,1,0.5]],\"expected\":{\"loss\":0.5,\"grad\":[[0,0],[0,0],[0,0]]}}"));
    assertThat(c.name()).isEqualTo("my-case");
    assertThat(c.params()).isEmpty();
    assertThat(c.labels()).containsExactly(3, 3, -1);
    assertThat(c.mixTriples()).containsExactly(List.of(0, 1, 0.5));
    assertThat(c.expected().loss()).isEqualTo(0.5);
    assertThat(c.dimension()).isEqualTo(2);
  }

  @Test
  void readAllSortsByFileName(@TempDir Path dir) throws IOException {
    for (String n : List.of("b", "c", "a")) {
      write(
          dir,
          n + ".json",
          "{\"name\":\"" + n + "\",\"loss\":\"x\",\"embeddings\":[[1]],\"labels\":[0]}");
    }
    write(dir, "notes.txt", "not a case");
    List<String> names = new ArrayList<>();
    LossCase.readAll(dir).forEach(c -> names.add(c.name()));
    assertThat(names).containsExactly("a", "b", "c");
  }

  @Test
  void badInputGivesClearErrors(@TempDir Path dir) throws IOException {
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":" + EMB + ",\"labels\":[0,0]}", "same length"),
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":[[1,NaN],[0,1],[1,1]],\"labels\":[0,0,1]}",
                "must be finite"),
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":[[1,Infinity],[0,1],[1,1]],\"labels\":[0,0,1]}",
                "must be finite"),
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":[[1,0],[0,1,2],[1,1]],\"labels\":[0,0,1]}",
                "ragged"),
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":"
                    + EMB
                    + ",\"labels\":[0,0,1],\"mix\":[[0,2,0.5]]}",
                "same label"),
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":"
                    + EMB
                    + ",\"labels\":[0,0,1],\"mix\":[[0,3,0.5]]}",
                "indices must be integers in [0, 2]"),
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":"
                    + EMB
                    + ",\"labels\":[0,0,1],\"mix\":[[0,0.5,0.5]]}",
                "indices must be integers"),
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":"
                    + EMB
                    + ",\"labels\":[0,0,1],\"mix\":[[1,1,0.5]]}",
                "i != j"),
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":"
                    + EMB
                    + ",\"labels\":[0,0,1],\"mix\":[[0,1,1.5]]}",
                "alpha must be in [0, 1]"),
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":" + EMB + ",\"labels\":[0,0,1],\"mix\":[[0,1]]}",
                "triple"),
            Map.entry("{\"loss\":\"x\",\"embeddings\":" + EMB + ",\"labels\":[0,0.5,1]}", "labels"),
            Map.entry(
                "{\"loss\":\"x\",\"embeddings\":" + EMB + ",\"labels\":[0,null,1]}", "labels"),
            Map.entry("{\"loss\":\"x\",\"embeddings\":" + EMB + "}", "labels"),
            Map.entry("{\"embeddings\":" + EMB + ",\"labels\":[0,0,1]}", "loss"),
            Map.entry("{\"loss\":\"x\",\"embeddings\":" + EMB, "end-of-input"));
    int n = 0;
    for (Map.Entry<String, String> e : cases.entrySet()) {
      Path f = write(dir, "bad" + (n++) + ".json", e.getKey());
      assertThatThrownBy(() -> LossCase.read(f))
          .as(e.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(f.toString())
          .hasMessageContaining(e.getValue());
    }
  }

  @Test
  void everyGoldenLossCaseInTheRepositoryReads() throws IOException {
    // the cases are test data of the modules that own them (docs/numeric-spec.md, "Golden cases")
    Path repository = Path.of(System.getProperty("rankkit.repository.dir", ".."));
    List<LossCase> all = new ArrayList<>();
    try (var modules = Files.list(repository)) {
      for (Path module : modules.sorted().toList()) {
        Path dir = module.resolve("src/test/resources/golden/losses");
        if (Files.isDirectory(dir)) {
          all.addAll(LossCase.readAll(dir));
        }
      }
    }
    assertThat(all.stream().map(LossCase::name).distinct().count())
        .as("distinct golden loss cases under %s", repository.toAbsolutePath())
        .isGreaterThanOrEqualTo(36);
    for (LossCase c : all) {
      assertThat(c.expected()).as(c.name()).isNotNull();
      assertThat(c.expected().grad()).hasNumberOfRows(c.size());
    }
  }
}
