/**
 * The batch strategies: how one optimisation step runs the network, the objective, backward and the
 * optimiser.
 *
 * <p>{@link org.rankkit.batching.strategy.PlainStrategy} forwards the whole batch with autograd;
 * {@link org.rankkit.batching.strategy.MemoryBoundedStrategy} forwards it in chunks twice so that
 * activation memory depends on the chunk, not on the batch, and gives the same gradients.
 */
package org.rankkit.batching.strategy;
