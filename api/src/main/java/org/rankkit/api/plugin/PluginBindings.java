package org.rankkit.api.plugin;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import java.util.function.Function;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.step.BatchStrategy;

/**
 * Typed helpers that plugins use to contribute factories (one Guice {@link MapBinder} per kind,
 * keyed by factory id) and kinds (one Guice {@link Multibinder} of {@link PluginKind}s). Any
 * contribution of a factory also declares its kind, so a kind defined outside {@code api} needs no
 * registration of its own. Stateless; call them from a plugin's {@code configure}.
 */
public final class PluginBindings {

  /** The Guice type of the set of declared kinds. */
  static final TypeLiteral<PluginKind<?>> KIND_TYPE = new TypeLiteral<>() {};

  private PluginBindings() {}

  /**
   * Declares a kind, so that the registry lists it even while no factory of it is contributed.
   * Declaring a kind twice (from one plugin or several) is allowed.
   *
   * @param binder the module's binder
   * @param kind the kind
   */
  public static void kind(Binder binder, PluginKind<?> kind) {
    kinds(binder).addBinding().toInstance(kind);
  }

  /** The set binder of the declared kinds; equal kinds are kept once. */
  static Multibinder<PluginKind<?>> kinds(Binder binder) {
    return Multibinder.newSetBinder(binder, KIND_TYPE).permitDuplicates();
  }

  /**
   * Returns the map binder of a kind, declaring the kind. Duplicate ids are permitted at the Guice
   * level so that the registry can report them with both providers named.
   *
   * @param binder the module's binder
   * @param kind the plugin kind
   * @param <T> created type
   * @return the map binder
   */
  public static <T> MapBinder<String, PluginFactory<T>> mapBinder(
      Binder binder, PluginKind<T> kind) {
    kind(binder, kind);
    return MapBinder.newMapBinder(binder, TypeLiteral.get(String.class), kind.factoryType())
        .permitDuplicates();
  }

  /**
   * Contributes a factory of any kind (the kind is declared with it): the way to contribute to a
   * kind defined outside {@code api}, e.g. {@code PluginBindings.add(binder(),
   * RecordPluginFactory.of(Dataset.KIND, "my-data", ...))}.
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
   * Contributes a factory of any kind driven by a configuration record ({@link
   * RecordPluginFactory}): the short form of {@code add(binder, RecordPluginFactory.of(kind, id,
   * description, defaults, constructor))}, e.g. {@code PluginBindings.add(binder(), Dataset.KIND,
   * "my-data", "what it is", NoParameters.NONE, none -> new MyData())}.
   *
   * @param binder the module's binder
   * @param kind the plugin kind
   * @param id stable kebab-case id
   * @param description one-line description
   * @param defaults the configuration with every parameter at its default
   * @param constructor builds the plugin from a validated configuration
   * @param <C> the configuration record
   * @param <T> created type
   */
  public static <C extends Record, T> void add(
      Binder binder,
      PluginKind<T> kind,
      String id,
      String description,
      C defaults,
      Function<? super C, ? extends T> constructor) {
    add(binder, RecordPluginFactory.of(kind, id, description, defaults, constructor));
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
   * Contributes a ranking loss driven by a configuration record: the short form of {@code
   * loss(binder, RecordPluginFactory.of(PluginKind.LOSS, id, description, defaults, constructor))}.
   *
   * @param binder the module's binder
   * @param id stable kebab-case id
   * @param description one-line description
   * @param defaults the configuration with every parameter at its default
   * @param constructor builds the ranking loss from a validated configuration
   * @param <C> the configuration record
   */
  public static <C extends Record> void loss(
      Binder binder,
      String id,
      String description,
      C defaults,
      Function<? super C, ? extends RankingLoss> constructor) {
    add(binder, PluginKind.LOSS, id, description, defaults, constructor);
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
   * Contributes a similarity augmentation driven by a configuration record: the short form of
   * {@code augmentation(binder, RecordPluginFactory.of(PluginKind.AUGMENTATION, id, description,
   * defaults, constructor))}.
   *
   * @param binder the module's binder
   * @param id stable kebab-case id
   * @param description one-line description
   * @param defaults the configuration with every parameter at its default
   * @param constructor builds the similarity augmentation from a validated configuration
   * @param <C> the configuration record
   */
  public static <C extends Record> void augmentation(
      Binder binder,
      String id,
      String description,
      C defaults,
      Function<? super C, ? extends SimilarityAugmentation> constructor) {
    add(binder, PluginKind.AUGMENTATION, id, description, defaults, constructor);
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

  /**
   * Contributes a batch strategy driven by a configuration record: the short form of {@code
   * batchStrategy(binder, RecordPluginFactory.of(PluginKind.BATCH_STRATEGY, id, description,
   * defaults, constructor))}.
   *
   * @param binder the module's binder
   * @param id stable kebab-case id
   * @param description one-line description
   * @param defaults the configuration with every parameter at its default
   * @param constructor builds the batch strategy from a validated configuration
   * @param <C> the configuration record
   */
  public static <C extends Record> void batchStrategy(
      Binder binder,
      String id,
      String description,
      C defaults,
      Function<? super C, ? extends BatchStrategy> constructor) {
    add(binder, PluginKind.BATCH_STRATEGY, id, description, defaults, constructor);
  }
}
