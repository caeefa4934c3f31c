package org.rankkit.loss.contrastive;

import org.rankkit.api.plugin.ConfigBuilder;

/**
 * Typed builder of a {@link ContrastiveLoss}: {@code ContrastiveLoss.builder().negMargin(0.4)
 * .build()}. Every parameter starts at its default ({@link ContrastiveConfig#defaults()}: {@code
 * posMargin = 1.0}, {@code negMargin = 0.5}, {@code implementation = auto}); {@link #build()}
 * validates them through {@link ContrastiveConfig}. The same parameters, by the same names, are
 * what {@code RankKit.loss("contrastive", Map)} takes. A builder is not thread-safe; the loss it
 * builds is immutable.
 */
public final class ContrastiveLossBuilder
    extends ConfigBuilder<ContrastiveConfig, ContrastiveLoss, ContrastiveLossBuilder> {

  /** Starts from the defaults; {@link ContrastiveLoss#builder()} is the usual way to get one. */
  public ContrastiveLossBuilder() {
    super(ContrastiveConfig.defaults(), ContrastiveLoss::new);
  }

  /**
   * Sets the similarity below which positive pairs are penalised.
   *
   * @param posMargin finite; default 1.0
   * @return this builder
   */
  public ContrastiveLossBuilder posMargin(double posMargin) {
    return set("posMargin", posMargin);
  }

  /**
   * Sets the similarity above which negative pairs are penalised.
   *
   * @param negMargin finite; default 0.5
   * @return this builder
   */
  public ContrastiveLossBuilder negMargin(double negMargin) {
    return set("negMargin", negMargin);
  }

  /**
   * Sets how the loss is computed (the value does not change beyond rounding).
   *
   * @param implementation {@code auto} (default), {@code fused-cpu} or {@code engine}
   * @return this builder
   */
  public ContrastiveLossBuilder implementation(String implementation) {
    return set("implementation", implementation);
  }
}
