package org.rankkit.loss.contrastive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.ArrayBatches;
import org.rankkit.testkit.LossHarness;
import org.rankkit.testkit.RankingLossContract;

/** The testkit contract for contrastive. */
class ContrastiveContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new ContrastiveLoss(ContrastiveConfig.defaults());
  }

  /**
   * Replaces the contract's zero-loss test, which assumes the SPEC's default ("a query with no
   * positive contributes nothing"). docs/numeric-spec.md's contrastive section says otherwise: q
   * ranges over all queries, valid or not, so with all labels distinct the negative terms above
   * {@code negMargin} still count. Checked here: with distinct labels the loss is the mean of those
   * negative terms (SPEC reference), and it is exactly 0 with an all-zero gradient when no term is
   * {@code > 0} (negMargin = 1 on unit vectors).
   */
  @Test
  @Override
  public void exactlyZeroWithAllZeroGradientWhenNoQueryHasAPositive() {
    Random random = new Random(seed() + 5);
    RankingLoss noActiveTerm = new ContrastiveLoss(new ContrastiveConfig(1.0, 1.0));
    for (int size : new int[] {1, 2, 9}) {
      long[] labels = new long[size];
      boolean[] queries = new boolean[size];
      for (int i = 0; i < size; i++) {
        labels[i] = 3L * i - 4;
        queries[i] = true;
      }
      double[][] e = ArrayBatches.unitEmbeddings(size, dimension(), random);
      for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
        LossHarness.Result zero =
            LossHarness.run(noActiveTerm, null, e, labels, dtype, seed(), null);
        assertThat(zero.loss() == 0.0).as("loss %s (%s, B=%d)", zero.loss(), dtype, size).isTrue();
        for (double[] row : zero.gradient()) {
          for (double g : row) {
            assertThat(g == 0.0).as("gradient entry %s (%s, B=%d)", g, dtype, size).isTrue();
          }
        }
      }
      LossHarness.Result r =
          LossHarness.run(loss(), null, e, labels, DataType.FLOAT64, seed(), null);
      double[][] s = new double[size][size];
      for (int i = 0; i < size; i++) {
        for (int j = 0; j < size; j++) {
          for (int k = 0; k < e[i].length; k++) {
            s[i][j] += e[i][k] * e[j][k];
          }
        }
      }
      double want = ContrastiveReference.loss(s, labels, queries, 1.0, 0.5).loss();
      assertThat(r.loss()).isCloseTo(want, Offset.offset(1e-12));
    }
  }
}
