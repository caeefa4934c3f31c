package org.rankkit.trainer.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;

/**
 * A small residual CNN for small images (Fashion-MNIST, CIFAR-sized inputs), built from DJL blocks.
 *
 * <p>Layout: a 3×3 conv–BN–ReLU stem with {@code width} filters (stride {@code stemStride}), then
 * {@code stages} residual stages; stage {@code s} has {@code width·2^s} filters, {@code
 * blocksPerStage} basic residual blocks (two 3×3 conv–BN with a ReLU between them, plus an identity
 * or 1×1 projection shortcut, then ReLU), and every stage after the first halves the resolution.
 * The output is the last stage's feature map {@code (B, width·2^(stages-1), H', W')}; pooling is
 * the {@link EmbeddingModel} head's job. Input: {@code (B, C, H, W)} float images, any {@code C}.
 *
 * <pre>{@code
 * Block backbone = SmallResidualCnn.builder().width(32).stages(3).build();
 * }</pre>
 */
public final class SmallResidualCnn {

  private SmallResidualCnn() {}

  /**
   * {@return a new builder with the defaults (width 32, 3 stages, 1 block per stage, stem stride 2,
   * {@code batch} normalisation)}
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of the network; every setter validates its argument. */
  public static final class Builder {
    private int width = 32;
    private int stages = 3;
    private int blocksPerStage = 1;
    private int stemStride = 2;
    private String norm = "batch";

    private Builder() {}

    /**
     * Sets the number of filters of the stem and the first stage.
     *
     * @param width filters, 1 to 1024
     * @return this builder
     */
    public Builder width(int width) {
      if (width < 1 || width > 1024) {
        throw new IllegalArgumentException("width must be in [1, 1024], got " + width);
      }
      this.width = width;
      return this;
    }

    /**
     * Sets the number of residual stages.
     *
     * @param stages 1 to 5
     * @return this builder
     */
    public Builder stages(int stages) {
      if (stages < 1 || stages > 5) {
        throw new IllegalArgumentException("stages must be in [1, 5], got " + stages);
      }
      this.stages = stages;
      return this;
    }

    /**
     * Sets the number of residual blocks in every stage.
     *
     * @param blocks 1 to 8
     * @return this builder
     */
    public Builder blocksPerStage(int blocks) {
      if (blocks < 1 || blocks > 8) {
        throw new IllegalArgumentException("blocksPerStage must be in [1, 8], got " + blocks);
      }
      this.blocksPerStage = blocks;
      return this;
    }

    /**
     * Sets the stride of the stem convolution (2 quarters the cost of everything after it).
     *
     * @param stride 1 or 2
     * @return this builder
     */
    public Builder stemStride(int stride) {
      if (stride != 1 && stride != 2) {
        throw new IllegalArgumentException("stemStride must be 1 or 2, got " + stride);
      }
      this.stemStride = stride;
      return this;
    }

    /**
     * Sets the normalisation after each convolution: {@code batch} (BatchNorm), {@code layer}
     * (per-sample LayerNorm over channels and positions, which behaves the same in training and
     * inference mode, so it also normalises when a batch strategy freezes BatchNorm) or {@code
     * none}.
     *
     * @param norm {@code batch}, {@code layer} or {@code none}
     * @return this builder
     */
    public Builder norm(String norm) {
      if (!List.of("batch", "layer", "none").contains(norm)) {
        throw new IllegalArgumentException("norm must be batch, layer or none, got '" + norm + "'");
      }
      this.norm = norm;
      return this;
    }

    /** {@return the number of channels of the output feature map, {@code width·2^(stages-1)}} */
    public int outputChannels() {
      return width << (stages - 1);
    }

    /**
     * Builds a new, uninitialised network.
     *
     * @return the backbone block, output {@code (B, outputChannels(), H', W')}
     */
    public SequentialBlock build() {
      SequentialBlock net = new SequentialBlock();
      net.add(conv(width, 3, stemStride)).add(normBlock(norm)).add(Activation.reluBlock());
      for (int s = 0; s < stages; s++) {
        int filters = width << s;
        for (int b = 0; b < blocksPerStage; b++) {
          int stride = (s > 0 && b == 0) ? 2 : 1;
          boolean project = b == 0 && s > 0;
          net.add(residualBlock(filters, stride, project, norm));
        }
      }
      return net;
    }
  }

  private static Block normBlock(String norm) {
    return switch (norm) {
      case "layer" -> LayerNorm.builder().axis(1, 2, 3).build();
      case "none" -> Blocks.identityBlock();
      default -> BatchNorm.builder().build();
    };
  }

  private static Conv2d conv(int filters, int kernel, int stride) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .optBias(false)
        .build();
  }

  /**
   * A basic residual block: {@code relu(bn(conv(relu(bn(conv(x))))) + shortcut(x))}.
   *
   * @param filters output channels
   * @param stride stride of the first convolution (and of the projection)
   * @param project whether the shortcut is a 1×1 conv–BN projection instead of the identity
   * @param norm {@code batch}, {@code layer} or {@code none}
   * @return the block
   */
  static Block residualBlock(int filters, int stride, boolean project, String norm) {
    SequentialBlock main =
        new SequentialBlock()
            .add(conv(filters, 3, stride))
            .add(normBlock(norm))
            .add(Activation.reluBlock())
            .add(conv(filters, 3, 1))
            .add(normBlock(norm));
    Block shortcut =
        project
            ? new SequentialBlock().add(conv(filters, 1, stride)).add(normBlock(norm))
            : Blocks.identityBlock();
    return new SequentialBlock()
        .add(
            new ParallelBlock(
                list ->
                    new NDList(
                        NDArrays.add(
                            list.get(0).singletonOrThrow(), list.get(1).singletonOrThrow())),
                List.of(main, shortcut)))
        .add(Activation.reluBlock());
  }
}
