package org.rankkit.loss.ap;

import java.util.Arrays;
import org.rankkit.api.loss.FusedRowDriver;
import org.rankkit.api.loss.LabelStructure;
import org.rankkit.api.loss.RowKernel;

/**
 * The plain-Java FastAP row kernel, run by {@link FusedRowDriver}: for one valid query, one pass
 * over the gallery builds the histograms (each distance touches at most the two or three bins whose
 * triangular kernel covers it), then the cumulative sums and the derivatives with respect to every
 * bin in {@code O(bins)}, then a second pass writes the query's row of {@code ∂(1 −
 * FastAP(q))/∂S[q][·]}. Same formulas and kink conventions as the engine path ({@code sign(0) = 0};
 * a kernel passes its gradient where {@code 1 − |d − c|/Δ ≥ 0}). Computes in double; thread-safe.
 */
final class FusedFastAp implements RowKernel<FusedFastAp.Workspace> {

  private final int numBins;
  private final double delta;
  private final LabelStructure qp;
  private final long[] labels;

  FusedFastAp(int numBins, LabelStructure qp, long[] labels) {
    this.numBins = numBins;
    this.delta = 4.0 / numBins;
    this.qp = qp;
    this.labels = labels;
  }

  /** One worker's histograms and per-bin derivatives ({@code numBins + 1} entries each). */
  static final class Workspace {
    final double[] hPos;
    final double[] h;
    final double[] gPos;
    final double[] gAll;
    final double[] ratio;
    final double[] r1;
    final double[] r2;

    Workspace(int bins) {
      hPos = new double[bins];
      h = new double[bins];
      gPos = new double[bins];
      gAll = new double[bins];
      ratio = new double[bins];
      r1 = new double[bins];
      r2 = new double[bins];
    }
  }

  @Override
  public Workspace workspace() {
    return new Workspace(numBins + 1);
  }

  /** First bin index whose kernel may cover distance {@code d} (clamped to [0, numBins+1]). */
  private int firstBin(double d) {
    double f = Math.floor(d / delta) - 1;
    if (f < 0) {
      return 0;
    }
    return f > numBins + 1 ? numBins + 1 : (int) f;
  }

  private int lastBin(double d) {
    double f = Math.floor(d / delta) + 2;
    if (f > numBins) {
      return numBins;
    }
    return f < -1 ? -1 : (int) f;
  }

  @Override
  public double row(int q, double[] row, double[] grad, Workspace w) {
    int n = row.length;
    int p = qp.positiveCount(q);
    long lq = labels[q];
    int bins = numBins + 1;
    double[] hPos = w.hPos;
    double[] h = w.h;
    Arrays.fill(hPos, 0.0);
    Arrays.fill(h, 0.0);
    for (int z = 0; z < n; z++) {
      if (z == q) {
        continue;
      }
      double d = 2 - 2 * row[z];
      boolean pos = labels[z] == lq;
      for (int l = firstBin(d), last = lastBin(d); l <= last; l++) {
        double k = 1 - Math.abs(d - l * delta) / delta;
        if (k > 0) {
          h[l] += k;
          if (pos) {
            hPos[l] += k;
          }
        }
      }
    }
    // FastAP = (1/|P|) Σ_{H_l>0} h⁺_l H⁺_l / H_l; derivatives through the cumulative sums:
    // dF/dh⁺_m = H⁺_m/H_m + Σ_{l≥m} h⁺_l/H_l,  dF/dh_m = −Σ_{l≥m} h⁺_l H⁺_l/H_l²  (times 1/|P|)
    double[] gPos = w.gPos;
    double[] gAll = w.gAll;
    double[] ratio = w.ratio;
    double[] r1 = w.r1;
    double[] r2 = w.r2;
    Arrays.fill(ratio, 0.0);
    Arrays.fill(r1, 0.0);
    Arrays.fill(r2, 0.0);
    double cumPos = 0;
    double cum = 0;
    double fast = 0;
    for (int l = 0; l < bins; l++) {
      cumPos += hPos[l];
      cum += h[l];
      if (cum > 0) {
        ratio[l] = cumPos / cum;
        double term = hPos[l] * ratio[l];
        fast += term;
        r1[l] = hPos[l] / cum;
        r2[l] = term / cum;
      }
    }
    double tail1 = 0;
    double tail2 = 0;
    for (int l = bins - 1; l >= 0; l--) {
      tail1 += r1[l];
      tail2 += r2[l];
      gPos[l] = ratio[l] + tail1;
      gAll[l] = -tail2;
    }
    // ∂(1 − FastAP)/∂s = −(1/|P|) · Σ_l (g⁺_l [z∈P] + g_l) dδ_l/dd · (−2)
    double v = 2.0 / p;
    for (int z = 0; z < n; z++) {
      if (z == q) {
        continue;
      }
      double value = 0;
      double d = 2 - 2 * row[z];
      boolean pos = labels[z] == lq;
      for (int l = firstBin(d), last = lastBin(d); l <= last; l++) {
        double u = d - l * delta;
        if (1 - Math.abs(u) / delta >= 0) {
          value += ((pos ? gPos[l] : 0) + gAll[l]) * (-Math.signum(u) / delta);
        }
      }
      grad[z] = v * value;
    }
    return 1 - fast / p;
  }
}
