package org.rankkit.eval.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KMeansNmiTest {

  @Test
  void nmiFormulaWithArithmeticMeanNormaliser() {
    double expected = (2.0 / 3 * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2);
    assertThat(KMeansNmi.nmi(new long[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}))
        .isCloseTo(expected, within(1e-15));
    assertThat(KMeansNmi.nmi(new long[] {5, 5, 7, 7}, new int[] {1, 1, 0, 0}))
        .isCloseTo(1.0, within(1e-15));
    assertThat(KMeansNmi.nmi(new long[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}))
        .isCloseTo(0.0, within(1e-15));
  }
}
