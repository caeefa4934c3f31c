package org.rankkit.api.step;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.MemoryUsage;

/**
 * Peak memory of a step: on a GPU the largest device memory in use at the sampling points of the
 * step; on a CPU the process's peak resident set size ({@link
 * ProcessMemory#peakResidentBytesOrHeap()}).
 */
final class PeakMemory {

  private final boolean gpu;
  private final Device device;
  private long peak;

  private PeakMemory(Device device) {
    this.device = device;
    this.gpu = device.isGpu();
  }

  /** Starts observing the memory of a device. */
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
    return gpu ? peak : ProcessMemory.peakResidentBytesOrHeap();
  }
}
