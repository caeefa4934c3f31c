package org.rankkit.trainer.run;

import java.util.HashMap;
import java.util.Map;
import org.rankkit.batching.sampler.ClassBalancedSamplerConfig;
import org.rankkit.trainer.config.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of a run's class-balanced batches, from {@code batch}, {@code perClass} and the labels.
 */
final class BatchShape {

  private static final Logger LOG = LoggerFactory.getLogger(BatchShape.class);

  private BatchShape() {}

  /**
   * The batch shape: {@code perClass} (auto: 4, or {@code batch / classes} when the training split
   * has fewer than {@code batch / 4} classes) and the number of classes per batch. A given {@code
   * perClass} must divide {@code batch} (else an error names the nearest batches); an automatic one
   * that does not rounds the batch down, with a warning stating the batch used.
   *
   * @param config the configuration
   * @param labels training labels
   * @return the sampler configuration
   * @throws IllegalArgumentException when no batch of that shape can be formed, or a given {@code
   *     perClass} does not divide {@code batch}
   */
  static ClassBalancedSamplerConfig of(TrainingConfig config, long[] labels) {
    Map<Long, Integer> counts = new HashMap<>();
    for (long l : labels) {
      counts.merge(l, 1, Integer::sum);
    }
    int perClass = config.perClass();
    boolean automatic = perClass == 0;
    if (automatic) {
      perClass = ClassBalancedSamplerConfig.DEFAULT_PER_CLASS;
      if ((long) counts.size() * perClass < config.batch()) {
        perClass = Math.max(2, config.batch() / Math.max(1, counts.size()));
      }
    }
    if (config.batch() % perClass != 0) {
      int lower = config.batch() / perClass * perClass;
      if (!automatic) {
        throw new IllegalArgumentException(
            "batch="
                + config.batch()
                + " is not a multiple of perClass="
                + perClass
                + "; use batch="
                + lower
                + " or "
                + (lower + perClass)
                + " (a batch holds whole classes)");
      }
      LOG.warn(
          "batch={} is not a multiple of the automatic perClass={}: using batch={} (set perClass"
              + " to choose)",
          config.batch(),
          perClass,
          lower);
    }
    int classesPerBatch = config.batch() / perClass;
    final int pc = perClass;
    long usable = counts.values().stream().filter(c -> c >= pc).count();
    if (classesPerBatch < 1 || usable < classesPerBatch) {
      throw new IllegalArgumentException(
          "batch="
              + config.batch()
              + " with perClass="
              + perClass
              + " needs "
              + classesPerBatch
              + " classes with at least "
              + perClass
              + " training items each, but the training split has "
              + usable
              + " such classes (of "
              + counts.size()
              + "); lower batch or raise perClass");
    }
    return new ClassBalancedSamplerConfig(classesPerBatch, perClass, config.seed());
  }
}
