package org.rankkit.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * Any RankKit {@link RankingLoss} (optionally after similarity augmentations such as SiMix) as a
 * DJL {@link Loss}, so that it runs unchanged in {@code EasyTrain.fit}, in a hand-written DJL loop,
 * and with DJL's {@code TrainingListener}s and evaluators.
 *
 * <pre>{@code
 * RankingLossAdapter loss =
 *     RankingLossAdapter.builder(RankKit.loss("recall-at-k", Map.of("ks", List.of(1, 2, 4))))
 *         .augmentation(RankKit.augmentation("simix", Map.of()))
 *         .seed(42)
 *         .build();
 * TrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(Optimizer.adam().build());
 * try (Trainer trainer = new RankingTrainer(model, config)) { EasyTrain.fit(trainer, 10, data, null); }
 * }</pre>
 *
 * <p><b>Inputs.</b> {@code predictions.head()} is the {@code B × d} float32 or float64 embedding
 * matrix of the batch (L2-normalise it in the model if you want cosine similarities: the loss uses
 * raw dot products, as every RankKit loss does). {@code labels.head()} holds the {@code B} integer
 * class ids (shape {@code (B)} or {@code (B, 1)}, any numeric data type whose values are whole
 * numbers). Every item is a query; the loss computes {@code S = E·Eᵀ}, applies the augmentations in
 * order, then the ranking loss, and returns its scalar value. Augmentations (SiMix and the like)
 * are a training device: once a {@link RankingTrainer} drives the adapter, they are applied only to
 * its training batches (from {@code newGradientCollector()} to {@code step()}), and validation or
 * evaluation calls compute the plain loss on the real items; without one, every call augments.
 *
 * <p><b>Batches in which no query has a positive.</b> By the {@link RankingLoss} contract their
 * loss is exactly 0 with an all-zero gradient. DJL's {@code Trainer.step()} throws on all-zero
 * gradients (it checks until the first step that has a non-zero gradient), and later steps would
 * still move the parameters through the optimiser's momentum although the batch carried no
 * information. {@link RankingTrainer}, a drop-in {@code Trainer}, skips the optimiser update of a
 * batch whose parameter gradients are all zero. With a plain DJL {@code Trainer} the adapter still
 * computes the correct loss, but such a batch makes the first {@code step()} fail: use a sampler
 * that puts at least two items of a class in every batch, or use {@link RankingTrainer}.
 *
 * <p><b>NDArrays.</b> The adapter owns no NDArrays. Intermediate arrays (the similarity matrix,
 * augmented batches, the loss's internals) are created in a sub-manager that is closed before
 * {@link #evaluate} returns; the returned scalar is attached to the embeddings' manager (in {@code
 * EasyTrain} the batch's manager, closed with the batch), so the caller closes it by closing that
 * manager. The autograd graph survives the closing of intermediates (the wrapped loss and
 * augmentations must keep the constants that backward reads engine-owned, see {@link RankingLoss}).
 *
 * <p><b>Reported loss.</b> DJL's listeners report the training loss through {@link
 * #updateAccumulators}, which evaluates the loss a second time on the same predictions. The adapter
 * answers that call with the value it computed for those very predictions (same embeddings array)
 * instead of recomputing, so the reported loss is exactly the one that was backpropagated (with a
 * random augmentation a recomputation would be an independent draw) and the loss is computed once
 * per training batch. Any other call computes afresh.
 *
 * <p><b>Threads and randomness.</b> {@link #evaluate} and {@link #updateAccumulators} are
 * synchronized: the augmentations draw from one generator seeded at construction, so a run with the
 * same data order reproduces the same mixes.
 */
public final class RankingLossAdapter extends Loss {

  /** The DJL name used when none is given: {@value}. */
  public static final String DEFAULT_NAME = "rankkit-loss";

  private final RankingLoss loss;
  private final List<SimilarityAugmentation> augmentations;
  private final RandomGenerator random;

  /** null: no RankingTrainer drives this adapter; else whether one has a training batch open. */
  private volatile Boolean trainingBatchOpen;

  private boolean reporting;
  private NDArray lastEmbeddings;
  private NDArray lastValue;

  private RankingLossAdapter(Builder builder) {
    super(builder.name);
    this.loss = builder.loss;
    this.augmentations = List.copyOf(builder.augmentations);
    this.random = new SplittableRandom(builder.seed);
  }

  /**
   * Adapts a loss without augmentation, named {@value #DEFAULT_NAME}.
   *
   * @param loss the ranking loss
   * @return the DJL loss
   */
  public static RankingLossAdapter of(RankingLoss loss) {
    return builder(loss).build();
  }

  /**
   * Starts a builder; defaults: name {@value #DEFAULT_NAME}, no augmentation, seed 0.
   *
   * @param loss the ranking loss to adapt
   * @return the builder
   */
  public static Builder builder(RankingLoss loss) {
    return new Builder(loss);
  }

  /**
   * Computes the ranking loss of a batch.
   *
   * @param labels {@code labels.head()}: the {@code B} class ids, shape {@code (B)} or {@code (B,
   *     1)}, whole-numbered values of any numeric type (not modified, not closed)
   * @param predictions {@code predictions.head()}: the {@code B × d} embeddings (not modified, not
   *     closed; it requires gradients when the caller records autograd)
   * @return the scalar loss, attached to the embeddings' manager; differentiable with respect to
   *     the embeddings when they require gradients
   * @throws IllegalArgumentException when the shapes do not match or a label is not a whole number
   */
  @Override
  public synchronized NDArray evaluate(NDList labels, NDList predictions) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(predictions, "predictions");
    NDArray embeddings = predictions.head();
    if (embeddings.getShape().dimension() != 2) {
      throw new IllegalArgumentException(
          "predictions.head() must be the B x d embedding matrix, got shape "
              + embeddings.getShape());
    }
    long[] classIds = classIds(labels.head(), embeddings.getShape().get(0));
    if (reporting && embeddings == lastEmbeddings && !lastValue.isReleased()) {
      return lastValue.stopGradient();
    }
    NDManager owner = embeddings.getManager();
    try (NDManager scope = owner.newSubManager()) {
      embeddings.tempAttach(scope);
      SimilarityBatch batch = SimilarityBatch.fromEmbeddings(embeddings, classIds);
      Boolean open = trainingBatchOpen;
      if (open == null || open) { // not driven by a RankingTrainer, or a training batch
        for (SimilarityAugmentation augmentation : augmentations) {
          batch = augmentation.apply(batch, random);
        }
      }
      NDArray value = loss.compute(batch);
      if (!value.getShape().isScalar()) {
        throw new IllegalStateException(
            "the ranking loss " + loss + " returned shape " + value.getShape() + ", not a scalar");
      }
      value.attach(owner);
      lastEmbeddings = embeddings;
      lastValue = value;
      return value;
    }
  }

  /**
   * Adds a batch's loss to DJL's accumulators (what {@code TrainingListener}s report). For the
   * predictions last passed to {@link #evaluate} it reuses that value instead of recomputing.
   *
   * @param keys the accumulator keys
   * @param labels the batch's class ids
   * @param predictions the batch's embeddings
   */
  @Override
  public synchronized void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
    reporting = true;
    try {
      super.updateAccumulators(keys, labels, predictions);
    } finally {
      reporting = false;
    }
  }

  /** {@link RankingTrainer} opens a training batch: augment until it ends. */
  void beginTrainingBatch() {
    trainingBatchOpen = true;
  }

  /** {@link RankingTrainer} ends a training batch: later calls (validation) do not augment. */
  void endTrainingBatch() {
    trainingBatchOpen = false;
  }

  /**
   * Reads class ids from a DJL label array.
   *
   * @param labels {@code (B)} or {@code (B, 1)} array of whole numbers
   * @param batchSize expected {@code B}
   * @return the class ids
   */
  static long[] classIds(NDArray labels, long batchSize) {
    if (labels.size() != batchSize
        || labels.getShape().dimension() > 2
        || (labels.getShape().dimension() == 2 && labels.getShape().get(1) != 1)) {
      throw new IllegalArgumentException(
          "labels.head() must hold one class id per embedding row, shape ("
              + batchSize
              + ") or ("
              + batchSize
              + ", 1), got shape "
              + labels.getShape());
    }
    Number[] values = labels.toArray();
    long[] ids = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = values[i].doubleValue();
      if (v != Math.rint(v) || Math.abs(v) > 1L << 53) {
        throw new IllegalArgumentException(
            "labels must be whole-numbered class ids, got " + values[i] + " at index " + i);
      }
      ids[i] = values[i] instanceof Long l ? l : (long) v;
    }
    return ids;
  }

  /** Builds a {@link RankingLossAdapter}. Not thread-safe; the built adapter is. */
  public static final class Builder {

    private final RankingLoss loss;
    private final List<SimilarityAugmentation> augmentations = new ArrayList<>();
    private String name = DEFAULT_NAME;
    private long seed;

    private Builder(RankingLoss loss) {
      this.loss = Objects.requireNonNull(loss, "loss");
    }

    /**
     * Sets the DJL name of the loss (the key under which listeners report it).
     *
     * @param name non-blank name; default {@value RankingLossAdapter#DEFAULT_NAME}
     * @return this builder
     */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name must be a non-blank string, got '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /**
     * Appends a similarity augmentation (applied in the order added, before the loss).
     *
     * @param augmentation e.g. {@code RankKit.augmentation("simix", Map.of())}
     * @return this builder
     */
    public Builder augmentation(SimilarityAugmentation augmentation) {
      augmentations.add(Objects.requireNonNull(augmentation, "augmentation"));
      return this;
    }

    /**
     * Sets the seed of the generator that the augmentations draw from.
     *
     * @param seed any value; default 0
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the adapter.
     *
     * @return the DJL loss
     */
    public RankingLossAdapter build() {
      return new RankingLossAdapter(this);
    }
  }
}
