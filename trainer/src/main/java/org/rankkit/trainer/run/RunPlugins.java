package org.rankkit.trainer.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.trainer.config.TrainingConfig;

/**
 * The plugins a configuration names, created through the registry: the loss, the similarity
 * augmentations in order and the batch strategy, with their parameters as the run records them.
 * Creating them is the check of their ids and parameters, so {@link #resolve} is also how a caller
 * validates a configuration without training.
 *
 * @param loss the ranking loss
 * @param augmentations the similarity augmentations, in {@code augment} order
 * @param strategy the batch strategy
 * @param parameters every parameter of the chosen plugins, defaults included, as flat keys ({@code
 *     loss.X}, {@code strategy.X}, {@code augment.ID.X})
 */
public record RunPlugins(
    RankingLoss loss,
    List<SimilarityAugmentation> augmentations,
    BatchStrategy strategy,
    Map<String, Object> parameters) {

  /**
   * Stores an unmodifiable copy of the list and the parameters (keeping their order).
   *
   * @param loss the ranking loss
   * @param augmentations the similarity augmentations
   * @param strategy the batch strategy
   * @param parameters the resolved parameters as flat keys
   */
  public RunPlugins {
    augmentations = List.copyOf(augmentations);
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * Creates the plugins a configuration names.
   *
   * @param config the configuration
   * @param registry where plugins come from
   * @return the plugins and their resolved parameters
   * @throws IllegalArgumentException (or {@code PluginException}) for unknown ids or parameters
   */
  public static RunPlugins resolve(TrainingConfig config, PluginRegistry registry) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    RankingLoss loss =
        create(registry, PluginKind.LOSS, config.loss(), config.lossParams(), "loss.", parameters);
    BatchStrategy strategy =
        create(
            registry,
            PluginKind.BATCH_STRATEGY,
            config.strategy(),
            config.strategyParams(),
            "strategy.",
            parameters);
    List<SimilarityAugmentation> augmentations = new ArrayList<>();
    for (String id : config.augment()) {
      augmentations.add(
          create(
              registry,
              PluginKind.AUGMENTATION,
              id,
              config.augmentParams().getOrDefault(id, Map.of()),
              "augment." + id + ".",
              parameters));
    }
    return new RunPlugins(loss, augmentations, strategy, parameters);
  }

  /** Creates one plugin and records its parameters, defaults first, under {@code prefix}. */
  private static <T> T create(
      PluginRegistry registry,
      PluginKind<T> kind,
      String id,
      Map<String, Object> given,
      String prefix,
      Map<String, Object> parameters) {
    T plugin = registry.create(kind, id, given);
    Map<String, Object> merged = new LinkedHashMap<>(registry.factory(kind, id).defaults());
    merged.putAll(given);
    merged.forEach((k, v) -> parameters.put(prefix + k, v));
    return plugin;
  }
}
