package org.rankkit.loss.recall;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;
import org.rankkit.api.loss.FloatSimilarities;
import org.rankkit.api.loss.FusedRowDriver;
import org.rankkit.api.loss.Implementation;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The smooth Recall@k surrogate of Patel, Tolias and Matas (CVPR 2022), exactly as
 * docs/numeric-spec.md (section recall-at-k) defines it.
 *
 * <p>For a valid query {@code q} (a query with at least one positive), the smooth rank of a
 * positive {@code x} is {@code r(q,x) = 1 + Σ_{z ∈ Π_q, z ≠ x} σ_tauSim(s(q,z) − s(q,x))} with rank
 * pool {@code Π_q} = every other item (and the query itself with {@code includeQuery}); then {@code
 * R_k(q) = min(k', Σ_x σ_tauRank_k(k' − r(q,x))) / min(k', |P_q|)} with {@code k' = min(k, |Π_q|)},
 * and {@code L(q) = 1 − mean_k R_k(q)}. The loss is the mean of {@code L(q)} over valid queries,
 * and exactly 0 (with zero gradient) when there is none. Virtual items of an augmented batch are
 * gallery items always and queries where the batch's query mask says so.
 *
 * <p>Two implementations give the same numbers (to rounding): {@code fused-cpu}, a plain-Java row
 * kernel run by {@link FusedRowDriver} that computes the loss and {@code dL/dS} analytically in one
 * pass per query on all cores, and {@code engine}, DJL operations over chunks of queries (for
 * GPUs). {@code auto} picks fused-cpu for CPU arrays and engine otherwise. Either way the value
 * {@code L} and gradient {@code G} are handed to autograd as {@code sum(S ⊙ stopGradient(G)) −
 * stopGradient(sum(S ⊙ G)) + L}, so gradients reach the similarities (and through them the
 * embeddings) while no per-query intermediate stays alive in the autograd graph.
 *
 * <p>Works in the similarities' data type (float32 or float64): the fused kernel computes in double
 * and the result is returned in the input type. Immutable and thread-safe.
 */
public final class RecallAtKLoss implements RankingLoss {

  private final RecallAtKConfig config;
  private final Implementation implementation;
  private final long maxChunkBytes;

  /**
   * Returns a typed builder that starts from the defaults, e.g. {@code
   * RecallAtKLoss.builder().ks(1, 2, 4).tauSim(0.01).build()}.
   *
   * @return a new builder
   */
  public static RecallAtKLossBuilder builder() {
    return new RecallAtKLossBuilder();
  }

  /**
   * Creates the loss.
   *
   * @param config validated parameters
   */
  public RecallAtKLoss(RecallAtKConfig config) {
    this(config, FusedRowDriver.MAX_VIEW_BYTES);
  }

  /** For tests: a smaller chunk of rows viewed at once by the fused path. */
  RecallAtKLoss(RecallAtKConfig config, long maxChunkBytes) {
    this.config = Objects.requireNonNull(config, "config");
    this.implementation = Implementation.parse("recall-at-k", config.implementation());
    this.maxChunkBytes = maxChunkBytes;
  }

  /** {@return the parameters} */
  public RecallAtKConfig config() {
    return config;
  }

  /**
   * Returns the implementation used for arrays on a device: {@code fused-cpu} or {@code engine}.
   *
   * @param device the similarities' device
   * @return the resolved implementation name
   */
  public String implementationFor(Device device) {
    return implementation.on(device).id();
  }

  @Override
  public NDArray compute(SimilarityBatch batch) {
    NDArray s = batch.similarities();
    DataType dtype = FloatSimilarities.require(s, "recall-at-k");
    QueryPlan plan = QueryPlan.of(batch, config);
    if (implementation.on(s.getDevice()) == Implementation.ENGINE) {
      return new EngineRecallKernel(config, plan).loss(s);
    }
    long rowBytes = (long) plan.n * dtype.getNumOfBytes();
    int chunkRows =
        maxChunkBytes >= FusedRowDriver.MAX_VIEW_BYTES
            ? 0
            : (int) Math.max(1, Math.min(plan.n, maxChunkBytes / rowBytes));
    return FusedRowDriver.mean(
        batch,
        plan.validQueries,
        new FusedRecallKernel(config, plan),
        new FusedRowDriver.Split(chunkRows, config.queryChunk()),
        "recall-at-k");
  }

  @Override
  public String toString() {
    return "recall-at-k" + config;
  }
}
