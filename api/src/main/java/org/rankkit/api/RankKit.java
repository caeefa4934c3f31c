package org.rankkit.api;

import java.util.Map;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.api.step.BatchStrategy;

/**
 * Entry point for library users: creates any discovered plugin by id, without touching Guice.
 *
 * <pre>{@code
 * RankingLoss loss = RankKit.loss("recall-at-k", Map.of("ks", List.of(1, 2, 4)));
 * SimilarityAugmentation simix = RankKit.augmentation("simix", Map.of());
 * }</pre>
 *
 * <p>Plugins are discovered once, lazily, from the class path of this class's loader (the jars of
 * the RankKit modules that the application depends on, plus any plugin jar on the class path).
 * Thread-safe. The created plugins own no NDArrays; the arrays they return belong to the caller.
 */
public final class RankKit {

  private RankKit() {}

  private static final class Holder {
    private static final PluginRegistry REGISTRY =
        PluginRegistry.discover(RankKit.class.getClassLoader());
  }

  /** {@return the registry of plugins on the class path (discovered on first use, then shared)} */
  public static PluginRegistry registry() {
    return Holder.REGISTRY;
  }

  /**
   * Creates a ranking loss.
   *
   * @param id loss id, e.g. {@code recall-at-k}
   * @param parameters parameters by JSON name; absent ones take their defaults
   * @return the loss
   * @throws IllegalArgumentException for an unknown id (listing the known ones), an unknown
   *     parameter or an invalid value
   */
  public static RankingLoss loss(String id, Map<String, ?> parameters) {
    return registry().create(PluginKind.LOSS, id, parameters);
  }

  /**
   * Creates a ranking loss with default parameters.
   *
   * @param id loss id
   * @return the loss
   */
  public static RankingLoss loss(String id) {
    return loss(id, Map.of());
  }

  /**
   * Creates a similarity augmentation, e.g. {@code simix}.
   *
   * @param id augmentation id
   * @param parameters parameters by JSON name
   * @return the augmentation
   */
  public static SimilarityAugmentation augmentation(String id, Map<String, ?> parameters) {
    return registry().create(PluginKind.AUGMENTATION, id, parameters);
  }

  /**
   * Creates a batch strategy, e.g. {@code memory-bounded}.
   *
   * @param id strategy id
   * @param parameters parameters by JSON name
   * @return the strategy
   */
  public static BatchStrategy batchStrategy(String id, Map<String, ?> parameters) {
    return registry().create(PluginKind.BATCH_STRATEGY, id, parameters);
  }
}
