package org.rankkit.api.plugin;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.step.BatchStrategy;

/**
 * Typed helpers that plugins use to contribute factories (one Guice {@link MapBinder} per kind,
 * keyed by factory id). Stateless; call them from a plugin's {@code configure}.
 */
public final class PluginBindings {

  private PluginBindings() {}

  /**
   * Returns the map binder of a kind. Duplicate ids are permitted at the Guice level so that the
   * registry can report them with both providers named.
   *
   * @param binder the module's binder
   * @param kind the plugin kind
   * @param <T> created type
   * @return the map binder
   */
  public static <T> MapBinder<String, PluginFactory<T>> mapBinder(
      Binder binder, PluginKind<T> kind) {
    return MapBinder.newMapBinder(binder, TypeLiteral.get(String.class), kind.factoryType())
        .permitDuplicates();
  }

  /**
   * Contributes a factory of any kind.
   *
   * @param binder the module's binder
   * @param factory the factory; its id is the key
   * @param <T> created type
   */
  public static <T> void add(Binder binder, PluginFactory<T> factory) {
    RecordPluginFactory.requireKebabCase(factory.id());
    mapBinder(binder, factory.kind()).addBinding(factory.id()).toInstance(factory);
  }

  /**
   * Contributes a ranking loss.
   *
   * @param binder the module's binder
   * @param factory the factory
   */
  public static void loss(Binder binder, PluginFactory<RankingLoss> factory) {
    add(binder, factory);
  }

  /**
   * Contributes a similarity augmentation.
   *
   * @param binder the module's binder
   * @param factory the factory
   */
  public static void augmentation(Binder binder, PluginFactory<SimilarityAugmentation> factory) {
    add(binder, factory);
  }

  /**
   * Contributes a batch strategy.
   *
   * @param binder the module's binder
   * @param factory the factory
   */
  public static void batchStrategy(Binder binder, PluginFactory<BatchStrategy> factory) {
    add(binder, factory);
  }
}
