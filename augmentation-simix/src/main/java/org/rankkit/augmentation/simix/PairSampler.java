package org.rankkit.augmentation.simix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.rankkit.api.loss.LabelStructure;

/**
 * Samples SiMix pairs: every unordered pair {@code i < j} of real items with the same label, per
 * class (classes in order of first appearance, pairs in index order), optionally capped per class
 * by a random subset (Fisher–Yates shuffle, first {@code cap}), each with its own {@code α ~
 * U(0,1)}. All randomness comes from the generator, so a seeded generator reproduces the triples.
 */
public final class PairSampler {

  private PairSampler() {}

  /**
   * Samples the triples.
   *
   * @param labels the batch's labels (only the first {@code realCount} are used)
   * @param realCount number of real items
   * @param maxPairsPerClass cap per class, 0 = none
   * @param random source of the shuffle and of every α
   * @return the triples, class by class
   */
  public static List<MixTriple> sample(
      long[] labels, int realCount, int maxPairsPerClass, RandomGenerator random) {
    long[] real = Arrays.copyOf(labels, realCount);
    boolean[] queries = new boolean[realCount];
    Arrays.fill(queries, true);
    LabelStructure classes = LabelStructure.of(real, queries);
    List<MixTriple> out = new ArrayList<>();
    for (int c = 0; c < classes.classCount(); c++) {
      int[] members = classes.members(c);
      int m = members.length;
      if (m < 2) {
        continue;
      }
      long pairCount = (long) m * (m - 1) / 2;
      if (maxPairsPerClass > 0 && pairCount > maxPairsPerClass) {
        // a random subset of pair ranks, without materialising every pair
        long[] ranks = partialShuffle(pairCount, maxPairsPerClass, random);
        for (long rank : ranks) {
          int[] ij = unrank(rank, m);
          out.add(new MixTriple(members[ij[0]], members[ij[1]], random.nextDouble()));
        }
      } else {
        for (int a = 0; a < m; a++) {
          for (int b = a + 1; b < m; b++) {
            out.add(new MixTriple(members[a], members[b], random.nextDouble()));
          }
        }
      }
    }
    return out;
  }

  /** The first {@code k} entries of a Fisher–Yates shuffle of {@code 0..n-1} (sparse). */
  private static long[] partialShuffle(long n, int k, RandomGenerator random) {
    Map<Long, Long> swapped = new java.util.HashMap<>();
    long[] out = new long[k];
    for (int t = 0; t < k; t++) {
      long r = t + random.nextLong(n - t);
      long at = swapped.getOrDefault(r, r);
      swapped.put(r, swapped.getOrDefault((long) t, (long) t));
      out[t] = at;
    }
    return out;
  }

  /** Maps a rank in {@code [0, m(m-1)/2)} to the pair {@code (a, b)}, {@code a < b}, row-major. */
  private static int[] unrank(long rank, int m) {
    int a = 0;
    long remaining = rank;
    while (remaining >= m - 1 - a) {
      remaining -= m - 1 - a;
      a++;
    }
    return new int[] {a, (int) (a + 1 + remaining)};
  }
}
