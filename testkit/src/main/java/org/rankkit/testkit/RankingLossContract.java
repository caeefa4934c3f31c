package org.rankkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;

/**
 * The conformance contract of a {@link RankingLoss}, as JUnit 5 tests: implement this interface in
 * a test class of your plugin and return your loss from {@link #loss()}.
 *
 * <pre>{@code
 * class MyLossContractTest implements RankingLossContract {
 *   public RankingLoss loss() { return new MyLoss(new MyLossConfig(0.1)); }
 * }
 * // and, to run the same contract on SiMix-extended batches:
 * class MyLossWithSimixContractTest implements RankingLossContract {
 *   public RankingLoss loss() { return new MyLoss(new MyLossConfig(0.1)); }
 *   public SimilarityAugmentation augmentation() { return RankKit.augmentation("simix", Map.of()); }
 * }
 * }</pre>
 *
 * <p>Every test runs on the CPU with random unit embeddings from a fixed seed ({@link #seed()}):
 *
 * <ul>
 *   <li>{@link #lossAndGradientAreFiniteOnRandomBatches()}: several batch sizes, in float32 and
 *       float64; {@link #lossAndGradientAreFiniteForSingletonsOneClassAndUnsortedLabels()}: batches
 *       with singleton classes, a single class, and unsorted arbitrary label values;
 *   <li>{@link #lossIsAScalarOfTheSimilaritiesDataType()};
 *   <li>{@link #invariantToPermutingTheBatch()} and {@link #invariantToRelabellingClasses()}
 *       (float64; loss and every gradient entry within {@link #invarianceTolerance()}, relative to
 *       the largest value). Without an augmentation the embeddings and labels themselves are
 *       permuted / relabelled. With an augmentation, its sampling legitimately depends on the order
 *       of items and on the random stream, so it is applied once to the original batch and its
 *       <em>output</em> is permuted (real items among real items, virtual among virtual) or
 *       relabelled before the loss: the loss must not depend on the order or label values of the
 *       extended batch, and {@code dL/dE} must not change;
 *   <li>{@link #exactlyZeroWithAllZeroGradientWhenNoQueryHasAPositive()}: all labels distinct (an
 *       augmentation that mixes same-label pairs then adds nothing), loss {@code == 0} and every
 *       gradient entry {@code == 0};
 *   <li>{@link #gradientMatchesCentralFiniteDifferences()}: float64, step {@link
 *       #finiteDifferenceStep()}, every coordinate of a small batch (the augmentation, if any, is
 *       re-run with the same seed each time);
 *   <li>{@link #leavesNoNDArrays()}: after a forward and backward, the number of arrays managed by
 *       the similarities' manager (and by the engine overall) is unchanged once the caller has
 *       closed the returned scalar: intermediates must be closed;
 *   <li>{@link #gradientDoesNotDependOnFreedMemory()}: the gradient is the same when freed native
 *       memory is overwritten between forward and backward. Closing intermediates must not free
 *       what backward still reads: an array created from Java data ({@code
 *       manager.create(float[])}) may wrap a Java buffer that is freed after {@code close()}, yet
 *       autograd keeps using it when it was, say, the constant factor of a {@code mul}. Make such
 *       constants engine-owned ({@code created.duplicate()}, then close {@code created}) or keep
 *       them open until backward.
 * </ul>
 *
 * <p>Override the {@code default} tolerance methods only with a reason (e.g. a piecewise-linear
 * loss whose finite differences straddle kinks).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public interface RankingLossContract {

  /**
   * Returns the loss under test (a new or shared instance; losses are immutable).
   *
   * @return the loss
   */
  RankingLoss loss();

  /**
   * Returns a similarity augmentation to apply before the loss (e.g. {@code simix}), or {@code
   * null} (the default) to test the loss on real batches only.
   *
   * @return the augmentation or null
   */
  default SimilarityAugmentation augmentation() {
    return null;
  }

  /**
   * {@return the seed of every random batch and of the augmentation's generator (default 20220617)}
   */
  default long seed() {
    return 20220617L;
  }

  /** {@return the embedding dimension of the random batches (default 8)} */
  default int dimension() {
    return 8;
  }

  /** {@return the relative tolerance of the invariance checks in float64 (default 1e-9)} */
  default double invarianceTolerance() {
    return 1e-9;
  }

  /** {@return the step {@code h} of the central finite differences in float64 (default 1e-6)} */
  default double finiteDifferenceStep() {
    return 1e-6;
  }

  /**
   * Returns the tolerance of the finite-difference check: every entry must satisfy {@code |numeric
   * − autograd| <= tol · max(1, max|autograd|)}.
   *
   * @return {@code tol} (default 1e-5)
   */
  default double finiteDifferenceTolerance() {
    return 1e-5;
  }

  /** Applies the offline DJL settings before the engine starts. */
  @BeforeAll
  default void applyDjlDefaults() {
    DjlDefaults.applyOffline();
  }

  /** Finite loss and gradient on random batches of several sizes, float32 and float64. */
  @Test
  default void lossAndGradientAreFiniteOnRandomBatches() {
    Random random = new Random(seed());
    for (int size : new int[] {2, 3, 8, 17, 40}) {
      int classes = Math.max(1, size / 3);
      long[] labels = new long[size];
      for (int i = 0; i < size; i++) {
        labels[i] = random.nextInt(classes);
      }
      double[][] e = ArrayBatches.unitEmbeddings(size, dimension(), random);
      for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
        assertFinite("B=" + size + " " + dtype, run(e, labels, dtype, null));
      }
    }
  }

  /** Finite loss and gradient with singleton classes, one class and unsorted label values. */
  @Test
  default void lossAndGradientAreFiniteForSingletonsOneClassAndUnsortedLabels() {
    Random random = new Random(seed() + 1);
    List<long[]> cases = new ArrayList<>();
    cases.add(new long[] {7}); // a single item
    cases.add(new long[] {4, 4}); // one pair
    cases.add(new long[] {3, 3, 3, 3, 3, 3}); // one class
    cases.add(new long[] {0, 1, 2, 2, 3, 4, 5}); // mostly singletons
    cases.add(new long[] {9, -2, 9, 1000000007L, -2, 9, 5, 1000000007L}); // unsorted, any values
    for (long[] labels : cases) {
      double[][] e = ArrayBatches.unitEmbeddings(labels.length, dimension(), random);
      for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
        assertFinite(
            "labels=" + java.util.Arrays.toString(labels) + " " + dtype,
            run(e, labels, dtype, null));
      }
    }
  }

  /** The loss is a scalar of the similarities' data type. */
  @Test
  default void lossIsAScalarOfTheSimilaritiesDataType() {
    Random random = new Random(seed() + 2);
    long[] labels = {0, 1, 0, 1, 2, 2};
    double[][] e = ArrayBatches.unitEmbeddings(labels.length, dimension(), random);
    for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
      LossHarness.Result r = run(e, labels, dtype, null);
      assertThat(r.lossShape().size()).as("number of elements of the loss").isEqualTo(1L);
      assertThat(r.lossShape()).as("shape of the loss").isIn(new Shape(), new Shape(1));
      assertThat(r.lossType())
          .as("data type of the loss on %s similarities", dtype)
          .isEqualTo(dtype);
    }
  }

  /** Permuting the batch changes neither the loss nor (permuted back) the gradient. */
  @Test
  default void invariantToPermutingTheBatch() {
    Random random = new Random(seed() + 3);
    long[] labels = {0, 0, 1, 1, 1, 2, 3, 3, 0, 2, 4};
    double[][] e = ArrayBatches.unitEmbeddings(labels.length, dimension(), random);
    LossHarness.Result reference = run(e, labels, DataType.FLOAT64, null);
    if (augmentation() == null) {
      int[] order = Batches.permutation(labels.length, random);
      double[][] pe = new double[labels.length][];
      long[] pl = new long[labels.length];
      for (int k = 0; k < order.length; k++) {
        pe[k] = e[order[k]];
        pl[k] = labels[order[k]];
      }
      LossHarness.Result permuted = run(pe, pl, DataType.FLOAT64, null);
      double[][] back = new double[labels.length][];
      for (int k = 0; k < order.length; k++) {
        back[order[k]] = permuted.gradient()[k];
      }
      Batches.assertClose(
          "permuted batch", permuted.loss(), back, reference, invarianceTolerance());
    } else {
      int[] order = Batches.permutationOfExtended(extendedSize(e, labels), labels.length, random);
      LossHarness.Result permuted =
          run(e, labels, DataType.FLOAT64, LossHarness.permuteAndRelabel(order, y -> y));
      Batches.assertClose(
          "permuted augmented batch",
          permuted.loss(),
          permuted.gradient(),
          reference,
          invarianceTolerance());
    }
  }

  /** Replacing the label values by others (a bijection) changes neither loss nor gradient. */
  @Test
  default void invariantToRelabellingClasses() {
    Random random = new Random(seed() + 4);
    long[] labels = {5, 5, 1, 1, 1, 2, 3, 3, 5, 2, 4};
    double[][] e = ArrayBatches.unitEmbeddings(labels.length, dimension(), random);
    LossHarness.Result reference = run(e, labels, DataType.FLOAT64, null);
    java.util.function.LongUnaryOperator relabel = y -> 1_000_003L - 7919L * y * y * y;
    LossHarness.Result relabelled;
    if (augmentation() == null) {
      long[] mapped = new long[labels.length];
      for (int i = 0; i < labels.length; i++) {
        mapped[i] = relabel.applyAsLong(labels[i]);
      }
      relabelled = run(e, mapped, DataType.FLOAT64, null);
    } else {
      int n = extendedSize(e, labels);
      int[] identity = new int[n];
      for (int i = 0; i < n; i++) {
        identity[i] = i;
      }
      relabelled =
          run(e, labels, DataType.FLOAT64, LossHarness.permuteAndRelabel(identity, relabel));
    }
    Batches.assertClose(
        "relabelled classes",
        relabelled.loss(),
        relabelled.gradient(),
        reference,
        invarianceTolerance());
  }

  /** With no query having a positive, the loss is exactly 0 and the gradient all zeros. */
  @Test
  default void exactlyZeroWithAllZeroGradientWhenNoQueryHasAPositive() {
    Random random = new Random(seed() + 5);
    for (int size : new int[] {1, 2, 9}) {
      long[] labels = new long[size];
      for (int i = 0; i < size; i++) {
        labels[i] = 3L * i - 4;
      }
      double[][] e = ArrayBatches.unitEmbeddings(size, dimension(), random);
      for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
        LossHarness.Result r = run(e, labels, dtype, null);
        assertThat(r.loss() == 0.0)
            .as(
                "loss with %d distinct labels (%s) must be exactly 0, was %s",
                size, dtype, r.loss())
            .isTrue();
        for (int i = 0; i < size; i++) {
          for (int k = 0; k < e[0].length; k++) {
            double g = r.gradient()[i][k];
            assertThat(g == 0.0)
                .as(
                    "gradient[%d][%d] with %d distinct labels (%s) must be 0, was %s",
                    i, k, size, dtype, g)
                .isTrue();
          }
        }
      }
    }
  }

  /** The autograd gradient matches float64 central finite differences of the loss. */
  @Test
  default void gradientMatchesCentralFiniteDifferences() {
    Random random = new Random(seed() + 6);
    long[] labels = {0, 0, 1, 1, 1, 2};
    int d = Math.min(4, dimension());
    double[][] e = ArrayBatches.unitEmbeddings(labels.length, d, random);
    LossHarness.Result r = run(e, labels, DataType.FLOAT64, null);
    double h = finiteDifferenceStep();
    double scale = 1;
    for (double[] row : r.gradient()) {
      for (double g : row) {
        scale = Math.max(scale, Math.abs(g));
      }
    }
    double tolerance = finiteDifferenceTolerance() * scale;
    for (int i = 0; i < labels.length; i++) {
      for (int k = 0; k < d; k++) {
        double keep = e[i][k];
        e[i][k] = keep + h;
        double up = LossHarness.value(loss(), augmentation(), e, labels, DataType.FLOAT64, seed());
        e[i][k] = keep - h;
        double down =
            LossHarness.value(loss(), augmentation(), e, labels, DataType.FLOAT64, seed());
        e[i][k] = keep;
        double numeric = (up - down) / (2 * h);
        assertThat(r.gradient()[i][k])
            .as("dL/dE[%d][%d]: autograd vs central finite difference %s", i, k, numeric)
            .isCloseTo(numeric, org.assertj.core.api.Assertions.within(tolerance));
      }
    }
  }

  /** A forward and backward leave no NDArray behind. */
  @Test
  default void leavesNoNDArrays() {
    Random random = new Random(seed() + 7);
    long[] labels = {0, 0, 1, 1, 1, 2, 3, 3};
    double[][] e = ArrayBatches.unitEmbeddings(labels.length, dimension(), random);
    run(e, labels, DataType.FLOAT32, null); // warm-up: lazily created engine state is not a leak
    for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
      LossHarness.Result r = run(e, labels, dtype, null);
      assertThat(r.leakedArrays())
          .as("NDArrays left in the similarities' manager after forward+backward (%s)", dtype)
          .isZero();
      assertThat(r.leakedSystemArrays())
          .as("NDArrays left in the engine's managers after forward+backward (%s)", dtype)
          .isZero();
    }
  }

  /** Backward reads nothing that the loss freed: same gradient with freed memory overwritten. */
  @Test
  default void gradientDoesNotDependOnFreedMemory() {
    Random random = new Random(seed() + 8);
    long[] labels = {0, 0, 1, 1, 1, 2, 3, 3, 0, 2, 4};
    double[][] e = ArrayBatches.unitEmbeddings(labels.length, dimension(), random);
    for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
      LossHarness.Result plain = run(e, labels, dtype, null);
      LossHarness.Result scrubbed =
          LossHarness.runScrubbingBeforeBackward(loss(), augmentation(), e, labels, dtype, seed());
      Batches.assertClose(
          "gradient with freed memory overwritten before backward (" + dtype + ")",
          scrubbed.loss(),
          scrubbed.gradient(),
          plain,
          1e-12);
    }
  }

  /**
   * Runs the loss (with the augmentation when there is one) with backward on the CPU.
   *
   * @param e embeddings
   * @param labels labels
   * @param dtype data type
   * @param transform transformation of the (augmented) batch, or null
   * @return the result
   */
  private LossHarness.Result run(
      double[][] e,
      long[] labels,
      DataType dtype,
      java.util.function.UnaryOperator<org.rankkit.api.loss.SimilarityBatch> transform) {
    return LossHarness.run(loss(), augmentation(), e, labels, dtype, seed(), transform);
  }

  private int extendedSize(double[][] e, long[] labels) {
    int[] size = new int[1];
    LossHarness.value(
        (org.rankkit.api.loss.SimilarityBatch b) -> {
          size[0] = b.size();
          return b.similarities().sum();
        },
        augmentation(),
        e,
        labels,
        DataType.FLOAT64,
        seed());
    return size[0];
  }

  private static void assertFinite(String what, LossHarness.Result r) {
    assertThat(Double.isFinite(r.loss())).as("%s: loss is %s", what, r.loss()).isTrue();
    for (int i = 0; i < r.gradient().length; i++) {
      for (int k = 0; k < r.gradient()[i].length; k++) {
        double g = r.gradient()[i][k];
        assertThat(Double.isFinite(g)).as("%s: gradient[%d][%d] is %s", what, i, k, g).isTrue();
      }
    }
  }
}
