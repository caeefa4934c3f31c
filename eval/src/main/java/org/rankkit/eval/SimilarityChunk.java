package org.rankkit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * One similarity chunk (a query chunk against a gallery chunk) as the worker threads read it: the
 * row-major similarities and, per row, {@code groups} maxima, maximum p covering the columns p, p +
 * groups, …, p + ({@link #GROUP_SIZE} − 1)·groups; the last {@code width − groups·GROUP_SIZE}
 * columns have no maximum. Exactly one of the float and double views is set. Read by one thread.
 */
final class SimilarityChunk {

  /** Similarities per group whose maximum the engine computes (a power of two). */
  static final int GROUP_SIZE = 16;

  final int width;
  final int groups;
  final FloatBuffer f;
  final DoubleBuffer d;
  private final FloatBuffer fMax;
  private final DoubleBuffer dMax;
  private final float[] floatScratch;
  private float[] rowScratch;
  private final double[] doubleScratch;
  private final double[] selectScratch;

  private SimilarityChunk(
      int width, int groups, ByteBuffer sims, ByteBuffer maxima, boolean doublePrecision) {
    this.width = width;
    this.groups = groups;
    this.f = doublePrecision ? null : sims.asFloatBuffer();
    this.d = doublePrecision ? sims.asDoubleBuffer() : null;
    this.fMax = doublePrecision || maxima == null ? null : maxima.asFloatBuffer();
    this.dMax = doublePrecision && maxima != null ? maxima.asDoubleBuffer() : null;
    floatScratch = doublePrecision ? null : new float[groups];
    doubleScratch = doublePrecision ? new double[groups] : null;
    selectScratch = new double[groups];
  }

  /**
   * Computes the group maxima of engine similarities on the engine and exposes both to Java
   * (zero-copy on the CPU). The buffers live as long as {@code sims}' manager.
   *
   * @param sims rows × width similarities of one query chunk against one gallery chunk
   * @param doublePrecision whether {@code sims} is float64
   */
  static SimilarityChunk of(NDArray sims, boolean doublePrecision) {
    int width = (int) sims.getShape().get(1);
    int groups = width / GROUP_SIZE;
    ByteBuffer maxima = null;
    if (groups > 0) {
      // halve the width GROUP_SIZE = 2^h times: column p of the result is the maximum of columns
      // p, p + groups, ..., p + (GROUP_SIZE - 1) * groups (elementwise maxima vectorise well)
      int w = groups * GROUP_SIZE;
      NDArray max = w == width ? sims : sims.get(new NDIndex(":, :{}", w));
      while (w > groups) {
        w /= 2;
        max = max.get(new NDIndex(":, :{}", w)).maximum(max.get(new NDIndex(":, {}:", w)));
      }
      maxima = max.toByteBuffer(true);
    }
    return new SimilarityChunk(width, groups, sims.toByteBuffer(true), maxima, doublePrecision);
  }

  /** Returns the group maxima of a row (float32), in a scratch array. */
  float[] rowMaxF(int row) {
    float[] max = floatScratch;
    if (groups > 0) {
      fMax.get(row * groups, max, 0, groups);
    }
    return max;
  }

  /** Returns the group maxima of a row (float64), in a scratch array. */
  double[] rowMaxD(int row) {
    double[] max = doubleScratch;
    if (groups > 0) {
      dMax.get(row * groups, max, 0, groups);
    }
    return max;
  }

  /**
   * Returns the first {@code groups · GROUP_SIZE} similarities of a row (float32), in a scratch
   * array.
   */
  float[] rowF(int row) {
    if (rowScratch == null) {
      rowScratch = new float[groups * GROUP_SIZE];
    }
    f.get(row * width, rowScratch, 0, groups * GROUP_SIZE);
    return rowScratch;
  }

  /**
   * Returns a copy of the group maxima of a row, as doubles (float32 maxima widened exactly), in a
   * scratch array that the caller may reorder.
   */
  double[] rowMaxCopy(int row) {
    for (int p = 0; p < groups; p++) {
      selectScratch[p] = fMax != null ? fMax.get(row * groups + p) : dMax.get(row * groups + p);
    }
    return selectScratch;
  }

  /** Returns the similarity at a flat (row-major) position. */
  double get(int flat) {
    return f != null ? f.get(flat) : d.get(flat);
  }
}
