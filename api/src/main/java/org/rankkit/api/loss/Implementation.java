package org.rankkit.api.loss;

import ai.djl.Device;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which code computes a loss: a fused CPU kernel (analytic loss and {@code dL/dS} in Java, then
 * linearised for autograd) or engine operations (any device). A loss configuration names one by its
 * {@link #id()}; {@code auto} resolves from the similarities' device.
 */
public enum Implementation {

  /** The fused CPU kernel on the CPU, engine operations elsewhere. */
  AUTO("auto"),

  /** The fused CPU kernel (similarities on another device are copied to the CPU and back). */
  FUSED_CPU("fused-cpu"),

  /** Engine operations, on the similarities' device. */
  ENGINE("engine");

  /** Every configuration value, in declaration order. */
  public static final List<String> IDS = Arrays.stream(values()).map(Implementation::id).toList();

  private final String id;

  Implementation(String id) {
    this.id = id;
  }

  /** {@return the configuration value} */
  public String id() {
    return id;
  }

  /**
   * Parses a configuration value.
   *
   * @param owner the loss id, for the message
   * @param id one of {@link #IDS}
   * @return the implementation
   * @throws NullPointerException when the value is null
   * @throws IllegalArgumentException for any other value
   */
  public static Implementation parse(String owner, String id) {
    Objects.requireNonNull(id, owner + ": implementation");
    for (Implementation implementation : values()) {
      if (implementation.id.equals(id)) {
        return implementation;
      }
    }
    throw new IllegalArgumentException(
        owner + ": implementation must be one of " + IDS + ", got '" + id + "'");
  }

  /**
   * Resolves {@code auto} for a device; the other values stand.
   *
   * @param device where the similarities are
   * @return {@link #FUSED_CPU} or {@link #ENGINE}
   */
  public Implementation on(Device device) {
    if (this != AUTO) {
      return this;
    }
    return Device.Type.CPU.equals(device.getDeviceType()) ? FUSED_CPU : ENGINE;
  }
}
