package org.rankkit.loss.contrastive;

/**
 * Typed builder of a {@link ContrastiveLoss}: {@code ContrastiveLoss.builder().negMargin(0.4)
 * .build()}. Every parameter starts at its default ({@link ContrastiveConfig#defaults()}: {@code
 * posMargin = 1.0}, {@code negMargin = 0.5}, {@code implementation = auto}); {@link #build()}
 * validates them through {@link ContrastiveConfig}. The same parameters, by the same names, are
 * what {@code RankKit.loss("contrastive", Map)} takes. A builder is not thread-safe; the loss it
 * builds is immutable.
 */
public final class ContrastiveLossBuilder {

  private double posMargin;
  private double negMargin;
  private String implementation;

  /** Starts from the defaults; {@link ContrastiveLoss#builder()} is the usual way to get one. */
  public ContrastiveLossBuilder() {
    ContrastiveConfig d = ContrastiveConfig.defaults();
    posMargin = d.posMargin();
    negMargin = d.negMargin();
    implementation = d.implementation();
  }

  /**
   * Sets the similarity below which positive pairs are penalised.
   *
   * @param posMargin finite; default 1.0
   * @return this builder
   */
  public ContrastiveLossBuilder posMargin(double posMargin) {
    this.posMargin = posMargin;
    return this;
  }

  /**
   * Sets the similarity above which negative pairs are penalised.
   *
   * @param negMargin finite; default 0.5
   * @return this builder
   */
  public ContrastiveLossBuilder negMargin(double negMargin) {
    this.negMargin = negMargin;
    return this;
  }

  /**
   * Sets how the loss is computed (the value does not change beyond rounding).
   *
   * @param implementation {@code auto} (default), {@code fused-cpu} or {@code engine}
   * @return this builder
   */
  public ContrastiveLossBuilder implementation(String implementation) {
    this.implementation = implementation;
    return this;
  }

  /**
   * Returns the validated configuration of the parameters set so far.
   *
   * @return the configuration
   * @throws IllegalArgumentException naming the invalid parameter and what is allowed
   */
  public ContrastiveConfig config() {
    return new ContrastiveConfig(posMargin, negMargin, implementation);
  }

  /**
   * Builds the loss.
   *
   * @return the loss
   * @throws IllegalArgumentException naming the invalid parameter and what is allowed
   */
  public ContrastiveLoss build() {
    return new ContrastiveLoss(config());
  }
}
