package org.rankkit.api.plugin;

import com.google.inject.TypeLiteral;
import java.util.List;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.step.BatchStrategy;

/**
 * A kind of plugin: what its factories create. The three kinds are immutable constants, safe to
 * share between threads.
 *
 * @param <T> the type that factories of this kind create
 */
public final class PluginKind<T> {

  /** Ranking losses ({@code recall-at-k}, {@code smooth-ap}, ...). */
  public static final PluginKind<RankingLoss> LOSS =
      new PluginKind<>("loss", new TypeLiteral<PluginFactory<RankingLoss>>() {});

  /** Similarity augmentations ({@code simix}, ...). */
  public static final PluginKind<SimilarityAugmentation> AUGMENTATION =
      new PluginKind<>("augmentation", new TypeLiteral<PluginFactory<SimilarityAugmentation>>() {});

  /** Batch strategies ({@code plain}, {@code memory-bounded}, ...). */
  public static final PluginKind<BatchStrategy> BATCH_STRATEGY =
      new PluginKind<>("batch-strategy", new TypeLiteral<PluginFactory<BatchStrategy>>() {});

  private final String name;
  private final TypeLiteral<PluginFactory<T>> factoryType;

  private PluginKind(String name, TypeLiteral<PluginFactory<T>> factoryType) {
    this.name = name;
    this.factoryType = factoryType;
  }

  /** {@return every kind, in display order} */
  public static List<PluginKind<?>> all() {
    return List.of(LOSS, AUGMENTATION, BATCH_STRATEGY);
  }

  /** {@return the kind's display name ({@code loss}, {@code augmentation}, {@code batch-strategy})} */
  public String name() {
    return name;
  }

  /** {@return the Guice type of this kind's factories (the MapBinder's value type)} */
  public TypeLiteral<PluginFactory<T>> factoryType() {
    return factoryType;
  }

  @Override
  public String toString() {
    return name;
  }
}
