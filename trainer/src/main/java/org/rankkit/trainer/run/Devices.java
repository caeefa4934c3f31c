package org.rankkit.trainer.run;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** The device a run trains on, from the {@code device} key. */
public final class Devices {

  private Devices() {}

  /**
   * Resolves the device: {@code auto} is the first GPU when the engine sees one, else the CPU.
   *
   * @param name {@code auto}, {@code cpu} or {@code gpu}
   * @return the device
   * @throws IllegalArgumentException for {@code gpu} without a GPU
   */
  public static Device resolve(String name) {
    int gpus = Engine.getInstance().getGpuCount();
    return switch (name) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (gpus == 0) {
          throw new IllegalArgumentException(
              "device=gpu but the engine ("
                  + Engine.getInstance().getEngineName()
                  + ") sees no GPU; use device=cpu or device=auto");
        }
        yield Device.gpu();
      }
      default -> gpus > 0 ? Device.gpu() : Device.cpu();
    };
  }
}
