package org.rankkit.api.step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident-set figures from Linux {@code /proc/self/status}: current ({@code VmRSS})
 * and peak ({@code VmHWM}). Writing {@code 5} to {@code /proc/self/clear_refs} resets the peak
 * (Linux 4.0+), which lets a benchmark or a comparison measure the peak of one run inside a
 * longer-lived process. Every method returns -1 (or false) where the figures are unavailable (not
 * Linux). On the CPU, {@link StepDriver} reports {@link #peakResidentBytesOrHeap()} as a step's
 * {@link StepResult#peakMemoryBytes()}.
 */
public final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** {@return the current resident set size ({@code VmRSS}) in bytes, or -1 when unavailable} */
  public static long residentBytes() {
    return field("VmRSS:");
  }

  /**
   * {@return the peak resident set size ({@code VmHWM}) in bytes since start or the last {@link
   * #resetPeak()}, or -1 when unavailable}
   */
  public static long peakResidentBytes() {
    return field("VmHWM:");
  }

  /**
   * {@return the peak resident set size in bytes ({@link #peakResidentBytes()}), or the JVM heap in
   * use where {@code /proc/self/status} is not readable}
   */
  public static long peakResidentBytesOrHeap() {
    long peak = peakResidentBytes();
    if (peak >= 0) {
      return peak;
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /**
   * Resets the peak resident set size to the current one.
   *
   * @return whether the reset worked
   */
  public static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          long value = Long.parseLong(parts[0]);
          return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
