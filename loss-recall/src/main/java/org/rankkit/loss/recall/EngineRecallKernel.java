package org.rankkit.loss.recall;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.rankkit.api.loss.FiniteSimilarities;
import org.rankkit.api.loss.LinearisedLoss;

/**
 * The engine-ops kernel of recall-at-k (for GPUs): valid queries are processed in chunks; for each
 * chunk the {@code chunk × maxP × N} sigmoid tensor of every positive against every gallery item is
 * built with DJL operations, reduced to the loss terms and, analytically, to the chunk's gradient
 * rows {@code dL/dS}; then the chunk's intermediates are freed (one sub-manager per chunk).
 *
 * <p>Peak extra memory is a few {@code chunk × maxP × N} tensors plus the {@code N × N} gradient
 * (each chunk's rows are written into it in place), never anything cubic in the batch size: the
 * gradient is handed to autograd with {@link LinearisedLoss} (as the gradient of {@code sum(S ⊙
 * G)}), so no per-chunk tensor stays alive in an autograd graph. All arithmetic runs in the
 * similarities' data type on their device.
 */
final class EngineRecallKernel {

  /**
   * Bound on the number of {@code chunk × maxP × N} tensors alive at once (one boolean counted as a
   * full element), used to size chunks from the memory budget.
   */
  private static final int LIVE_CUBE_TENSORS = 4;

  private final RecallAtKConfig config;
  private final QueryPlan plan;

  /**
   * Creates a kernel.
   *
   * @param config loss parameters
   * @param plan the batch's label structure
   */
  EngineRecallKernel(RecallAtKConfig config, QueryPlan plan) {
    this.config = config;
    this.plan = plan;
  }

  /**
   * Returns the number of valid queries per chunk: {@code queryChunk}, or the largest count whose
   * {@code chunk × maxP × N} working tensors fit the memory budget (at least 1).
   *
   * @param bytesPerElement size of one element of the compute data type
   * @return the chunk size
   */
  int chunkSize(int bytesPerElement) {
    if (config.queryChunk() > 0) {
      return config.queryChunk();
    }
    long perQuery =
        (long) Math.max(1, plan.maxPositives) * plan.n * bytesPerElement * LIVE_CUBE_TENSORS;
    long chunk = config.memoryBudgetBytes() / Math.max(1, perQuery);
    return (int) Math.max(1, Math.min(Math.max(1, plan.validCount()), chunk));
  }

  /**
   * Computes the loss, differentiable with respect to the similarities (see {@link
   * LinearisedLoss}).
   *
   * @param s the {@code N × N} similarities (float32 or float64, possibly requiring gradients)
   * @return a scalar attached to the similarities' manager
   * @throws IllegalArgumentException when a similarity is NaN or infinite
   */
  NDArray loss(NDArray s) {
    FiniteSimilarities.require(s, "recall-at-k");
    if (plan.validCount() == 0) {
      return LinearisedLoss.constant(s, 0.0);
    }
    try (NDManager manager = s.getManager().newSubManager(s.getDevice())) {
      NDArray similarities = s.stopGradient();
      similarities.attach(manager);
      return linearised(s, similarities, manager);
    }
  }

  /** The loss and its {@code N × N} gradient from the detached similarities, linearised. */
  private NDArray linearised(NDArray attached, NDArray similarities, NDManager manager) {
    final int n = plan.n;
    final DataType dtype = similarities.getDataType();
    final int[] valid = plan.validQueries;
    final int validCount = valid.length;
    final int kCount = plan.kPrime.length;
    final double invTau = 1.0 / config.tauSim();
    final int chunk = chunkSize(dtype.getNumOfBytes());
    final double gradScale = 1.0 / ((double) validCount * kCount) * invTau;
    NDArray gradient = manager.zeros(new Shape(n, n), dtype); // rows of other items stay 0
    double lossSum = 0.0;
    for (int start = 0; start < validCount; start += chunk) {
      int c = Math.min(chunk, validCount - start);
      try (NDManager m = manager.newSubManager(similarities.getDevice())) {
        int maxP = 1;
        for (int i = 0; i < c; i++) {
          maxP = Math.max(maxP, plan.positiveCount(valid[start + i]));
        }
        long[] queryIndex = new long[c];
        long[] positiveIndex = new long[c * maxP];
        double[] positiveMask = new double[c * maxP];
        double[][] denominators = new double[kCount][c];
        int[] buffer = new int[maxP];
        for (int i = 0; i < c; i++) {
          int q = valid[start + i];
          queryIndex[i] = q;
          int p = plan.positives(q, buffer);
          for (int a = 0; a < p; a++) {
            positiveIndex[i * maxP + a] = buffer[a];
            positiveMask[i * maxP + a] = 1.0;
          }
          for (int a = p; a < maxP; a++) {
            positiveIndex[i * maxP + a] = q;
          }
          for (int j = 0; j < kCount; j++) {
            denominators[j][i] = Math.min(plan.kPrime[j], p);
          }
        }
        NDArray qIdx = m.create(queryIndex);
        NDArray pIdx = m.create(positiveIndex, new Shape(c, maxP));
        NDArray pMask = create(m, positiveMask, new Shape(c, maxP), dtype);
        NDArray s = similarities.get(m, new NDIndex("{}", qIdx)); // c × N
        NDArray sx = s.gather(pIdx, 1); // c × maxP
        // c × maxP × N tensors are updated in place and closed as soon as they are consumed, so at
        // most LIVE_CUBE_TENSORS of them exist at once.
        NDArray sig;
        try (NDArray expanded = s.expandDims(1);
            NDArray positives = sx.expandDims(2);
            NDArray diff = expanded.sub(positives)) {
          diff.muli(invTau);
          sig = Activation.sigmoid(diff);
        }
        NDArray column = m.arange(0, n, 1, DataType.INT64).reshape(1, 1, n);
        NDArray onPositive;
        try (NDArray positiveColumns = pIdx.expandDims(2)) {
          onPositive = column.eq(positiveColumns); // z == x, boolean
        }
        try (NDArray keep = onPositive.logicalNot();
            NDArray notQuery = column.neq(qIdx.reshape(c, 1, 1));
            NDArray pool = config.includeQuery() ? keep.duplicate() : keep.logicalAnd(notQuery);
            NDArray poolMask = pool.toType(dtype, false)) {
          sig.muli(poolMask);
        }
        sig.muli(pMask.expandDims(2)); // zero outside the rank pools and for padding
        NDArray rank = sig.sum(new int[] {2}).add(1.0); // c × maxP
        NDArray recall = m.zeros(new Shape(c), dtype);
        NDArray weight = m.zeros(new Shape(c, maxP), dtype);
        for (int j = 0; j < kCount; j++) {
          double kp = plan.kPrime[j];
          double tau = plan.tauRank[j];
          NDArray t = Activation.sigmoid(rank.neg().add(kp).div(tau)).mul(pMask);
          NDArray count = t.sum(new int[] {1}); // c
          NDArray den = create(m, denominators[j], new Shape(c), dtype);
          recall = recall.add(count.minimum(kp).div(den));
          NDArray active = count.lt(kp).toType(dtype, false).div(den).div(tau);
          weight = weight.add(t.mul(t.neg().add(1.0)).mul(active.expandDims(1)));
        }
        NDArray chunkLoss = recall.div(kCount).neg().add(1.0).sum();
        lossSum += chunkLoss.toType(DataType.FLOAT64, false).getDouble();
        NDArray g = sig.neg(); // g = σ(1 − σ) · w, built in place
        g.addi(1.0);
        g.muli(sig);
        sig.close();
        g.muli(weight.mul(gradScale).expandDims(2));
        NDArray gsum = g.sum(new int[] {2}); // c × maxP
        NDArray gRows = g.sum(new int[] {1}); // c × N
        g.close();
        try (NDArray correction = onPositive.toType(dtype, false)) {
          onPositive.close();
          correction.muli(gsum.expandDims(2));
          try (NDArray summed = correction.sum(new int[] {1})) {
            gRows.subi(summed);
          }
        }
        gradient.set(new NDIndex("{}", qIdx), gRows); // in place, row by query index
      }
    }
    return LinearisedLoss.of(attached, gradient, lossSum / validCount);
  }

  private static NDArray create(NDManager m, double[] values, Shape shape, DataType dtype) {
    if (dtype == DataType.FLOAT64) {
      return m.create(values, shape);
    }
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return m.create(f, shape);
  }
}
