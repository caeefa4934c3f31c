package org.rankkit.batching.sampler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Class-balanced batches: every batch holds {@code classesPerBatch} distinct classes with exactly
 * {@code perClass} items each.
 *
 * <p>One epoch, from a generator seeded by {@code (seed, epoch)}:
 *
 * <ol>
 *   <li>the items of every class are shuffled, and the order of the classes is shuffled;
 *   <li>the classes with at least {@code perClass} items form a queue in that order;
 *   <li>each batch takes the first {@code classesPerBatch} classes of the queue and the next {@code
 *       perClass} unused items of each; a class goes back to the end of the queue while it has at
 *       least {@code perClass} unused items left, and is skipped for the rest of the epoch
 *       otherwise;
 *   <li>the epoch ends when fewer than {@code classesPerBatch} classes are left (the incomplete
 *       batch is dropped).
 * </ol>
 *
 * <p>So no item appears twice in an epoch, every class in a batch has exactly {@code perClass}
 * items (grouped by class, in queue order), and the classes are used round-robin. Not thread-safe.
 */
public final class ClassBalancedSampler implements BatchSampler {

  private static final long EPOCH_MIX = 0x9E3779B97F4A7C15L;

  private final ClassBalancedSamplerConfig config;
  private final int[][] itemsByClass;

  /**
   * Creates a sampler over a dataset.
   *
   * @param labels class id of each dataset item (item {@code i} has label {@code labels[i]})
   * @param config batch shape and seed
   * @throws IllegalArgumentException when fewer than {@code classesPerBatch} classes have {@code
   *     perClass} items, so that not even one batch can be formed
   */
  public ClassBalancedSampler(long[] labels, ClassBalancedSamplerConfig config) {
    this.config = config;
    Map<Long, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < labels.length; i++) {
      byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
    }
    List<int[]> classes = new ArrayList<>();
    for (List<Integer> items : byClass.values()) {
      classes.add(items.stream().mapToInt(Integer::intValue).toArray());
    }
    this.itemsByClass = classes.toArray(int[][]::new);
    long usable = classes.stream().filter(c -> c.length >= config.perClass()).count();
    if (usable < config.classesPerBatch()) {
      throw new IllegalArgumentException(
          "a batch needs "
              + config.classesPerBatch()
              + " classes with at least "
              + config.perClass()
              + " items each, but only "
              + usable
              + " of the "
              + classes.size()
              + " classes have that many");
    }
  }

  /** {@return the configuration the sampler was created with} */
  public ClassBalancedSamplerConfig config() {
    return config;
  }

  @Override
  public int batchSize() {
    return config.batchSize();
  }

  @Override
  public List<int[]> epoch(long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    SplittableRandom random = new SplittableRandom(config.seed() + EPOCH_MIX * (epoch + 1));
    int perClass = config.perClass();
    int[][] shuffled = new int[itemsByClass.length][];
    for (int c = 0; c < itemsByClass.length; c++) {
      shuffled[c] = itemsByClass[c].clone();
      shuffle(shuffled[c], random);
    }
    int[] classOrder = new int[itemsByClass.length];
    for (int c = 0; c < classOrder.length; c++) {
      classOrder[c] = c;
    }
    shuffle(classOrder, random);
    int[] used = new int[itemsByClass.length];
    Deque<Integer> queue = new ArrayDeque<>();
    for (int c : classOrder) {
      if (shuffled[c].length >= perClass) {
        queue.addLast(c);
      }
    }
    List<int[]> batches = new ArrayList<>();
    int[] taken = new int[config.classesPerBatch()];
    while (queue.size() >= config.classesPerBatch()) {
      int[] batch = new int[config.batchSize()];
      for (int k = 0; k < taken.length; k++) {
        int c = queue.removeFirst();
        System.arraycopy(shuffled[c], used[c], batch, k * perClass, perClass);
        used[c] += perClass;
        taken[k] = c;
      }
      for (int c : taken) {
        if (shuffled[c].length - used[c] >= perClass) {
          queue.addLast(c);
        }
      }
      batches.add(batch);
    }
    return Collections.unmodifiableList(batches);
  }

  static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
