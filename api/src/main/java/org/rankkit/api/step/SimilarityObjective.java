package org.rankkit.api.step;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The standard objective: {@code S = E·Eᵀ}, then each similarity augmentation in order, then the
 * ranking loss.
 *
 * <p>Not thread-safe: it owns the random generator that the augmentations draw from, seeded at
 * construction so that a run is reproducible.
 */
public final class SimilarityObjective implements EmbeddingObjective {

  private final RankingLoss loss;
  private final List<SimilarityAugmentation> augmentations;
  private final RandomGenerator random;

  /**
   * Creates the objective.
   *
   * @param loss the ranking loss
   * @param augmentations similarity augmentations applied in order (may be empty)
   * @param seed seed of the generator handed to the augmentations
   */
  public SimilarityObjective(
      RankingLoss loss, List<SimilarityAugmentation> augmentations, long seed) {
    this.loss = Objects.requireNonNull(loss, "loss");
    this.augmentations = List.copyOf(augmentations);
    this.random = new SplittableRandom(seed);
  }

  @Override
  public NDArray compute(NDArray embeddings, long[] labels) {
    if (embeddings.getShape().dimension() != 2 || embeddings.getShape().get(0) != labels.length) {
      throw new IllegalArgumentException(
          "embeddings must be B x d with B = labels.length = "
              + labels.length
              + ", got shape "
              + embeddings.getShape());
    }
    SimilarityBatch batch = SimilarityBatch.fromEmbeddings(embeddings, labels);
    for (SimilarityAugmentation augmentation : augmentations) {
      batch = augmentation.apply(batch, random);
    }
    return loss.compute(batch);
  }
}
