package org.rankkit.loss.ap;

import java.util.stream.IntStream;
import org.rankkit.api.loss.LabelStructure;

/**
 * The plain-Java FastAP kernel: per valid query, one pass over the database builds the
 * histograms (each distance touches at most the two or three bins whose triangular kernel covers
 * it), then the cumulative sums and the derivatives with respect to every bin in {@code O(bins)},
 * then a second pass writes the query's row of {@code dL/dS}. Same formulas and kink conventions as
 * the engine path ({@code sign(0) = 0}; a kernel passes its gradient where {@code 1 − |d − c|/Δ ≥
 * 0}). Queries of a block run in parallel, each writing only its own row. Computes in double.
 */
final class FusedFastAp implements RowBlock.Kernel {

  private final int numBins;
  private final double delta;
  private final LabelStructure qp;
  private final long[] labels;
  private final int validCount;

  FusedFastAp(int numBins, LabelStructure qp, long[] labels) {
    this.numBins = numBins;
    this.delta = 4.0 / numBins;
    this.qp = qp;
    this.labels = labels;
    this.validCount = qp.validCount();
  }

  @Override
  public void run(double[] rows, int n, int start, int count, double[] grad, double[] ap) {
    IntStream.range(0, count).parallel().forEach(i -> query(rows, n, start, i, grad, ap));
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

  private void query(double[] rows, int n, int start, int i, double[] grad, double[] ap) {
    int q = qp.validQuery(start + i);
    int p = qp.positiveCount(qp.validQuery(start + i));
    long lq = labels[q];
    int base = i * n;
    int bins = numBins + 1;
    double[] hPos = new double[bins];
    double[] h = new double[bins];
    for (int z = 0; z < n; z++) {
      if (z == q) {
        continue;
      }
      double d = 2 - 2 * rows[base + z];
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
    double[] gPos = new double[bins];
    double[] gAll = new double[bins];
    double cumPos = 0;
    double cum = 0;
    double fast = 0;
    double[] ratio = new double[bins];
    double[] r1 = new double[bins];
    double[] r2 = new double[bins];
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
    ap[i] = fast / p;
    // dL/ds = −1/(V |P|) · Σ_l (g⁺_l [z∈P] + g_l) dδ_l/dd · (−2)
    double w = 2.0 / ((double) validCount * p);
    for (int z = 0; z < n; z++) {
      double value = 0;
      if (z != q) {
        double d = 2 - 2 * rows[base + z];
        boolean pos = labels[z] == lq;
        for (int l = firstBin(d), last = lastBin(d); l <= last; l++) {
          double u = d - l * delta;
          if (1 - Math.abs(u) / delta >= 0) {
            value += ((pos ? gPos[l] : 0) + gAll[l]) * (-Math.signum(u) / delta);
          }
        }
      }
      grad[base + z] = w * value;
    }
  }
}
