package org.rankkit.cli;

import ai.djl.Device;

/** The PyTorch thread count of commands whose Java workers each compute similarity chunks. */
final class TorchThreads {

  private static final String PROPERTY = "ai.djl.pytorch.num_threads";

  private TorchThreads() {}

  /**
   * On the CPU, gives PyTorch one thread, since every worker runs its own similarity chunks (this
   * avoids oversubscription); read when the engine starts, so it acts only before that. A thread
   * count set by the user is kept.
   *
   * @param target where the similarities are computed
   */
  static void onePerWorker(Device target) {
    if (!target.isGpu() && System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "1");
    }
  }
}
