package org.rankkit.loss.contrastive;

import ai.djl.ndarray.NDArray;
import org.rankkit.api.loss.FusedRowDriver;
import org.rankkit.api.loss.RowKernel;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The plain-Java contrastive row kernel, run by {@link FusedRowDriver} in two passes over the query
 * rows: the first ({@link FusedRowDriver#sums}) counts and sums the active terms ({@code > 0}) of
 * each row, the second ({@link FusedRowDriver#sum}) gives each row its share of the loss, {@code
 * Σ_z [posMargin − s]₊ / n⁺ + Σ_z [s − negMargin]₊ / n⁻} over its positive and negative pairs, and
 * its gradient row: {@code −1/n⁺} on positive pairs with {@code posMargin − s ≥ 0}, {@code +1/n⁻}
 * on negative pairs with {@code s − negMargin ≥ 0} (docs/numeric-spec.md, contrastive; a count of 0
 * drops its part). Computes in double; immutable and thread-safe.
 */
final class FusedContrastive implements RowKernel<Void> {

  /** Indices of the first pass's statistics. */
  private static final int POS_SUM = 0;

  private static final int POS_COUNT = 1;
  private static final int NEG_SUM = 2;
  private static final int NEG_COUNT = 3;

  private final double posMargin;
  private final double negMargin;
  private final long[] labels;
  private final double posCount;
  private final double negCount;

  private FusedContrastive(
      ContrastiveConfig config, long[] labels, double posCount, double negCount) {
    this.posMargin = config.posMargin();
    this.negMargin = config.negMargin();
    this.labels = labels;
    this.posCount = posCount;
    this.negCount = negCount;
  }

  /**
   * Computes the loss of a batch.
   *
   * @param batch the batch
   * @param queries its query rows (valid or not), increasing
   * @param config the margins
   * @return the loss, differentiable with respect to the similarities
   */
  static NDArray loss(SimilarityBatch batch, int[] queries, ContrastiveConfig config) {
    long[] labels = batch.labels();
    double posMargin = config.posMargin();
    double negMargin = config.negMargin();
    double[] totals =
        FusedRowDriver.sums(
            batch,
            queries,
            4,
            (q, s, out) -> {
              long lq = labels[q];
              for (int z = 0; z < s.length; z++) {
                if (z == q) {
                  continue;
                }
                if (labels[z] == lq) {
                  double u = posMargin - s[z];
                  if (u > 0) {
                    out[POS_SUM] += u;
                    out[POS_COUNT]++;
                  }
                } else {
                  double u = s[z] - negMargin;
                  if (u > 0) {
                    out[NEG_SUM] += u;
                    out[NEG_COUNT]++;
                  }
                }
              }
            },
            FusedRowDriver.Split.AUTO,
            "contrastive");
    return FusedRowDriver.sum(
        batch,
        queries,
        new FusedContrastive(config, labels, totals[POS_COUNT], totals[NEG_COUNT]),
        FusedRowDriver.Split.AUTO,
        "contrastive");
  }

  @Override
  public double row(int q, double[] s, double[] g, Void workspace) {
    long lq = labels[q];
    double posGradient = posCount > 0 ? -1.0 / posCount : 0;
    double negGradient = negCount > 0 ? 1.0 / negCount : 0;
    double pos = 0;
    double neg = 0;
    for (int z = 0; z < s.length; z++) {
      if (z == q) {
        continue;
      }
      if (labels[z] == lq) {
        double u = posMargin - s[z];
        if (u >= 0) {
          pos += u; // u = 0 adds nothing
          g[z] = posGradient;
        }
      } else {
        double u = s[z] - negMargin;
        if (u >= 0) {
          neg += u;
          g[z] = negGradient;
        }
      }
    }
    return (posCount > 0 ? pos / posCount : 0) + (negCount > 0 ? neg / negCount : 0);
  }
}
