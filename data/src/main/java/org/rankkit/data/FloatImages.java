package org.rankkit.data;

/** Small float-image helpers on channel-major (C, H, W) arrays. */
public final class FloatImages {

  private FloatImages() {}

  /**
   * Bilinear resize of a (C, H, W) image to (C, outH, outW), sampling pixel centres (the {@code
   * align_corners=false} convention).
   *
   * @param src the image, channel-major
   * @param channels C
   * @param h H
   * @param w W
   * @param outH the output height
   * @param outW the output width
   * @return a new (C, outH, outW) array
   */
  public static float[] resizeBilinear(
      float[] src, int channels, int h, int w, int outH, int outW) {
    float[] out = new float[channels * outH * outW];
    float sy = (float) h / outH;
    float sx = (float) w / outW;
    for (int y = 0; y < outH; y++) {
      float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
      int y0 = Math.min((int) fy, h - 1);
      int y1 = Math.min(y0 + 1, h - 1);
      float wy = fy - y0;
      for (int x = 0; x < outW; x++) {
        float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
        int x0 = Math.min((int) fx, w - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        float wx = fx - x0;
        for (int c = 0; c < channels; c++) {
          int base = c * h * w;
          float top = src[base + y0 * w + x0] * (1 - wx) + src[base + y0 * w + x1] * wx;
          float bottom = src[base + y1 * w + x0] * (1 - wx) + src[base + y1 * w + x1] * wx;
          out[c * outH * outW + y * outW + x] = top * (1 - wy) + bottom * wy;
        }
      }
    }
    return out;
  }
}
