package org.rankkit.loss.ap;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Objects;
import org.rankkit.api.loss.FusedRowDriver;
import org.rankkit.api.loss.Implementation;
import org.rankkit.api.loss.LabelStructure;
import org.rankkit.api.loss.LinearisedLoss;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * Smooth-AP (Brown et al., ECCV 2020) exactly as docs/numeric-spec.md defines it: for a valid query
 * {@code q} and each positive {@code x}, {@code R_P(x) = 1 + Σ_{z∈P_q, z≠x} σ_τ(s(q,z) − s(q,x))}
 * and {@code R_Ω(x) = 1 + Σ_{z∈Ω_q, z≠x} σ_τ(s(q,z) − s(q,x))}; {@code L = mean_q (1 − (1/|P_q|)
 * Σ_x R_P(x)/R_Ω(x))} over valid queries, and exactly 0 (zero gradient) when there is none.
 *
 * <p>Two implementations give the same numbers (to rounding), chosen by {@link
 * SmoothApConfig#implementation()} ({@code auto}: fused-cpu for CPU arrays, engine otherwise):
 *
 * <ul>
 *   <li>{@code fused-cpu}: a plain-Java row kernel ({@link FusedSmoothAp}, run by {@link
 *       FusedRowDriver}) evaluates every sigmoid twice per (query, positive, item) and computes the
 *       loss and {@code dL/dS} analytically, on all cores;
 *   <li>{@code engine}: DJL operations on any device, memory-bounded by processing valid queries in
 *       chunks (size {@link SmoothApConfig#queryChunk} or chosen from {@link
 *       SmoothApConfig#memoryBudgetBytes}); a chunk's positives are padded to the chunk's largest
 *       {@code |P_q|} and masked, so the largest temporaries are {@code chunk × |P| × N} (at most
 *       {@value #LIVE_TEMPORARIES} alive at once), allocated in a sub-manager freed after the
 *       chunk.
 * </ul>
 *
 * <p>Either way the loss and its analytic gradient are computed on detached similarities and handed
 * to autograd as a function linear in {@code S} (see {@link LinearisedLoss}), so the backward pass
 * keeps only {@code O(V × N)} and never the {@code |P| × N} sigmoids of any query. Works in the
 * similarities' data type (float32 or float64) on their device; non-finite similarities are
 * rejected with an {@link IllegalArgumentException}.
 *
 * <p>Immutable. {@link #compute} returns a scalar attached to the similarities' manager (the caller
 * owns it) and closes every temporary before returning.
 */
public final class SmoothApLoss implements RankingLoss {

  /** Number of {@code chunk × |P| × N} temporaries alive at the peak of one chunk (upper bound). */
  static final int LIVE_TEMPORARIES = 4;

  private final SmoothApConfig config;
  private final Implementation implementation;

  /**
   * Returns a typed builder that starts from the defaults, e.g. {@code
   * SmoothApLoss.builder().tau(0.01).build()}.
   *
   * @return a new builder
   */
  public static SmoothApLossBuilder builder() {
    return new SmoothApLossBuilder();
  }

  /**
   * Creates the loss.
   *
   * @param config validated parameters
   */
  public SmoothApLoss(SmoothApConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.implementation = Implementation.parse("smooth-ap", config.implementation());
  }

  /** {@return the parameters} */
  public SmoothApConfig config() {
    return config;
  }

  @Override
  public NDArray compute(SimilarityBatch batch) {
    return ApLossPaths.compute(
        batch,
        "smooth-ap",
        implementation,
        qp -> new FusedSmoothAp(config.tau(), qp, batch.labels()),
        (n, v) -> FusedRowDriver.Split.chunksOf(fusedChunkSize(n, v)),
        this::engineLoss);
  }

  /** The engine path: chunks of valid queries as tensor operations, linearised for autograd. */
  private NDArray engineLoss(SimilarityBatch batch, LabelStructure qp, DataType dtype) {
    NDArray s = batch.similarities();
    int n = batch.size();
    int v = qp.validCount();
    if (v == 0) {
      return LinearisedLoss.constant(s, 0.0);
    }
    try (NDManager scope = s.getManager().newSubManager(s.getDevice())) {
      NDArray sd = s.stopGradient();
      sd.attach(scope);
      NDArray labels = scope.create(batch.labels());
      NDArray columns = scope.arange(0, n, 1, DataType.INT64);
      int chunk = chunkSize(n, qp.maxPositives(), dtype.getNumOfBytes(), v);
      NDList gradChunks = new NDList();
      double[] apSum = {0};
      for (int start = 0; start < v; start += chunk) {
        int end = Math.min(v, start + chunk);
        try (NDManager cm = scope.newSubManager(s.getDevice())) {
          NDArray gradRows = chunk(sd, labels, columns, qp, start, end, v, dtype, cm, apSum);
          gradRows.attach(scope);
          gradChunks.add(gradRows);
        }
      }
      NDArray grad = gradChunks.size() == 1 ? gradChunks.get(0) : NDArrays.concat(gradChunks, 0);
      return LinearisedLoss.ofRows(s, qp.validQueries(), grad, 1.0 - apSum[0] / v);
    }
  }

  /**
   * Returns the implementation used for similarities on a device: {@code fused-cpu} or {@code
   * engine} ({@code auto} picks fused-cpu on the CPU, engine elsewhere).
   *
   * @param device the similarities' device
   * @return the resolved implementation
   */
  public String implementationFor(Device device) {
    return implementation.on(device).id();
  }

  /**
   * Rows of valid queries per chunk of the fused path ({@link FusedRowDriver.Split#chunkRows()}):
   * {@code queryChunk}, or as many as the budget allows for their similarity and gradient rows.
   */
  int fusedChunkSize(int n, int validQueries) {
    if (config.queryChunk() > 0) {
      return Math.min(config.queryChunk(), validQueries);
    }
    long perQuery = 2L * n * Double.BYTES;
    return (int) Math.min(validQueries, Math.max(1, config.memoryBudgetBytes() / perQuery));
  }

  /**
   * Adds {@code Σ AP(q)} of valid queries {@code start..end-1} to {@code apSum[0]} and returns
   * their rows {@code dL/dS[q, ·]} (in {@code cm}).
   */
  private NDArray chunk(
      NDArray sd,
      NDArray labels,
      NDArray columns,
      LabelStructure qp,
      int start,
      int end,
      int v,
      DataType dtype,
      NDManager cm,
      double[] apSum) {
    int c = end - start;
    int p = 0;
    for (int k = start; k < end; k++) {
      p = Math.max(p, qp.positiveCount(qp.validQuery(k)));
    }
    long[] qIdx = new long[c];
    long[] posIdx = new long[c * p];
    double[] posMask = new double[c * p];
    double[] weight = new double[c];
    double[] invP = new double[c];
    for (int i = 0; i < c; i++) {
      int q = qp.validQuery(start + i);
      int[] pos = qp.positives(qp.validQuery(start + i));
      qIdx[i] = q;
      for (int k = 0; k < p; k++) {
        // padding points at the query's own column: finite, masked out, its gradient is 0
        posIdx[i * p + k] = k < pos.length ? pos[k] : q;
        posMask[i * p + k] = k < pos.length ? 1 : 0;
      }
      invP[i] = 1.0 / pos.length;
      weight[i] = -1.0 / ((double) v * pos.length);
    }
    NDArray q = cm.create(qIdx);
    NDArray rows = sd.get(q);
    rows.attach(cm);
    NDArray qLabels = labels.get(q);
    qLabels.attach(cm);
    NDArray qCol = q.reshape(c, 1);
    NDArray omega = columns.reshape(1, -1).neq(qCol).toType(dtype, false); // c × N: z ≠ q
    NDArray posCol =
        qLabels.reshape(c, 1).eq(labels.reshape(1, -1)).toType(dtype, false).mul(omega);
    NDArray pIdx = cm.create(posIdx, new Shape(c, p));
    NDArray pMask = cm.create(posMask, new Shape(c, p)).toType(dtype, false);
    NDArray sx = rows.gather(pIdx, 1); // c × P: s(q, x)
    double tau = config.tau();

    // D[q,x,z] = σ_τ(s(q,z) − s(q,x)) for z ∈ Ω_q (0 at z = q); z = x gives σ(0) = 1/2
    NDArray d;
    try (NDArray arg = rows.expandDims(1).sub(sx.expandDims(2)).divi(tau)) {
      d = Activation.sigmoid(arg).muli(omega.expandDims(1));
    }
    NDArray rOmega = d.sum(new int[] {2}).addi(0.5); // 1 + Σ_{z∈Ω, z≠x}
    NDArray rPos;
    try (NDArray dPos = d.mul(posCol.expandDims(1))) {
      rPos = dPos.sum(new int[] {2}).addi(0.5); // 1 + Σ_{z∈P, z≠x}
    }
    NDArray ratio = rPos.div(rOmega).muli(pMask);
    NDArray ap = ratio.sum(new int[] {1}).muli(cm.create(invP).toType(dtype, false));
    apSum[0] += ap.sum().toType(DataType.FLOAT64, false).getDouble();

    // dL/dR_P(x) = w/R_Ω(x), dL/dR_Ω(x) = −w R_P(x)/R_Ω(x)², w = −1/(V |P_q|)
    NDArray w = pMask.mul(cm.create(weight).toType(dtype, false).reshape(c, 1));
    NDArray a = w.div(rOmega);
    NDArray b = a.mul(rPos).divi(rOmega).negi();
    // C[q,x,z] = (a_x [z∈P] + b_x) σ'_τ: coefficient of (ds(q,z) − ds(q,x))
    NDArray coeff = a.expandDims(2).mul(posCol.expandDims(1)).addi(b.expandDims(2));
    try (NDArray oneMinus = d.neg().addi(1)) {
      d.muli(oneMinus).divi(tau); // σ' = σ(1 − σ)/τ, 0 where z = q
    }
    coeff.muli(d);
    d.close();
    NDArray zSide = coeff.sum(new int[] {1}); // c × N
    NDArray xSide = coeff.sum(new int[] {2}).negi(); // c × P
    coeff.close();
    NDArray xDense = zSide.zerosLike().scatter(pIdx, xSide, 1);
    return zSide.add(xDense);
  }

  /** Chooses the number of queries per chunk. */
  int chunkSize(int n, int maxPositives, int bytesPerValue, int validQueries) {
    if (config.queryChunk() > 0) {
      return Math.min(config.queryChunk(), validQueries);
    }
    long perQuery = (long) LIVE_TEMPORARIES * Math.max(1, maxPositives) * n * bytesPerValue;
    long chunk = Math.max(1, config.memoryBudgetBytes() / perQuery);
    return (int) Math.min(chunk, validQueries);
  }

  @Override
  public String toString() {
    return "smooth-ap" + config;
  }
}
