package org.rankkit.inference;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rankkit.data.FloatImages;
import org.rankkit.data.ImageDecoding;
import org.rankkit.data.ImageTransform;
import org.rankkit.trainer.model.EmbeddingModel;
import org.rankkit.trainer.outputs.InputSpec;
import org.rankkit.trainer.run.Devices;

/**
 * Embeds images with an exported model ({@code rankkit export}): the network of the training run
 * and exactly its evaluation preprocessing ({@link InputSpec}), on the CPU or a GPU.
 *
 * <pre>{@code
 * try (Embedder embedder = RankKitModels.embedder(Path.of("model"))) {
 *   float[] one = embedder.embed(Path.of("shoe.jpg"));          // embeddingSize() values, unit length
 *   float[][] many = embedder.embedFiles(List.of(a, b, c));     // one row per file
 * }
 * }</pre>
 *
 * <p>Thread-safe: preprocessing runs in the calling threads, the forward passes one at a time.
 * Every embedding has unit L2 norm, so a dot product is the cosine similarity. Close it to free the
 * network's native memory.
 */
public final class Embedder implements AutoCloseable {

  /** Images per forward pass of the batch methods. */
  public static final int DEFAULT_BATCH = 256;

  private final ModelInfo info;
  private final Model model;
  private final EmbeddingModel net;
  private final ImageTransform rgbTransform;
  private final float[] mean;
  private final float[] std;
  private final int itemLength;
  private final Object forwardLock = new Object();
  private boolean closed;

  private Embedder(ModelInfo info, Model model, EmbeddingModel net) {
    this.info = info;
    this.model = model;
    this.net = net;
    InputSpec in = info.input();
    this.rgbTransform = in.channels() == 3 ? new ImageTransform(in.imageSize()) : null;
    this.mean = in.normalisation().mean();
    this.std = in.normalisation().std();
    this.itemLength = in.channels() * in.imageSize() * in.imageSize();
  }

  /**
   * Loads a model directory on the first GPU when the engine sees one, else the CPU.
   *
   * @param dir the model directory
   * @return the embedder
   * @throws IllegalArgumentException with one line when the directory is not a model or a file is
   *     missing or does not fit
   * @throws IOException when reading fails
   */
  public static Embedder load(Path dir) throws IOException {
    return load(dir, Devices.resolve("auto"));
  }

  /**
   * Loads a model directory onto a device.
   *
   * @param dir the model directory
   * @param device {@code Device.cpu()} or a GPU (see {@link Devices#resolve})
   * @return the embedder
   * @throws IllegalArgumentException with one line when the directory is not a model or a file is
   *     missing or does not fit
   * @throws IOException when reading fails
   */
  public static Embedder load(Path dir, Device device) throws IOException {
    ModelInfo info = ModelInfo.read(dir);
    Path weights = dir.resolve(ModelInfo.WEIGHTS);
    if (!Files.isRegularFile(weights)) {
      throw new IllegalArgumentException(
          dir + " is an incomplete model: " + ModelInfo.WEIGHTS + " is missing");
    }
    if (ModelInfo.TORCHSCRIPT.equals(info.backbone())
        && !Files.isRegularFile(dir.resolve(ModelInfo.BACKBONE_FILE))) {
      throw new IllegalArgumentException(
          dir + " is an incomplete model: " + ModelInfo.BACKBONE_FILE + " is missing");
    }
    Model model = Model.newInstance("rankkit-embedder", device);
    try (InputStream in = Files.newInputStream(weights)) {
      EmbeddingModel net =
          Network.build(model, info, Network.backboneArgument(info, dir), in, weights.toString());
      return new Embedder(info, model, net);
    } catch (IOException | RuntimeException e) {
      model.close();
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IllegalArgumentException(
          dir + ": the model cannot be built (" + e.getMessage() + ")", e);
    }
  }

  /** {@return the model's description (model.json)} */
  public ModelInfo info() {
    return info;
  }

  /** {@return the length of every embedding} */
  public int dim() {
    return info.embeddingSize();
  }

  /** {@return the number of floats of one preprocessed image, C·S·S} */
  public int inputLength() {
    return itemLength;
  }

  /**
   * Applies the evaluation preprocessing to one image.
   *
   * @param image any image (greyscale models use its luminance, RGB models its colours)
   * @return C·S·S normalised floats, channel-major
   */
  public float[] preprocess(BufferedImage image) {
    float[] out = new float[itemLength];
    preprocess(image, out, 0);
    return out;
  }

  private void preprocess(BufferedImage image, float[] dest, int offset) {
    BufferedImage rgb = ImageDecoding.toRgb(image);
    int s = info.input().imageSize();
    if (rgbTransform != null) {
      rgbTransform.apply(rgb, false, null, dest, offset);
      int plane = s * s;
      for (int c = 0; c < 3; c++) { // the transform normalises with ImageNet's constants
        float m = ImageTransform.IMAGENET_MEAN[c];
        float d = ImageTransform.IMAGENET_STD[c];
        if (m != mean[c] || d != std[c]) {
          for (int i = 0; i < plane; i++) {
            dest[offset + c * plane + i] =
                (dest[offset + c * plane + i] * d + m - mean[c]) / std[c];
          }
        }
      }
      return;
    }
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] pixels = rgb.getRGB(0, 0, w, h, null, 0, w);
    float[] grey = new float[w * h];
    for (int i = 0; i < grey.length; i++) {
      int p = pixels[i];
      int r = (p >> 16) & 0xFF;
      int g = (p >> 8) & 0xFF;
      int b = p & 0xFF;
      grey[i] = r == g && g == b ? r / 255f : (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
    }
    if (h != s || w != s) {
      grey = FloatImages.resizeBilinear(grey, 1, h, w, s, s);
    }
    for (int i = 0; i < grey.length; i++) {
      dest[offset + i] = (grey[i] - mean[0]) / std[0];
    }
  }

  /**
   * Embeds one image.
   *
   * @param image the image
   * @return its embedding
   */
  public float[] embed(BufferedImage image) {
    return embedInputs(preprocess(image), 1)[0];
  }

  /**
   * Embeds one image file.
   *
   * @param file a JPEG, PNG or any file javax.imageio decodes
   * @return its embedding
   * @throws org.rankkit.data.BadImageException naming the file when it is missing or cannot be
   *     decoded
   */
  public float[] embed(Path file) {
    return embed(ImageDecoding.readRgb(file));
  }

  /**
   * Embeds images.
   *
   * @param images the images
   * @return one embedding per image, in order
   */
  public float[][] embedImages(List<BufferedImage> images) {
    float[] inputs = new float[Math.multiplyExact(images.size(), itemLength)];
    for (int i = 0; i < images.size(); i++) {
      preprocess(images.get(i), inputs, i * itemLength);
    }
    return embedInputs(inputs, images.size());
  }

  /**
   * Embeds image files.
   *
   * @param files the files
   * @return one embedding per file, in order
   * @throws org.rankkit.data.BadImageException naming the first file that is missing or cannot be
   *     decoded
   */
  public float[][] embedFiles(List<Path> files) {
    float[] inputs = new float[Math.multiplyExact(files.size(), itemLength)];
    for (int i = 0; i < files.size(); i++) {
      preprocess(ImageDecoding.readRgb(files.get(i)), inputs, i * itemLength);
    }
    return embedInputs(inputs, files.size());
  }

  /**
   * Embeds already preprocessed images (as {@link #preprocess} or a dataset's evaluation transform
   * produce them), {@link #DEFAULT_BATCH} per forward pass.
   *
   * @param inputs {@code count} images of {@link #inputLength()} floats each
   * @param count the number of images
   * @return one embedding per image
   */
  public float[][] embedInputs(float[] inputs, int count) {
    return embedInputs(inputs, count, DEFAULT_BATCH);
  }

  /**
   * Embeds already preprocessed images with a given number per forward pass (the training run's
   * {@code evalBatch} reproduces its evaluation embeddings bit for bit).
   *
   * @param inputs {@code count} images of {@link #inputLength()} floats each
   * @param count the number of images
   * @param batch images per forward pass, ≥ 1
   * @return one embedding per image
   * @throws IllegalArgumentException when the input length does not match
   * @throws IllegalStateException after {@link #close()}
   */
  public float[][] embedInputs(float[] inputs, int count, int batch) {
    if (inputs.length != (long) count * itemLength) {
      throw new IllegalArgumentException(
          inputs.length + " floats are not " + count + " images of " + itemLength + " (C x S x S)");
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    float[][] out = new float[count][];
    int c = info.input().channels();
    int s = info.input().imageSize();
    for (int start = 0; start < count; start += batch) {
      int n = Math.min(batch, count - start);
      float[] chunk = new float[n * itemLength];
      System.arraycopy(inputs, start * itemLength, chunk, 0, chunk.length);
      float[] e = forward(chunk, new Shape(n, c, s, s));
      int dim = e.length / n;
      for (int i = 0; i < n; i++) {
        out[start + i] = java.util.Arrays.copyOfRange(e, i * dim, (i + 1) * dim);
      }
    }
    return out;
  }

  private float[] forward(float[] chunk, Shape shape) {
    synchronized (forwardLock) {
      if (closed) {
        throw new IllegalStateException("the embedder is closed");
      }
      boolean grad = JniUtils.isGradMode();
      JniUtils.setGradMode(false);
      try (NDManager step = model.getNDManager().newSubManager()) {
        NDArray x = step.create(chunk, shape);
        NDArray e =
            net.block().forward(new ParameterStore(step, false), new NDList(x), false).head();
        return e.toFloatArray();
      } finally {
        JniUtils.setGradMode(grad);
      }
    }
  }

  /** Frees the network's native memory; later calls fail. */
  @Override
  public void close() {
    synchronized (forwardLock) {
      if (!closed) {
        closed = true;
        model.close();
      }
    }
  }
}
