package com.example.retrieval.loss;

/**
 * Parameters of the {@link MultiSimilarityLoss}; an immutable, validated record. Its component
 * names are the parameter names of {@code rankkit} ({@code --set loss.beta=40}) and of {@code
 * RankKit.loss("multi-similarity", Map.of("beta", 40))}.
 *
 * @param alpha scale of the positive term (weight of hard positives), {@code > 0}; default 2
 * @param beta scale of the negative term (weight of hard negatives), {@code > 0}; default 50
 * @param base similarity threshold {@code λ} that positives are pulled above and negatives pushed
 *     below, a finite number (for unit embeddings, in {@code [-1, 1]}); default 0.5
 */
public record MultiSimilarityConfig(double alpha, double beta, double base) {

  /** The defaults of the paper's public implementation: alpha 2, beta 50, base 0.5. */
  public static final MultiSimilarityConfig DEFAULTS = new MultiSimilarityConfig(2.0, 50.0, 0.5);

  /** Validates the parameters; throws {@link IllegalArgumentException} saying what is allowed. */
  public MultiSimilarityConfig {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be a finite number > 0, got " + alpha);
    }
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be a finite number > 0, got " + beta);
    }
    if (!Double.isFinite(base)) {
      throw new IllegalArgumentException(
          "base must be a finite similarity threshold (in [-1, 1] for unit embeddings), got "
              + base);
    }
  }
}
