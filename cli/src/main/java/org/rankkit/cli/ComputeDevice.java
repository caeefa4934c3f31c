package org.rankkit.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** The devices a command computes on: the values of its {@code --device} option. */
enum ComputeDevice {
  cpu,
  gpu;

  /** {@return the engine's device: the first GPU or the CPU} */
  Device device() {
    return this == gpu ? Device.gpu() : Device.cpu();
  }

  /**
   * Resolves a {@code --device} value given as text (cpu or gpu, in any case).
   *
   * @param name the option's value
   * @return the CPU or the first GPU
   * @throws IllegalArgumentException for another value, or for gpu when the engine sees no GPU
   */
  static Device resolve(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "cpu":
        return Device.cpu();
      case "gpu":
        if (Engine.getInstance().getGpuCount() == 0) {
          throw new IllegalArgumentException("--device gpu: no GPU is visible to the engine");
        }
        return Device.gpu();
      default:
        throw new IllegalArgumentException("--device must be cpu or gpu, got '" + name + "'");
    }
  }
}
