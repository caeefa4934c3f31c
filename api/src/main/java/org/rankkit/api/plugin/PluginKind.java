package org.rankkit.api.plugin;

import com.google.inject.TypeLiteral;
import com.google.inject.util.Types;
import java.util.List;
import java.util.Objects;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.step.BatchStrategy;

/**
 * A kind of plugin: a kebab-case name and the type that its factories create. Any module may define
 * a kind with {@link #of(String, Class)} (RankKit's {@code data} module defines {@code dataset},
 * {@code api}'s metric package {@code metric}); contributing a factory of a kind through {@link
 * PluginBindings} makes the kind known to the {@link PluginRegistry}, so {@code rankkit plugins}
 * lists it with no change elsewhere. Two kinds are equal when their names and types are. Immutable,
 * safe to share between threads.
 *
 * @param <T> the type that factories of this kind create
 */
public final class PluginKind<T> {

  /** Ranking losses ({@code recall-at-k}, {@code smooth-ap}, ...). */
  public static final PluginKind<RankingLoss> LOSS = of("loss", RankingLoss.class);

  /** Similarity augmentations ({@code simix}, ...). */
  public static final PluginKind<SimilarityAugmentation> AUGMENTATION =
      of("augmentation", SimilarityAugmentation.class);

  /** Batch strategies ({@code plain}, {@code memory-bounded}, ...). */
  public static final PluginKind<BatchStrategy> BATCH_STRATEGY =
      of("batch-strategy", BatchStrategy.class);

  private final String name;
  private final Class<T> type;
  private final TypeLiteral<PluginFactory<T>> factoryType;

  private PluginKind(String name, Class<T> type) {
    this.name = name;
    this.type = type;
    @SuppressWarnings("unchecked")
    TypeLiteral<PluginFactory<T>> literal =
        (TypeLiteral<PluginFactory<T>>)
            TypeLiteral.get(Types.newParameterizedType(PluginFactory.class, type));
    this.factoryType = literal;
  }

  /**
   * Defines a kind of plugin.
   *
   * @param name the kind's kebab-case name, as {@code rankkit plugins} shows it (e.g. {@code
   *     dataset})
   * @param type what its factories create
   * @param <T> the created type
   * @return the kind
   * @throws IllegalArgumentException when the name is not kebab-case or the type is null
   */
  public static <T> PluginKind<T> of(String name, Class<T> type) {
    if (name == null || !RecordPluginFactory.isKebabCase(name)) {
      throw new IllegalArgumentException(
          "plugin kind name '"
              + name
              + "' is not kebab-case: use lower-case letters and digits"
              + " separated by single hyphens, starting with a letter (e.g. 'batch-strategy')");
    }
    if (type == null) {
      throw new IllegalArgumentException("plugin kind '" + name + "' needs the type it creates");
    }
    return new PluginKind<>(name, type);
  }

  /**
   * {@return the kinds that {@code api} defines (loss, augmentation, batch-strategy), in display
   * order}
   */
  public static List<PluginKind<?>> core() {
    return List.of(LOSS, AUGMENTATION, BATCH_STRATEGY);
  }

  /**
   * {@return the kind's display name, e.g. {@code loss}, {@code batch-strategy}, {@code dataset}}
   */
  public String name() {
    return name;
  }

  /** {@return the type that this kind's factories create} */
  public Class<T> type() {
    return type;
  }

  /** {@return the Guice type of this kind's factories (the MapBinder's value type)} */
  public TypeLiteral<PluginFactory<T>> factoryType() {
    return factoryType;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PluginKind<?> kind && kind.name.equals(name) && kind.type == type;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type);
  }

  @Override
  public String toString() {
    return name;
  }
}
