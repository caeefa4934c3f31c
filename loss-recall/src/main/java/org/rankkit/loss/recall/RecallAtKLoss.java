package org.rankkit.loss.recall;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.rankkit.api.loss.Implementation;
import org.rankkit.api.loss.LinearisedLoss;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The smooth Recall@k surrogate of Patel, Tolias and Matas (CVPR 2022), exactly as docs/numeric-spec.md
 * (section recall-at-k) defines it.
 *
 * <p>For a valid query {@code q} (a query with at least one positive), the smooth rank of a positive
 * {@code x} is {@code r(q,x) = 1 + Σ_{z ∈ Π_q, z ≠ x} σ_tauSim(s(q,z) − s(q,x))} with rank pool
 * {@code Π_q} = every other item (and the query itself with {@code includeQuery}); then {@code R_k(q)
 * = min(k', Σ_x σ_tauRank_k(k' − r(q,x))) / min(k', |P_q|)} with {@code k' = min(k, |Π_q|)}, and
 * {@code L(q) = 1 − mean_k R_k(q)}. The loss is the mean of {@code L(q)} over valid queries, and
 * exactly 0 (with zero gradient) when there is none. Virtual items of an augmented batch are
 * database items always and queries where the batch's query mask says so.
 *
 * <p>Two implementations give the same numbers (to rounding): {@code fused-cpu}, a plain-Java kernel
 * that computes the loss and {@code dL/dS} analytically in one pass per query on all cores, and
 * {@code engine}, DJL operations over chunks of queries (for GPUs). {@code auto} picks fused-cpu for
 * CPU arrays and engine otherwise. Either way the value {@code L} and gradient {@code G} are handed
 * to autograd as {@code sum(S ⊙ stopGradient(G)) − stopGradient(sum(S ⊙ G)) + L}, so gradients
 * reach the similarities (and through them the embeddings) while no per-query intermediate stays
 * alive in the autograd graph.
 *
 * <p>Works in the similarities' data type (float32 or float64): the fused kernel computes in double
 * and the result is returned in the input type. Immutable and thread-safe.
 */
public final class RecallAtKLoss implements RankingLoss {

  /** Largest block of similarity rows viewed at once by the fused path (Java buffers are int-sized). */
  private static final long MAX_BLOCK_BYTES = 1L << 30;

  private final RecallAtKConfig config;
  private final Implementation implementation;
  private final long maxBlockBytes;

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
    this(config, MAX_BLOCK_BYTES);
  }

  /** For tests: a smaller block of rows viewed at once by the fused path. */
  RecallAtKLoss(RecallAtKConfig config, long maxBlockBytes) {
    this.config = Objects.requireNonNull(config, "config");
    this.implementation = Implementation.parse("recall-at-k", config.implementation());
    this.maxBlockBytes = maxBlockBytes;
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
    DataType dtype = s.getDataType();
    if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
      throw new IllegalArgumentException(
          "recall-at-k needs float32 or float64 similarities, got " + dtype);
    }
    QueryPlan plan = QueryPlan.of(batch, config);
    NDManager owner = s.getManager();
    // on the similarities' device (their manager's default device may differ)
    try (NDManager sub = owner.newSubManager(s.getDevice())) {
      NDArray detached = s.stopGradient();
      detached.attach(sub);
      LossAndGradient result =
          implementation.on(s.getDevice()) == Implementation.ENGINE
              ? engine(detached, plan, sub)
              : fused(detached, plan, sub);
      NDArray loss = LinearisedLoss.of(s, result.gradient(), result.loss());
      loss.attach(owner);
      return loss;
    }
  }

  private LossAndGradient engine(NDArray detached, QueryPlan plan, NDManager sub) {
    if (detached.isNaN().any().getBoolean() || detached.isInfinite().any().getBoolean()) {
      throw new IllegalArgumentException(
          "similarities contain NaN or infinite values; recall-at-k needs finite similarities"
              + " (check the embeddings)");
    }
    return new EngineRecallKernel(config, plan).run(detached, sub);
  }

  private LossAndGradient fused(NDArray detached, QueryPlan plan, NDManager sub) {
    Device device = detached.getDevice();
    NDManager cpu = sub.newSubManager(Device.cpu());
    NDArray s = detached;
    if (!Device.Type.CPU.equals(device.getDeviceType())) {
      s = detached.toDevice(Device.cpu(), false);
      s.attach(cpu);
    }
    final int n = plan.n;
    final DataType dtype = s.getDataType();
    final boolean single = dtype == DataType.FLOAT32;
    final long rowBytes = (long) n * dtype.getNumOfBytes();
    final int blockRows = (int) Math.max(1, Math.min(n, maxBlockBytes / rowBytes));
    NDArray gradient = cpu.create(new Shape(n, n), dtype); // uninitialised; every row is written
    FusedRecallKernel kernel = new FusedRecallKernel(config, plan);
    boolean[] valid = new boolean[n];
    for (int q : plan.validQueries) {
      valid[q] = true;
    }
    double lossSum = 0.0;
    for (int from = 0; from < n; from += blockRows) {
      final int to = Math.min(n, from + blockRows);
      final int first = from;
      boolean whole = from == 0 && to == n;
      NDArray inBlock = whole ? s : s.get(cpu, new NDIndex("{}:{}", from, to));
      NDArray outBlock = whole ? gradient : gradient.get(cpu, new NDIndex("{}:{}", from, to));
      ByteBuffer in = inBlock.toByteBuffer(true);
      ByteBuffer out = outBlock.toByteBuffer(true);
      FusedRecallKernel.RowReader reader;
      FusedRecallKernel.RowWriter writer;
      if (single) {
        FloatBuffer fin = in.asFloatBuffer();
        FloatBuffer fout = out.asFloatBuffer();
        reader =
            (row, dst, staging) -> {
              fin.get((row - first) * n, staging, 0, n);
              for (int z = 0; z < n; z++) {
                dst[z] = staging[z];
              }
            };
        writer =
            (row, values, staging) -> {
              for (int z = 0; z < n; z++) {
                staging[z] = (float) values[z];
              }
              fout.put((row - first) * n, staging, 0, n);
            };
        for (int row = from; row < to; row++) {
          if (!valid[row]) {
            int base = (row - first) * n;
            for (int z = 0; z < n; z++) {
              requireFinite(fin.get(base + z), row);
              fout.put(base + z, 0f);
            }
          }
        }
      } else {
        DoubleBuffer din = in.asDoubleBuffer();
        DoubleBuffer dout = out.asDoubleBuffer();
        reader = (row, dst, staging) -> din.get((row - first) * n, dst, 0, n);
        writer = (row, values, staging) -> dout.put((row - first) * n, values, 0, n);
        double[] zeros = new double[n];
        for (int row = from; row < to; row++) {
          if (!valid[row]) {
            int base = (row - first) * n;
            for (int z = 0; z < n; z++) {
              requireFinite(din.get(base + z), row);
            }
            dout.put(base, zeros, 0, n);
          }
        }
      }
      lossSum += kernel.run(from, to, reader, writer);
    }
    if (outOfCpu(device)) {
      NDArray onDevice = gradient.toDevice(device, false);
      onDevice.attach(sub);
      gradient = onDevice;
    } else {
      gradient.attach(sub);
    }
    cpu.close();
    double loss = plan.validCount() == 0 ? 0.0 : lossSum / plan.validCount();
    return new LossAndGradient(loss, gradient);
  }

  private static void requireFinite(double value, int row) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "similarity row " + row + " contains NaN or infinite values; recall-at-k needs finite"
              + " similarities (check the embeddings)");
    }
  }

  private static boolean outOfCpu(Device device) {
    return !Device.Type.CPU.equals(device.getDeviceType());
  }

  @Override
  public String toString() {
    return "recall-at-k" + config;
  }
}
