package org.rankkit.djl;

import ai.djl.Model;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import java.util.concurrent.atomic.AtomicLong;
import org.rankkit.api.step.ParameterGradients;

/**
 * A DJL {@link Trainer} for a {@link RankingLossAdapter} that skips the optimiser update of a batch
 * whose gradients are all zero (a batch in which no query has a positive). Use it wherever {@code
 * model.newTrainer(config)} would be used; {@code EasyTrain.fit}, listeners and evaluators work
 * unchanged.
 *
 * <p><b>Why.</b> A RankKit loss is exactly 0 with an all-zero gradient on such a batch. DJL's
 * {@link Trainer#step()} throws {@code IllegalStateException("Gradient values are all zeros ...")}
 * on all-zero gradients until one step has passed its check, and afterwards it would still apply
 * the optimiser (Adam's momentum and weight decay move the parameters although the batch carried no
 * information).
 *
 * <p><b>How.</b> It shares the bookkeeping of RankKit's own trainer ({@link
 * org.rankkit.api.step.ParameterGradients}): {@link #newGradientCollector()} (which {@code
 * EasyTrain.trainBatch} and any DJL loop call once at the start of a training batch) zeroes the
 * parameters' gradients, and {@link #step()} calls {@link Trainer#step()} only when some gradient
 * is non-zero, otherwise it counts a skipped step and returns.
 *
 * <p>The same two calls delimit the training batch for the adapter's augmentations: SiMix and the
 * like are applied from {@code newGradientCollector()} to {@code step()} only, so validation
 * batches (DJL's {@code validateBatch} in {@code EasyTrain.fit}) get the plain loss.
 *
 * <p>Same thread-safety as {@link Trainer}: one training loop per trainer. Closing it closes what
 * {@link Trainer#close()} closes.
 */
public final class RankingTrainer extends Trainer {

  private final RankingLossAdapter loss;
  private final AtomicLong skippedSteps = new AtomicLong();

  /**
   * Creates the trainer (as {@code model.newTrainer(config)} would).
   *
   * @param model the model to train
   * @param config training configuration whose loss is a {@link RankingLossAdapter}
   * @throws IllegalArgumentException when the configuration's loss is not a {@link
   *     RankingLossAdapter}
   */
  public RankingTrainer(Model model, TrainingConfig config) {
    super(model, requireAdapter(config));
    this.loss = (RankingLossAdapter) config.getLossFunction();
  }

  private static TrainingConfig requireAdapter(TrainingConfig config) {
    if (!(config.getLossFunction() instanceof RankingLossAdapter)) {
      throw new IllegalArgumentException(
          "RankingTrainer needs a RankingLossAdapter as the training loss, got "
              + (config.getLossFunction() == null
                  ? "none"
                  : config.getLossFunction().getClass().getName())
              + "; wrap the RankKit loss with RankingLossAdapter.of(loss)");
    }
    return config;
  }

  /**
   * Starts a training batch: forgets whether the previous batch had a query with a positive, then
   * opens DJL's gradient collector.
   *
   * @return the gradient collector (the caller closes it)
   */
  @Override
  public GradientCollector newGradientCollector() {
    loss.beginTrainingBatch();
    ParameterGradients.zero(getModel().getBlock());
    return super.newGradientCollector();
  }

  /**
   * Updates the parameters, unless no query of the current batch had a positive (then the update is
   * skipped and counted in {@link #skippedSteps()}).
   */
  @Override
  public void step() {
    loss.endTrainingBatch();
    if (!ParameterGradients.updateUnlessAllZero(this, super::step)) {
      skippedSteps.incrementAndGet();
    }
  }

  /**
   * Returns how many optimiser updates were skipped because no query of the batch had a positive.
   *
   * @return the count since construction
   */
  public long skippedSteps() {
    return skippedSteps.get();
  }
}
