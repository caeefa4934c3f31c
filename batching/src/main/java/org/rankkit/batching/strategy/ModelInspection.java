package org.rankkit.batching.strategy;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** Finds layers whose behaviour depends on the training flag or on the batch. */
final class ModelInspection {

  private ModelInspection() {}

  /**
   * Returns the paths ({@code 01SequentialBlock/02Dropout} style, as DJL names children) of every
   * {@link Dropout} block in a model.
   */
  static List<String> dropoutPaths(Block block) {
    List<String> out = new ArrayList<>();
    collect(block, "", Dropout.class, out);
    return out;
  }

  /** Returns whether a model contains a {@link BatchNorm} block (or a subclass). */
  static boolean hasBatchNorm(Block block) {
    List<String> out = new ArrayList<>();
    collect(block, "", BatchNorm.class, out);
    return !out.isEmpty();
  }

  /**
   * Throws when a model contains dropout.
   *
   * @param block the model
   * @param why the end of the message: why dropout cannot be used here and what to do instead
   */
  static void refuseDropout(Block block, String why) {
    List<String> paths = dropoutPaths(block);
    if (!paths.isEmpty()) {
      throw new IllegalArgumentException(
          "the model contains Dropout (at " + String.join(", ", paths) + "): " + why);
    }
  }

  private static void collect(Block block, String path, Class<?> type, List<String> out) {
    if (type.isInstance(block)) {
      out.add(path.isEmpty() ? block.getClass().getSimpleName() : path);
    }
    for (Pair<String, Block> child : block.getChildren()) {
      String childPath = path.isEmpty() ? child.getKey() : path + "/" + child.getKey();
      collect(child.getValue(), childPath, type, out);
    }
  }
}
