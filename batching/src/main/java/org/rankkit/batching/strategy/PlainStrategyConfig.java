package org.rankkit.batching.strategy;

/**
 * Parameters of the {@code plain} batch strategy.
 *
 * @param frozenBatchNorm run the network in inference mode, so that BatchNorm layers normalise with
 *     their running statistics and do not update them (the paper's setting, and what {@code
 *     memory-bounded} does by default, so that both strategies compute the same gradients); this
 *     also turns dropout off, so a model with dropout is refused unless this is false. With false
 *     the network runs in training mode (BatchNorm statistics of the whole batch, dropout active).
 */
public record PlainStrategyConfig(boolean frozenBatchNorm) {

  /** The defaults: frozen BatchNorm. */
  public static final PlainStrategyConfig DEFAULTS = new PlainStrategyConfig(true);
}
