package org.rankkit.loss.contrastive;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.stream.IntStream;
import org.rankkit.api.loss.FiniteSimilarities;
import org.rankkit.api.loss.FloatSimilarities;
import org.rankkit.api.loss.FusedRowDriver;
import org.rankkit.api.loss.Implementation;
import org.rankkit.api.loss.LinearisedLoss;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The pairwise contrastive loss exactly as docs/numeric-spec.md defines it: over ordered pairs
 * {@code (q, z)}, {@code z ≠ q}, with {@code q} a query (every query row of the batch's query mask,
 * valid or not), positive terms {@code [posMargin − s]₊} and negative terms {@code [s −
 * negMargin]₊}; the loss is the mean of the positive terms that are {@code > 0} plus the mean of
 * the negative terms that are {@code > 0}, each mean 0 when there is no such term.
 *
 * <p>Gradient convention at a term's kink (as autograd of {@code clamp(·, min=0)} divided by the
 * count of terms {@code > 0} gives it): a pair whose term is exactly 0 still receives the gradient
 * {@code ∓1/count}, provided the count is not 0.
 *
 * <p>Two implementations give the same numbers (to rounding), chosen by {@link
 * ContrastiveConfig#implementation()} ({@code auto}: fused-cpu for CPU arrays, engine otherwise);
 * both make two passes over the query rows (counts and sums of the active terms, then gradient
 * rows) on detached similarities:
 *
 * <ul>
 *   <li>{@code fused-cpu}: a plain-Java row kernel ({@link FusedContrastive}, run by {@link
 *       FusedRowDriver}) on all cores, in double;
 *   <li>{@code engine}: DJL operations in the similarities' data type on their device, in chunks of
 *       rows whose temporaries stay under a fixed budget ({@value #MEMORY_BUDGET_BYTES} bytes).
 * </ul>
 *
 * <p>Either way the value and {@code dL/dS} are handed to autograd as {@code sum(S ⊙ G) −
 * stopGradient(sum(S ⊙ G)) + L} (see {@link LinearisedLoss}), so the backward pass keeps only
 * {@code S} and the gradient rows of the queries. Non-finite similarities are rejected with an
 * {@link IllegalArgumentException}.
 */
public final class ContrastiveLoss implements RankingLoss {

  private final ContrastiveConfig config;
  private final Implementation implementation;
  private final long memoryBudgetBytes;

  /**
   * Returns a typed builder that starts from the defaults, e.g. {@code
   * ContrastiveLoss.builder().negMargin(0.4).build()}.
   *
   * @return a new builder
   */
  public static ContrastiveLossBuilder builder() {
    return new ContrastiveLossBuilder();
  }

  /**
   * Creates the loss.
   *
   * @param config validated parameters
   */
  public ContrastiveLoss(ContrastiveConfig config) {
    this(config, MEMORY_BUDGET_BYTES);
  }

  /** Creates the loss with another chunk budget for the engine path (tests force small chunks). */
  ContrastiveLoss(ContrastiveConfig config, long memoryBudgetBytes) {
    this.config = Objects.requireNonNull(config, "config");
    this.implementation = Implementation.parse("contrastive", config.implementation());
    this.memoryBudgetBytes = memoryBudgetBytes;
  }

  /** {@return the parameters} */
  public ContrastiveConfig config() {
    return config;
  }

  @Override
  public NDArray compute(SimilarityBatch batch) {
    NDArray s = batch.similarities();
    DataType dtype = FloatSimilarities.require(s, "contrastive");
    int n = batch.size();
    if (implementation.on(s.getDevice()) == Implementation.FUSED_CPU) {
      int[] queries = IntStream.range(0, n).filter(batch::isQuery).toArray();
      return FusedContrastive.loss(batch, queries, config);
    }
    FiniteSimilarities.require(s, "contrastive");
    try (NDManager scope = s.getManager().newSubManager(s.getDevice())) {
      NDArray sd = s.stopGradient();
      sd.attach(scope);
      NDArray labels = scope.create(batch.labels());
      NDArray queries = scope.create(batch.queryMask());
      NDArray columns = scope.arange(0, n, 1, DataType.INT64);
      int chunk = rowsPerChunk(n, dtype);
      // pass 1: sums and counts of the terms > 0
      double posSum = 0;
      double negSum = 0;
      long posCount = 0;
      long negCount = 0;
      for (int start = 0; start < n; start += chunk) {
        try (NDManager cm = scope.newSubManager(s.getDevice())) {
          Rows r = rows(sd, labels, queries, columns, start, Math.min(n, start + chunk), cm);
          NDArray posActive = r.posU.gt(0).logicalAnd(r.posPairs);
          NDArray negActive = r.negU.gt(0).logicalAnd(r.negPairs);
          posCount += posActive.sum().toType(DataType.INT64, false).getLong();
          negCount += negActive.sum().toType(DataType.INT64, false).getLong();
          posSum +=
              r.posU
                  .mul(posActive.toType(dtype, false))
                  .sum()
                  .toType(DataType.FLOAT64, false)
                  .getDouble();
          negSum +=
              r.negU
                  .mul(negActive.toType(dtype, false))
                  .sum()
                  .toType(DataType.FLOAT64, false)
                  .getDouble();
        }
      }
      double loss = (posCount > 0 ? posSum / posCount : 0) + (negCount > 0 ? negSum / negCount : 0);
      // pass 2: dL/dS = −[posMargin − s ≥ 0]/posCount on positive pairs,
      //                 +[s − negMargin ≥ 0]/negCount on negative pairs
      NDList gradRows = new NDList();
      for (int start = 0; start < n; start += chunk) {
        try (NDManager cm = scope.newSubManager(s.getDevice())) {
          Rows r = rows(sd, labels, queries, columns, start, Math.min(n, start + chunk), cm);
          NDArray g = scope.zeros(new Shape(r.count, n), dtype);
          if (posCount > 0) {
            g.subi(r.posU.gte(0).logicalAnd(r.posPairs).toType(dtype, false).divi(posCount));
          }
          if (negCount > 0) {
            g.addi(r.negU.gte(0).logicalAnd(r.negPairs).toType(dtype, false).divi(negCount));
          }
          gradRows.add(g);
        }
      }
      NDArray grad = gradRows.size() == 1 ? gradRows.get(0) : NDArrays.concat(gradRows, 0);
      return LinearisedLoss.of(s, grad, loss);
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
   * Rows per chunk of the engine path: {@value #LIVE_TEMPORARIES} {@code chunk × N} temporaries
   * within the budget.
   */
  int rowsPerChunk(int n, DataType dtype) {
    long perRow = (long) LIVE_TEMPORARIES * n * Math.max(4, dtype.getNumOfBytes());
    return (int) Math.min(n, Math.max(1, memoryBudgetBytes / perRow));
  }

  /** Memory budget of one chunk of rows' temporaries. */
  static final long MEMORY_BUDGET_BYTES = 256L << 20;

  private static final int LIVE_TEMPORARIES = 8;

  /**
   * The terms of rows {@code start..end-1}: {@code posMargin − s}, {@code s − negMargin}, masks.
   */
  private record Rows(int count, NDArray posU, NDArray negU, NDArray posPairs, NDArray negPairs) {}

  private Rows rows(
      NDArray sd,
      NDArray labels,
      NDArray queries,
      NDArray columns,
      int start,
      int end,
      NDManager cm) {
    int c = end - start;
    NDArray chunk = sd.get(new NDIndex("{}:{}", start, end));
    chunk.attach(cm);
    NDArray rowIdx = columns.get(new NDIndex("{}:{}", start, end));
    rowIdx.attach(cm);
    NDArray rowLabels = labels.get(new NDIndex("{}:{}", start, end));
    rowLabels.attach(cm);
    NDArray rowQueries = queries.get(new NDIndex("{}:{}", start, end));
    rowQueries.attach(cm);
    NDArray pairs =
        rowIdx.reshape(c, 1).neq(columns.reshape(1, -1)).logicalAnd(rowQueries.reshape(c, 1));
    NDArray same = rowLabels.reshape(c, 1).eq(labels.reshape(1, -1));
    NDArray posPairs = pairs.logicalAnd(same);
    NDArray negPairs = pairs.logicalAnd(same.logicalNot());
    NDArray posU = chunk.neg().addi(config.posMargin());
    NDArray negU = chunk.sub(config.negMargin());
    return new Rows(c, posU, negU, posPairs, negPairs);
  }

  @Override
  public String toString() {
    return "contrastive" + config;
  }
}
