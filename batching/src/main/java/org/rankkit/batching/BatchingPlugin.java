package org.rankkit.batching;

import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;
import org.rankkit.batching.strategy.MemoryBoundedConfig;
import org.rankkit.batching.strategy.MemoryBoundedStrategy;
import org.rankkit.batching.strategy.PlainStrategy;
import org.rankkit.batching.strategy.PlainStrategyConfig;

/** Contributes the {@code plain} and {@code memory-bounded} batch strategies. */
public final class BatchingPlugin extends PluginModule {

  /** Creates the plugin module (used by {@link java.util.ServiceLoader}). */
  public BatchingPlugin() {
    super("batching");
  }

  @Override
  protected void configure() {
    PluginBindings.batchStrategy(
        binder(),
        "plain",
        "one forward of the whole batch with autograd, loss, backward, optimiser step",
        PlainStrategyConfig.DEFAULTS,
        PlainStrategy::new);
    PluginBindings.batchStrategy(
        binder(),
        "memory-bounded",
        "forward in chunks without autograd, loss on all embeddings, then per-chunk forward"
            + " and backward of dL/dE: the gradients of the whole batch with the activation"
            + " memory of one chunk",
        MemoryBoundedConfig.DEFAULTS,
        MemoryBoundedStrategy::new);
  }
}
