package org.rankkit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The similarity that defines the ranking: the dot product of two L2-normalised rows accumulated in
 * double precision in a fixed order (exact products for float32 rows), so it does not depend on how
 * the engine chunks its matrix products.
 *
 * <p>The engine's chunked products are used to find candidates fast; their results differ from the
 * canonical value by at most {@link #margin()} (the worst-case rounding error of a d-term dot
 * product of unit vectors, with a safety factor of 4). Whenever two engine values are closer than
 * the margin allows to decide, the canonical values decide, so every metric is the same for every
 * chunk size and thread count.
 */
final class Canonical {

  private final int dim;
  private final float[] queryF;
  private final double[] queryD;
  private final float[] galleryF;
  private final double[] galleryD;
  private final double margin;

  /**
   * Copies the normalised rows to the JVM.
   *
   * @param queries Q × d unit rows (float32 or float64)
   * @param gallery G × d unit rows of the same type, or the same array in leave-one-out
   */
  Canonical(NDArray queries, NDArray gallery) {
    dim = (int) queries.getShape().get(1);
    boolean float64 = queries.getDataType() == DataType.FLOAT64;
    if (float64) {
      queryD = queries.toDoubleArray();
      galleryD = gallery == queries ? queryD : gallery.toDoubleArray();
      queryF = null;
      galleryF = null;
    } else {
      queryF = queries.toFloatArray();
      galleryF = gallery == queries ? queryF : gallery.toFloatArray();
      queryD = null;
      galleryD = null;
    }
    double unitRoundoff = float64 ? 0x1p-53 : 0x1p-24;
    margin = 4.0 * (dim + 2) * unitRoundoff;
  }

  /**
   * Returns the bound δ with |engine similarity − canonical similarity| ≤ δ.
   *
   * @return the margin
   */
  double margin() {
    return margin;
  }

  /**
   * Returns the canonical similarity of a query and a gallery item.
   *
   * @param query query row
   * @param item gallery row
   * @return their dot product in double precision
   */
  double similarity(int query, int item) {
    double sum = 0;
    int a = query * dim;
    int b = item * dim;
    if (queryF != null) {
      for (int c = 0; c < dim; c++) {
        sum += (double) queryF[a + c] * galleryF[b + c];
      }
    } else {
      for (int c = 0; c < dim; c++) {
        sum += queryD[a + c] * galleryD[b + c];
      }
    }
    return sum;
  }
}
