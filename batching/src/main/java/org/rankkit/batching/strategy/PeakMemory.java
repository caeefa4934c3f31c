package org.rankkit.batching.strategy;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.MemoryUsage;
import org.rankkit.api.step.ProcessMemory;

/**
 * Peak memory of a step: on a GPU the largest device memory in use at the sampling points of the
 * step; on a CPU the process's peak resident set size ({@code VmHWM} of {@code
 * /proc/self/status}, the peak since the process started or since the last {@link
 * ProcessMemory#resetPeak()}), or the JVM heap in use where that file does not exist.
 */
public final class PeakMemory {

  private final boolean gpu;
  private final Device device;
  private long peak;

  private PeakMemory(Device device) {
    this.device = device;
    this.gpu = device.isGpu();
  }

  /**
   * Starts observing the memory of a device.
   *
   * @param device where the step runs
   * @return the observer
   */
  static PeakMemory of(Device device) {
    PeakMemory memory = new PeakMemory(device);
    memory.sample();
    return memory;
  }

  /** Records the memory in use now (GPU only; the CPU peak is kept by the kernel). */
  void sample() {
    if (gpu) {
      MemoryUsage usage = CudaUtils.getGpuMemory(device);
      peak = Math.max(peak, usage.getUsed());
    }
  }

  /** Returns the peak in bytes. */
  long peakBytes() {
    sample();
    return gpu ? peak : processPeakResidentBytes();
  }

  /**
   * Returns the process's peak resident set size in bytes ({@code VmHWM}), or the JVM heap in use
   * when {@code /proc/self/status} is not readable.
   *
   * @return bytes
   */
  public static long processPeakResidentBytes() {
    long peak = ProcessMemory.peakResidentBytes();
    if (peak >= 0) {
      return peak;
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
