package org.rankkit.loss.ap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;
import org.rankkit.api.loss.FusedRowDriver;
import org.rankkit.api.loss.Implementation;
import org.rankkit.api.loss.LabelStructure;
import org.rankkit.api.loss.LinearisedLoss;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * FastAP (Cakir et al., CVPR 2019) exactly as docs/numeric-spec.md defines it: squared distances
 * {@code d = 2 − 2s} are soft-assigned to {@code numBins + 1} centres {@code c_l = l·Δ}, {@code Δ =
 * 4/numBins}, with triangular kernels {@code δ_l(d) = max(0, 1 − |d − c_l|/Δ)}; per valid query
 * {@code FastAP = (1/|P|) Σ_{l: H_l>0} h⁺_l H⁺_l / H_l} with cumulative histograms {@code H⁺, H};
 * the loss is the mean of {@code 1 − FastAP} over valid queries, exactly 0 (zero gradient) when
 * there is none. Bins with {@code H_l = 0} are skipped without dividing by zero.
 *
 * <p>Gradient conventions at the kernels' kinks (as autograd of {@code clamp(1 − |d − c|/Δ, min=0)}
 * gives them): {@code d|u|/du = sign(u)} with {@code sign(0) = 0}, and the clamp passes the
 * gradient where {@code 1 − |d − c|/Δ ≥ 0}.
 *
 * <p>Two implementations give the same numbers (to rounding), chosen by {@link
 * FastApConfig#implementation()}: {@code fused-cpu}, a plain-Java row kernel ({@link FusedFastAp},
 * run by {@link FusedRowDriver}) that touches only the bins covering each distance ({@code O(N)}
 * per query, all cores; default on the CPU), and {@code engine}, DJL operations (default
 * elsewhere), memory-bounded: queries are processed in chunks whose {@code chunk × N × (numBins+1)}
 * temporaries stay under a fixed budget ({@value #MEMORY_BUDGET_BYTES} bytes), in a sub-manager
 * freed after each chunk. Either way the loss and {@code dL/dS} are computed analytically and
 * handed to autograd as a function linear in {@code S} (see {@link LinearisedLoss}).
 *
 * <p>Immutable. {@link #compute} returns a scalar attached to the similarities' manager (the caller
 * owns it) and closes every temporary before returning.
 */
public final class FastApLoss implements RankingLoss {

  /** Memory budget of one chunk's temporaries. */
  static final long MEMORY_BUDGET_BYTES = 256L << 20;

  private static final int LIVE_TEMPORARIES = 6;

  private final FastApConfig config;
  private final Implementation implementation;

  /**
   * Returns a typed builder that starts from the defaults, e.g. {@code
   * FastApLoss.builder().numBins(20).build()}.
   *
   * @return a new builder
   */
  public static FastApLossBuilder builder() {
    return new FastApLossBuilder();
  }

  /**
   * Creates the loss.
   *
   * @param config validated parameters
   */
  public FastApLoss(FastApConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.implementation = Implementation.parse("fast-ap", config.implementation());
  }

  /** {@return the parameters} */
  public FastApConfig config() {
    return config;
  }

  @Override
  public NDArray compute(SimilarityBatch batch) {
    return ApLossPaths.compute(
        batch,
        "fast-ap",
        implementation,
        qp -> new FusedFastAp(config.numBins(), qp, batch.labels()),
        (n, v) -> FusedRowDriver.Split.AUTO,
        this::engineLoss);
  }

  /** The engine path: chunks of valid queries as tensor operations, linearised for autograd. */
  private NDArray engineLoss(SimilarityBatch batch, LabelStructure qp, DataType dtype) {
    NDArray s = batch.similarities();
    int n = batch.size();
    int v = qp.validCount();
    try (NDManager scope = s.getManager().newSubManager(s.getDevice())) {
      if (v == 0) {
        return LinearisedLoss.constant(s, 0.0);
      }
      NDArray sd = s.stopGradient();
      sd.attach(scope);
      NDArray labels = scope.create(batch.labels());
      NDArray columns = scope.arange(0, n, 1, DataType.INT64);
      int bins = config.numBins() + 1;
      double delta = 4.0 / config.numBins();
      double[] centreValues = new double[bins];
      for (int l = 0; l < bins; l++) {
        centreValues[l] = l * delta;
      }
      NDArray centres = scope.create(centreValues).toType(dtype, false).reshape(1, 1, bins);
      long perQuery = (long) LIVE_TEMPORARIES * n * bins * dtype.getNumOfBytes();
      int chunk = (int) Math.min(v, Math.max(1, MEMORY_BUDGET_BYTES / perQuery));
      NDList gradChunks = new NDList();
      double apSum = 0;
      for (int start = 0; start < v; start += chunk) {
        int end = Math.min(v, start + chunk);
        try (NDManager cm = scope.newSubManager(s.getDevice())) {
          int c = end - start;
          long[] qIdx = new long[c];
          double[] invP = new double[c];
          double[] weight = new double[c];
          for (int i = 0; i < c; i++) {
            qIdx[i] = qp.validQuery(start + i);
            int size = qp.positiveCount(qp.validQuery(start + i));
            invP[i] = 1.0 / size;
            // dL/dFastAP(q) = −1/V, and d(s) = −2 ds
            weight[i] = 2.0 / ((double) v * size);
          }
          NDArray q = cm.create(qIdx);
          NDArray rows = sd.get(q);
          rows.attach(cm);
          NDArray qLabels = labels.get(q);
          qLabels.attach(cm);
          NDArray omega = columns.reshape(1, -1).neq(q.reshape(c, 1)).toType(dtype, false);
          NDArray posCol =
              qLabels.reshape(c, 1).eq(labels.reshape(1, -1)).toType(dtype, false).mul(omega);
          NDArray omega3 = omega.expandDims(2);
          NDArray pos3 = posCol.expandDims(2);
          // c × N × bins: u = d − c_l; kernel = 1 − |u|/Δ
          NDArray dist = rows.mul(-2).addi(2).expandDims(2);
          NDArray u = dist.sub(centres);
          NDArray kernel = u.abs().divi(-delta).addi(1);
          NDArray active = kernel.gte(0).toType(dtype, false);
          NDArray soft = kernel.mul(active);
          kernel.close();
          NDArray hPos = soft.mul(pos3).sum(new int[] {1}); // c × bins
          NDArray h = soft.mul(omega3).sum(new int[] {1});
          soft.close();
          NDArray cumPos = hPos.cumSum(1);
          NDArray cum = h.cumSum(1);
          NDArray ok = cum.gt(0).toType(dtype, false);
          NDArray safe = cum.add(ok.neg().addi(1)); // H, or 1 where H = 0 (then h⁺ = 0)
          NDArray ratio = cumPos.div(safe).muli(ok); // H⁺/H
          NDArray term = hPos.mul(ratio); // h⁺ H⁺ / H
          NDArray fastAp = term.sum(new int[] {1}).muli(cm.create(invP).toType(dtype, false));
          apSum += fastAp.sum().toType(DataType.FLOAT64, false).getDouble();
          // dFastAP/dh⁺_m ∝ H⁺_m/H_m + Σ_{l≥m} h⁺_l/H_l;  dFastAP/dh_m ∝ −Σ_{l≥m} h⁺_l H⁺_l/H_l²
          NDArray gPos = ratio.add(reverseCumSum(hPos.div(safe).muli(ok)));
          NDArray gAll = reverseCumSum(term.div(safe)).negi();
          // dδ_l/dd = −sign(u)/Δ where the clamp is active
          NDArray dKernel = u.sign().muli(active).divi(-delta);
          u.close();
          active.close();
          NDArray coeff = pos3.mul(gPos.expandDims(1)).addi(omega3.mul(gAll.expandDims(1)));
          NDArray perItem = coeff.muli(dKernel).sum(new int[] {2}); // c × N
          dKernel.close();
          coeff.close();
          NDArray gradRows = perItem.muli(cm.create(weight).toType(dtype, false).reshape(c, 1));
          gradRows.attach(scope);
          gradChunks.add(gradRows);
        }
      }
      NDArray grad = gradChunks.size() == 1 ? gradChunks.get(0) : NDArrays.concat(gradChunks, 0);
      return LinearisedLoss.ofRows(s, qp.validQueries(), grad, 1.0 - apSum / v);
    }
  }

  /**
   * Returns the implementation used for similarities on a device: {@code fused-cpu} or {@code
   * engine} ({@code auto} picks fused-cpu on the CPU, engine elsewhere).
   *
   * @param device the similarities' device
   * @return the resolved implementation
   */
  public String implementationFor(ai.djl.Device device) {
    return implementation.on(device).id();
  }

  private static NDArray reverseCumSum(NDArray a) {
    try (NDArray flipped = a.flip(1);
        NDArray summed = flipped.cumSum(1)) {
      return summed.flip(1);
    }
  }

  @Override
  public String toString() {
    return "fast-ap" + config;
  }
}
