package org.rankkit.trainer.run;

/**
 * The seeds of a step's random streams, each a function of (seed, epoch, step): the image
 * augmentation of the step's batch and the similarity augmentations' generator. A resumed run
 * therefore draws the same numbers as an uninterrupted one without storing generator state.
 */
final class StepSeeds {

  private static final long STEP_MIX = 0x9E3779B97F4A7C15L;

  private StepSeeds() {}

  /** {@return the seed of the image augmentation of batch {@code step} of {@code epoch}} */
  static long images(long seed, long epoch, long step) {
    return mix(seed, epoch, step, 1);
  }

  /**
   * {@return the seed of the similarity augmentations' generator at step {@code step} of {@code
   * epoch}}
   */
  static long augmentations(long seed, long epoch, long step) {
    return mix(seed, epoch, step, 2);
  }

  private static long mix(long seed, long epoch, long step, long stream) {
    long z = seed;
    z = (z ^ (epoch + 1) * STEP_MIX) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (step + 1) * 0x94D049BB133111EBL) * STEP_MIX;
    z = z ^ (stream * 0xD6E8FEB86659FD93L);
    return z ^ (z >>> 31);
  }
}
