package org.rankkit.api.step;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rankkit.api.DjlDefaults;

class ProcessMemoryTest {

  private static final long MIB = 1L << 20;

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  @Test
  void residentFiguresAreReadFromProc() {
    long rss = ProcessMemory.residentBytes();
    assertThat(rss).isGreaterThan(MIB);
    assertThat(ProcessMemory.peakResidentBytes()).isGreaterThanOrEqualTo(rss);
  }

  @Test
  void resetPeakForgetsAnEarlierPeak() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // 512 MiB of native memory, written so that it is resident, then returned to the system
      try (NDArray big = manager.ones(new Shape(128L * MIB))) {
        assertThat(big.sum().getFloat()).isPositive();
      }
    }
    long peakWithBuffer = ProcessMemory.peakResidentBytes();
    assertThat(ProcessMemory.resetPeak()).isTrue();
    long peakAfterReset = ProcessMemory.peakResidentBytes();
    assertThat(peakAfterReset)
        .isGreaterThanOrEqualTo(ProcessMemory.residentBytes() - 16 * MIB)
        .isLessThan(peakWithBuffer - 256 * MIB);
  }
}
