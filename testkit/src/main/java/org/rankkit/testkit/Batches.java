package org.rankkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

/** Random batches and comparisons shared by the contract tests. */
final class Batches {

  private Batches() {}

  /** Returns a random permutation of {@code 0..n-1} that is not the identity (for n > 1). */
  static int[] permutation(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    do {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
    } while (n > 1 && isIdentity(p));
    return p;
  }

  /** A random permutation of {@code 0..n-1} that maps {@code 0..real-1} onto itself. */
  static int[] permutationOfExtended(int n, int real, Random random) {
    int[] head = permutation(real, random);
    int[] tail = permutation(n - real, random);
    int[] p = new int[n];
    System.arraycopy(head, 0, p, 0, real);
    for (int i = 0; i < n - real; i++) {
      p[real + i] = real + tail[i];
    }
    return p;
  }

  private static boolean isIdentity(int[] p) {
    for (int i = 0; i < p.length; i++) {
      if (p[i] != i) {
        return false;
      }
    }
    return true;
  }

  /** Asserts that a loss and gradient match a reference within a relative tolerance. */
  static void assertClose(
      String what, double loss, double[][] gradient, LossHarness.Result reference, double rel) {
    double lossTol = rel * Math.max(1, Math.abs(reference.loss()));
    assertThat(loss)
        .as("%s: loss %s vs %s", what, loss, reference.loss())
        .isCloseTo(reference.loss(), org.assertj.core.api.Assertions.within(lossTol));
    double scale = 1;
    for (double[] row : reference.gradient()) {
      for (double g : row) {
        scale = Math.max(scale, Math.abs(g));
      }
    }
    for (int i = 0; i < gradient.length; i++) {
      for (int k = 0; k < gradient[i].length; k++) {
        assertThat(gradient[i][k])
            .as("%s: gradient[%d][%d]", what, i, k)
            .isCloseTo(
                reference.gradient()[i][k], org.assertj.core.api.Assertions.within(rel * scale));
      }
    }
  }
}
