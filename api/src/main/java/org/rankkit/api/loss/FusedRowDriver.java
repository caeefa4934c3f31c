package org.rankkit.api.loss;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Runs a {@link RowKernel} over query rows of a batch's similarities on the CPU and hands the
 * result to autograd: the fused CPU implementation of every built-in loss, and a building chunk for
 * plugin losses whose math is easiest written one row at a time.
 *
 * <p>For rows {@code R} (distinct, increasing; usually {@link LabelStructure#validQueries()}),
 * {@link #mean} returns {@code (1/|R|) Σ_{q ∈ R} ℓ_q} and {@link #sum} returns {@code Σ_{q ∈ R}
 * ℓ_q}, each as a scalar whose gradient with respect to {@code S} is the kernel's gradient rows
 * with the same weight (see {@link LinearisedLoss#ofRows}); with no row the loss is exactly 0 with
 * an all-zero gradient. {@link #sums} is a first pass for losses whose rows need batch-wide
 * constants (contrastive's counts of active pairs): per-row statistics, summed.
 *
 * <p>The driver owns the bookkeeping:
 *
 * <ul>
 *   <li>the similarities are detached (and copied to the CPU from another device; the gradient goes
 *       back there); rows are read from engine memory through Java buffer views, in chunks of at
 *       most {@value #MAX_VIEW_BYTES} bytes (Java buffers are int-indexed) and at most {@link
 *       Split#chunkRows()} rows of {@code R};
 *   <li>each chunk's rows run in parallel tasks of {@link Split#taskRows()} rows on the common
 *       fork-join pool, each worker with its own row arrays and kernel workspace;
 *   <li>every row, in {@code R} or not, is checked: a NaN or infinite similarity is an {@link
 *       IllegalArgumentException} naming the row and the loss;
 *   <li>gradient rows are written straight into one engine-owned {@code |R| × N} array in the
 *       similarities' data type; per-row terms are added up in row order once every task is done.
 * </ul>
 *
 * <p>So the result is bit-identical for any chunk size, task size and number of threads. A task
 * that fails stops the others before the driver frees the buffers they view; the first failure is
 * rethrown. Stateless and thread-safe; every array it creates is closed before it returns, except
 * the returned scalar, which is attached to the similarities' manager.
 */
public final class FusedRowDriver {

  /** Largest chunk of similarity (or gradient) rows viewed at once through a Java buffer. */
  public static final long MAX_VIEW_BYTES = 1L << 30;

  private static final long EXPONENT = 0x7ff0000000000000L;
  private static final long EXPONENT_ONE = 0x0010000000000000L;

  private FusedRowDriver() {}

  /**
   * How the driver splits the rows: a validated configuration value.
   *
   * @param chunkRows at most this many rows of {@code R} per chunk (a chunk's rows are viewed at
   *     once); 0 for as many as the view limit allows
   * @param taskRows rows per parallel task; 0 to choose from the number of rows and threads
   */
  public record Split(int chunkRows, int taskRows) {

    /** Chunks as large as the view limit allows, task size chosen by the driver. */
    public static final Split AUTO = new Split(0, 0);

    /**
     * Validates the sizes.
     *
     * @param chunkRows {@code >= 0}
     * @param taskRows {@code >= 0}
     * @throws IllegalArgumentException when a size is negative
     */
    public Split {
      if (chunkRows < 0 || taskRows < 0) {
        throw new IllegalArgumentException(
            "chunk and task sizes must be >= 0 (0 = automatic), got chunkRows="
                + chunkRows
                + ", taskRows="
                + taskRows);
      }
    }

    /**
     * Returns a split with the given task size and chunks as large as allowed.
     *
     * @param taskRows rows per parallel task, {@code >= 0} (0 = automatic)
     * @return the split
     */
    public static Split tasksOf(int taskRows) {
      return new Split(0, taskRows);
    }

    /**
     * Returns a split with the given chunk size and automatic tasks.
     *
     * @param chunkRows rows of {@code R} per chunk, {@code >= 0} (0 = as many as allowed)
     * @return the split
     */
    public static Split chunksOf(int chunkRows) {
      return new Split(chunkRows, 0);
    }
  }

  /**
   * Per-row statistics for {@link #sums}: a row's contribution to batch-wide sums (counts, totals)
   * that a loss needs before it can compute any gradient row. Called from several threads at once;
   * must depend on the row only.
   */
  @FunctionalInterface
  public interface RowStatistics {

    /**
     * Computes one row's statistics.
     *
     * @param q the row's index in the batch (the query)
     * @param similarities {@code S[q][·]}: {@code N} finite values (may be overwritten)
     * @param statistics receives the row's values, all 0 on entry
     */
    void row(int q, double[] similarities, double[] statistics);
  }

  /**
   * Returns how many threads may run rows at once: the caller and the common fork-join pool's
   * workers. A kernel that sizes its workspace from a memory budget divides the budget by this.
   *
   * @return at least 1
   */
  public static int workers() {
    return Math.max(1, ForkJoinPool.getCommonPoolParallelism() + 1);
  }

  /**
   * Returns {@code (1/|R|) Σ_{q ∈ R} ℓ_q}, differentiable with respect to the similarities; exactly
   * 0 with zero gradient when {@code rows} is empty.
   *
   * @param <W> the kernel's workspace type
   * @param batch the batch (its similarities: float32 or float64, {@code N × N}, any device)
   * @param rows the rows {@code R}: distinct, increasing, each in {@code [0, N)}
   * @param kernel the per-row math
   * @param split how rows are split into chunks and tasks
   * @param lossId the loss's id, for messages
   * @return a scalar of the similarities' data type, attached to their manager
   * @throws IllegalArgumentException for another data type, bad rows or a non-finite similarity
   */
  public static <W> NDArray mean(
      SimilarityBatch batch, int[] rows, RowKernel<W> kernel, Split split, String lossId) {
    return linearised(batch, rows, kernel, split, lossId, true);
  }

  /**
   * Returns {@code Σ_{q ∈ R} ℓ_q}, differentiable with respect to the similarities; exactly 0 with
   * zero gradient when {@code rows} is empty.
   *
   * @param <W> the kernel's workspace type
   * @param batch the batch (its similarities: float32 or float64, {@code N × N}, any device)
   * @param rows the rows {@code R}: distinct, increasing, each in {@code [0, N)}
   * @param kernel the per-row math
   * @param split how rows are split into chunks and tasks
   * @param lossId the loss's id, for messages
   * @return a scalar of the similarities' data type, attached to their manager
   * @throws IllegalArgumentException for another data type, bad rows or a non-finite similarity
   */
  public static <W> NDArray sum(
      SimilarityBatch batch, int[] rows, RowKernel<W> kernel, Split split, String lossId) {
    return linearised(batch, rows, kernel, split, lossId, false);
  }

  /**
   * Returns per-row statistics summed over rows {@code R} (in row order, so bit-identical for any
   * split and thread count).
   *
   * @param batch the batch (its similarities: float32 or float64, {@code N × N}, any device)
   * @param rows the rows {@code R}: distinct, increasing, each in {@code [0, N)}
   * @param width how many statistics a row has, {@code >= 1}
   * @param statistics computes a row's statistics
   * @param split how rows are split into chunks and tasks
   * @param lossId the loss's id, for messages
   * @return {@code width} sums
   * @throws IllegalArgumentException for another data type, bad rows or a non-finite similarity
   */
  public static double[] sums(
      SimilarityBatch batch,
      int[] rows,
      int width,
      RowStatistics statistics,
      Split split,
      String lossId) {
    if (width < 1) {
      throw new IllegalArgumentException("a row needs at least one statistic, got width " + width);
    }
    NDArray s = batch.similarities();
    FloatSimilarities.require(s, lossId);
    requireRows(rows, batch.size());
    double[] perRow = new double[rows.length * width];
    try (NDManager scope = s.getManager().newSubManager(s.getDevice())) {
      NDManager cpu = cpuManager(scope, s.getDevice());
      NDArray onCpu = detachedOnCpu(s, scope, cpu);
      new Pass<Void>(onCpu, batch.size(), rows, split, lossId, cpu)
          .statistics(statistics, width, perRow);
    }
    double[] total = new double[width];
    for (int i = 0; i < rows.length; i++) {
      for (int c = 0; c < width; c++) {
        total[c] += perRow[i * width + c];
      }
    }
    return total;
  }

  private static <W> NDArray linearised(
      SimilarityBatch batch,
      int[] rows,
      RowKernel<W> kernel,
      Split split,
      String lossId,
      boolean mean) {
    NDArray s = batch.similarities();
    DataType dtype = FloatSimilarities.require(s, lossId);
    int n = batch.size();
    requireRows(rows, n);
    Device device = s.getDevice();
    try (NDManager scope = s.getManager().newSubManager(device)) {
      NDManager cpu = cpuManager(scope, device);
      NDArray onCpu = detachedOnCpu(s, scope, cpu);
      // uninitialised: every row is written
      NDArray gradient = rows.length == 0 ? null : cpu.create(new Shape(rows.length, n), dtype);
      double weight = mean && rows.length > 0 ? 1.0 / rows.length : 1.0;
      double[] terms = new double[rows.length];
      new Pass<W>(onCpu, n, rows, split, lossId, cpu).kernel(kernel, gradient, weight, terms);
      if (rows.length == 0) {
        return LinearisedLoss.constant(s, 0.0);
      }
      double total = 0.0;
      for (double t : terms) {
        total += t;
      }
      double loss = mean ? total / rows.length : total;
      if (!Device.Type.CPU.equals(device.getDeviceType())) {
        NDArray back = gradient.toDevice(device, false);
        back.attach(scope);
        gradient = back;
      }
      return LinearisedLoss.ofRows(s, rows, gradient, loss);
    }
  }

  private static NDManager cpuManager(NDManager scope, Device device) {
    return Device.Type.CPU.equals(device.getDeviceType())
        ? scope
        : scope.newSubManager(Device.cpu());
  }

  private static NDArray detachedOnCpu(NDArray s, NDManager scope, NDManager cpu) {
    NDArray detached = s.stopGradient();
    detached.attach(scope);
    if (cpu == scope) {
      return detached;
    }
    NDArray copy = detached.toDevice(Device.cpu(), false);
    copy.attach(cpu);
    return copy;
  }

  private static void requireRows(int[] rows, int n) {
    int previous = -1;
    for (int r : rows) {
      if (r <= previous || r >= n) {
        throw new IllegalArgumentException(
            "rows must be distinct, increasing and in [0, "
                + n
                + "), got "
                + Arrays.toString(rows));
      }
      previous = r;
    }
  }

  /**
   * Returns whether every value is finite, with integer operations only (so the loop vectorises):
   * adding one to an all-ones exponent field carries into the sign bit.
   */
  static boolean allFinite(double[] values, int n) {
    long flags = 0;
    for (int z = 0; z < n; z++) {
      flags |= (Double.doubleToRawLongBits(values[z]) & EXPONENT) + EXPONENT_ONE;
    }
    return flags >= 0;
  }

  /** One walk over the similarity rows: chunks, tasks, workers, reads and checks. */
  private static final class Pass<W> {

    private final NDArray similarities;
    private final int n;
    private final int[] rows;
    private final Split split;
    private final String lossId;
    private final NDManager cpu;
    private final boolean single;
    private final ConcurrentLinkedDeque<Worker<W>> pool = new ConcurrentLinkedDeque<>();

    Pass(NDArray similarities, int n, int[] rows, Split split, String lossId, NDManager cpu) {
      this.similarities = similarities;
      this.n = n;
      this.rows = rows;
      this.split = split;
      this.lossId = lossId;
      this.cpu = cpu;
      this.single = similarities.getDataType() == DataType.FLOAT32;
    }

    /** Runs a kernel: terms into {@code terms}, weighted gradient rows into {@code gradient}. */
    void kernel(RowKernel<W> kernel, NDArray gradient, double weight, double[] terms) {
      walk(
          gradient,
          () -> new Worker<>(n, kernel.workspace(), 0),
          (i, q, w, chunk) -> {
            Arrays.fill(w.gradient, 0.0);
            terms[i] = kernel.row(q, w.row, w.gradient, w.workspace);
            chunk.write(i, w.gradient, weight, w.staging);
          });
    }

    /** Runs row statistics into {@code perRow} ({@code width} values a row, in row order). */
    void statistics(RowStatistics statistics, int width, double[] perRow) {
      walk(
          null,
          () -> new Worker<>(n, null, width),
          (i, q, w, chunk) -> {
            Arrays.fill(w.statistics, 0.0);
            statistics.row(q, w.row, w.statistics);
            System.arraycopy(w.statistics, 0, perRow, i * width, width);
          });
    }

    private void walk(NDArray gradient, Supplier<Worker<W>> newWorker, RowWork<W> work) {
      long rowBytes = (long) n * similarities.getDataType().getNumOfBytes();
      int viewRows = (int) Math.max(1, Math.min(n, MAX_VIEW_BYTES / rowBytes));
      double[] check = null;
      float[] checkStaging = null;
      int k = 0;
      for (int from = 0; from < n; ) {
        int to = Math.min(n, from + viewRows);
        int k2 = lowerBound(rows, k, to);
        if (split.chunkRows() > 0 && k2 - k > split.chunkRows()) {
          k2 = k + split.chunkRows();
          to = rows[k2 - 1] + 1;
        }
        try (NDManager views = cpu.newSubManager()) {
          Chunk chunk = new Chunk(views, gradient, from, to, k, k2);
          if (to - from > k2 - k) { // rows outside R: checked, not computed
            if (check == null) {
              check = new double[n];
              checkStaging = new float[n];
            }
            int j = k;
            for (int q = from; q < to; q++) {
              if (j < k2 && rows[j] == q) {
                j++;
              } else {
                chunk.read(q, check, checkStaging);
              }
            }
          }
          if (k2 > k) {
            runTasks(chunk, k, k2, newWorker, work);
          }
        }
        from = to;
        k = k2;
      }
    }

    private void runTasks(
        Chunk chunk, int k, int k2, Supplier<Worker<W>> newWorker, RowWork<W> work) {
      int count = k2 - k;
      int size =
          split.taskRows() > 0
              ? split.taskRows()
              : Math.max(1, Math.min(64, count / (workers() * 8)));
      int tasks = (count + size - 1) / size;
      // A parallel stream rethrows a task's exception without waiting for the other tasks, and the
      // caller then frees the arrays that the views point into: every task must end normally, so
      // a failure is recorded, the remaining tasks skip their work, and it is rethrown afterwards.
      AtomicReference<RuntimeException> failure = new AtomicReference<>();
      IntStream.range(0, tasks)
          .parallel()
          .forEach(
              t -> {
                if (failure.get() != null) {
                  return;
                }
                Worker<W> w = pool.pollFirst();
                try {
                  if (w == null) {
                    w = newWorker.get();
                  }
                  int end = Math.min(k2, k + (t + 1) * size);
                  for (int i = k + t * size; i < end && failure.get() == null; i++) {
                    int q = rows[i];
                    chunk.read(q, w.row, w.staging);
                    work.row(i, q, w, chunk);
                  }
                } catch (RuntimeException e) {
                  failure.compareAndSet(null, e);
                }
                if (w != null) {
                  pool.addFirst(w);
                }
              });
      if (failure.get() != null) {
        throw failure.get();
      }
    }

    /**
     * The views of one chunk: similarity rows {@code [from, to)}, gradient rows {@code [k, k2)}.
     */
    private final class Chunk {
      private final int from;
      private final int k;
      private final FloatBuffer floatsIn;
      private final DoubleBuffer doublesIn;
      private final FloatBuffer floatsOut;
      private final DoubleBuffer doublesOut;

      Chunk(NDManager views, NDArray gradient, int from, int to, int k, int k2) {
        this.from = from;
        this.k = k;
        ByteBuffer in = view(views, similarities, from, to, n).toByteBuffer(true);
        ByteBuffer out =
            gradient == null || k2 == k
                ? null
                : view(views, gradient, k, k2, rows.length).toByteBuffer(true);
        floatsIn = single ? in.asFloatBuffer() : null;
        doublesIn = single ? null : in.asDoubleBuffer();
        floatsOut = out != null && single ? out.asFloatBuffer() : null;
        doublesOut = out != null && !single ? out.asDoubleBuffer() : null;
      }

      /** Reads similarity row {@code q} into {@code out} and checks it. */
      void read(int q, double[] out, float[] staging) {
        int base = (q - from) * n;
        if (single) {
          floatsIn.get(base, staging, 0, n);
          for (int z = 0; z < n; z++) {
            out[z] = staging[z];
          }
        } else {
          doublesIn.get(base, out, 0, n);
        }
        if (!allFinite(out, n)) {
          throw new IllegalArgumentException(
              "similarity row "
                  + q
                  + " contains NaN or infinite values; "
                  + lossId
                  + " needs finite similarities (check the embeddings)");
        }
      }

      /** Writes gradient row {@code i} of {@code R}, times {@code weight}. */
      void write(int i, double[] values, double weight, float[] staging) {
        int base = (i - k) * n;
        if (single) {
          for (int z = 0; z < n; z++) {
            staging[z] = (float) (values[z] * weight);
          }
          floatsOut.put(base, staging, 0, n);
        } else {
          if (weight != 1.0) {
            for (int z = 0; z < n; z++) {
              values[z] *= weight;
            }
          }
          doublesOut.put(base, values, 0, n);
        }
      }

      private NDArray view(NDManager views, NDArray whole, int start, int end, int length) {
        if (start == 0 && end == length) {
          return whole;
        }
        return whole.get(views, new NDIndex("{}:{}", start, end));
      }
    }
  }

  /** What a walk does with one row once it is read and checked. */
  @FunctionalInterface
  private interface RowWork<W> {
    void row(int i, int q, Worker<W> worker, Pass<W>.Chunk chunk);
  }

  /** One worker's arrays, reused from row to row and from chunk to chunk. */
  private static final class Worker<W> {
    final double[] row;
    final double[] gradient;
    final float[] staging;
    final double[] statistics;
    final W workspace;

    Worker(int n, W workspace, int width) {
      this.row = new double[n];
      this.gradient = width == 0 ? new double[n] : null;
      this.staging = new float[n];
      this.statistics = new double[width];
      this.workspace = workspace;
    }
  }

  /** First index in {@code sorted[from..]} (distinct, increasing) whose value is {@code >= key}. */
  private static int lowerBound(int[] sorted, int from, int key) {
    int found = Arrays.binarySearch(sorted, from, sorted.length, key);
    return found >= 0 ? found : -found - 1;
  }
}
