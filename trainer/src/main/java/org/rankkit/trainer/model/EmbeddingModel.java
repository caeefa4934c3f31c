package org.rankkit.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * An embedding network: backbone, then the head (global average pooling, a linear layer to {@code
 * dim}, L2 normalisation), so every output row has unit length.
 *
 * <p>The backbone may output a feature map {@code (B, C, H, W)} (pooled by averaging over H and W),
 * a sequence {@code (B, T, F)} (averaged over T) or features {@code (B, F)} (used as they are).
 * {@link #block()} is the whole network, one DJL {@link Block} that a {@code Model} holds; {@link
 * #headParameters()} tells which parameters belong to the head (for a separate learning rate).
 *
 * <pre>{@code
 * EmbeddingModel net = EmbeddingModel.builder()
 *     .backbone(SmallResidualCnn.builder().build())
 *     .dim(128)
 *     .build();
 * model.setBlock(net.block());
 * }</pre>
 */
public final class EmbeddingModel {

  private final Block backbone;
  private final SequentialBlock head;
  private final SequentialBlock block;
  private final int dim;

  private EmbeddingModel(Block backbone, int dim) {
    this.backbone = backbone;
    this.dim = dim;
    this.head =
        new SequentialBlock()
            .add(LambdaBlock.singleton(EmbeddingModel::pool, "pool"))
            .add(Linear.builder().setUnits(dim).build())
            .add(LambdaBlock.singleton(x -> x.normalize(2, 1, 1e-12), "l2norm"));
    this.block = new SequentialBlock().add(backbone).add(head);
  }

  /** {@return a new builder (no backbone set, {@code dim} 128)} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Pools a backbone output to {@code (B, F)}.
   *
   * @param x {@code (B, C, H, W)}, {@code (B, T, F)} or {@code (B, F)}
   * @return {@code (B, F)}
   */
  static NDArray pool(NDArray x) {
    return switch (x.getShape().dimension()) {
      case 2 -> x;
      case 3 -> x.mean(new int[] {1});
      case 4 -> Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), x.getShape().get(1));
      default ->
          throw new IllegalArgumentException(
              "backbone output must be (B, C, H, W), (B, T, F) or (B, F), got " + x.getShape());
    };
  }

  /**
   * {@return the whole network (backbone then head), uninitialised until a model initialises it}
   */
  public Block block() {
    return block;
  }

  /** {@return the backbone block} */
  public Block backbone() {
    return backbone;
  }

  /** {@return the head block (pooling, linear, L2 normalisation)} */
  public Block head() {
    return head;
  }

  /** {@return the embedding size (the length of every output row)} */
  public int dim() {
    return dim;
  }

  /**
   * Returns the head's parameters (by identity), to give them their own learning rate.
   *
   * @return an unmodifiable identity set
   */
  public Set<Parameter> headParameters() {
    Set<Parameter> set = Collections.newSetFromMap(new IdentityHashMap<>());
    head.getParameters().values().forEach(set::add);
    return Collections.unmodifiableSet(set);
  }

  /** Builder of an {@link EmbeddingModel}. */
  public static final class Builder {
    private Block backbone;
    private int dim = 128;

    private Builder() {}

    /**
     * Sets the backbone.
     *
     * @param backbone a block mapping images to features or feature maps
     * @return this builder
     */
    public Builder backbone(Block backbone) {
      this.backbone = Objects.requireNonNull(backbone, "backbone");
      return this;
    }

    /**
     * Sets the embedding size.
     *
     * @param dim 1 to 65536 (default 128)
     * @return this builder
     * @throws IllegalArgumentException when {@code dim} is out of range
     */
    public Builder dim(int dim) {
      if (dim < 1 || dim > 65536) {
        throw new IllegalArgumentException("dim must be in [1, 65536], got " + dim);
      }
      this.dim = dim;
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalStateException when no backbone was set
     */
    public EmbeddingModel build() {
      if (backbone == null) {
        throw new IllegalStateException("EmbeddingModel needs a backbone");
      }
      return new EmbeddingModel(backbone, dim);
    }
  }
}
