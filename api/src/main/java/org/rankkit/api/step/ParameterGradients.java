package org.rankkit.api.step;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameter-gradient bookkeeping of a training step, written once for {@link StepDriver} and
 * for DJL training loops (the djl-adapter's trainer): zeroing, the all-zero test, the optimiser
 * update, and switching autograd recording off.
 *
 * <p>On PyTorch, gradients accumulate over backward calls and only the optimiser update zeroes them
 * (DJL 0.33's {@code PtGradientCollector} does not zero them when it opens). That is what lets a
 * strategy sum the gradients of several backward calls (chunks) into one step; each step still
 * starts from zero gradients, so that a step that failed half-way cannot leak into the next one.
 *
 * <p>This is the only class of RankKit that touches DJL's private state: {@link
 * #markUpdateChecked(Trainer)}. Its test fails when a DJL upgrade removes that state.
 */
public final class ParameterGradients {

  private static final String CHECKED_FIELD = "gradientsChecked";

  private ParameterGradients() {}

  /**
   * Sets every trainable parameter's gradient of a model to zero.
   *
   * @param block the model
   */
  public static void zero(Block block) {
    for (NDArray array : withGradients(block)) {
      if (array instanceof PtNDArray pt) {
        JniUtils.zeroGrad(pt);
      } else {
        try (NDArray grad = array.getGradient()) {
          grad.muli(0);
        }
      }
    }
  }

  /**
   * Returns whether every trainable parameter's gradient of a model is exactly zero (or absent).
   *
   * @param block the model
   * @return true when no parameter would move under a plain gradient step
   */
  public static boolean allZero(Block block) {
    for (NDArray array : withGradients(block)) {
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

  /** The arrays of a model's trainable, initialised parameters that hold a gradient, in order. */
  private static List<NDArray> withGradients(Block block) {
    List<NDArray> arrays = new ArrayList<>();
    for (Parameter parameter : block.getParameters().values()) {
      if (parameter.requiresGradient()
          && parameter.isInitialized()
          && parameter.getArray().hasGradient()) {
        arrays.add(parameter.getArray());
      }
    }
    return arrays;
  }

  /**
   * Marks DJL's own gradient check of a trainer as done, for a caller that has just checked with
   * {@link #allZero(Block)} that some gradient is non-zero.
   *
   * <p>DJL 0.33's {@link Trainer#step()} checks, on its first call, that the gradients do not sum
   * to zero by reading that sum with {@code getFloat()}, which throws for a float64 model and for a
   * batch whose gradients cancel exactly. The exact test above replaces it: this sets the private
   * {@code gradientsChecked} flag of {@link Trainer}.
   *
   * @param trainer the trainer about to step
   * @return whether the flag was found and set (false: this DJL version has no such flag, and its
   *     own check runs)
   */
  public static boolean markUpdateChecked(Trainer trainer) {
    try {
      Field checked = Trainer.class.getDeclaredField(CHECKED_FIELD);
      checked.setAccessible(true);
      checked.setBoolean(trainer, true);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Applies the optimiser update unless every gradient is exactly zero.
   *
   * @param trainer the trainer
   * @param update the update itself: {@code trainer::step}, or {@code super::step} inside a {@link
   *     Trainer} subclass whose {@code step()} calls this method
   * @return whether the update ran
   */
  public static boolean updateUnlessAllZero(Trainer trainer, Runnable update) {
    if (allZero(trainer.getModel().getBlock())) {
      return false;
    }
    markUpdateChecked(trainer);
    update.run();
    return true;
  }

  /**
   * Turns autograd recording off on the calling thread (PyTorch's grad mode is per thread, and only
   * the thread that created the engine starts with it off).
   *
   * @return the previous mode, for {@link #restoreGradMode(boolean)}
   */
  public static boolean disableGradMode() {
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
  public static void restoreGradMode(boolean previous) {
    if (previous && "PyTorch".equals(Engine.getInstance().getEngineName())) {
      JniUtils.setGradMode(true);
    }
  }
}
