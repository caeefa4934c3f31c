package org.rankkit.batching.strategy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import java.lang.reflect.Field;

/**
 * Parameter-gradient and autograd-mode helpers shared by the strategies.
 *
 * <p>On PyTorch, gradients accumulate over backward calls and only the optimiser update zeroes
 * them (DJL 0.33's {@code PtGradientCollector} does not zero them when it opens), which is what
 * lets the memory-bounded strategy sum the gradients of its chunks; each step still starts from
 * zero gradients here, so that a step that failed half-way cannot leak into the next one.
 */
final class Gradients {

  private Gradients() {}

  private static boolean isPyTorch(NDArray array) {
    return "PyTorch".equals(array.getManager().getEngine().getEngineName())
        && array instanceof PtNDArray;
  }

  /** Sets every trainable parameter's gradient of a model to zero. */
  static void zero(Block block) {
    for (Parameter parameter : block.getParameters().values()) {
      if (!parameter.requiresGradient() || !parameter.isInitialized()) {
        continue;
      }
      NDArray array = parameter.getArray();
      if (!array.hasGradient()) {
        continue;
      }
      if (isPyTorch(array)) {
        JniUtils.zeroGrad((PtNDArray) array);
      } else {
        try (NDArray grad = array.getGradient()) {
          grad.muli(0);
        }
      }
    }
  }

  /** Returns whether every trainable parameter's gradient is exactly zero (or absent). */
  static boolean allZero(Block block) {
    for (Parameter parameter : block.getParameters().values()) {
      if (!parameter.requiresGradient() || !parameter.isInitialized()) {
        continue;
      }
      NDArray array = parameter.getArray();
      if (!array.hasGradient()) {
        continue;
      }
      try (NDArray grad = array.getGradient();
          NDArray isZero = grad.eq(0);
          NDArray all = isZero.all()) {
        if (!all.getBoolean()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Runs the optimiser update after the strategy has checked that some gradient is non-zero.
   *
   * <p>DJL 0.33's {@code Trainer.step()} checks, on its first call, that the gradients do not sum
   * to zero by reading that sum with {@code getFloat()}, which throws for a float64 model. The
   * strategies check exactly (every gradient entry zero or not) before stepping, so DJL's check is
   * marked done (its private {@code gradientsChecked} flag, when present) and the update runs.
   *
   * @param trainer the trainer
   */
  static void step(Trainer trainer) {
    try {
      Field checked = Trainer.class.getDeclaredField("gradientsChecked");
      checked.setAccessible(true);
      checked.setBoolean(trainer, true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another DJL version: let Trainer.step() run its own check
    }
    trainer.step();
  }

  /**
   * Turns autograd recording off on the calling thread (PyTorch's grad mode is per thread, and
   * only the thread that created the engine starts with it off).
   *
   * @return the previous mode, for {@link #restoreGradMode(boolean)}
   */
  static boolean disableGradMode() {
    if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
      return false;
    }
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    return previous;
  }

  /**
   * Restores the grad mode that {@link #disableGradMode()} returned.
   *
   * @param previous the previous mode
   */
  static void restoreGradMode(boolean previous) {
    if (previous && "PyTorch".equals(Engine.getInstance().getEngineName())) {
      JniUtils.setGradMode(true);
    }
  }
}
