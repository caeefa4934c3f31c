package org.rankkit.augmentation.simix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SiMix on the similarity matrix (docs/numeric-spec.md, "simix").
 *
 * <p>For triples {@code (i_t, j_t, α_t)}, {@code t = 1..T}, the virtual item {@code v_t = α_t e_i +
 * (1 − α_t) e_j} has similarities that are linear in the real ones. With {@code I}, {@code J} the
 * index vectors and {@code α}, {@code β = 1 − α} the weight vectors:
 *
 * <ol>
 *   <li>virtual rows {@code R = α ⊙ S[I, :] + β ⊙ S[J, :]} ({@code T × N}, two row gathers and a
 *       weighted add), stacked under {@code S};
 *   <li>virtual columns {@code C = S_top[:, I] ⊙ αᵀ + S_top[:, J] ⊙ βᵀ} ({@code (N+T) × T}),
 *       appended to the right.
 * </ol>
 *
 * <p>This equals {@code A S Aᵀ} with {@code A = [I; M]} exactly, without any dense product (cost
 * {@code O((N+T)²)}, not {@code O((N+T)² N)}), and is differentiable: gradients flow back to {@code
 * S} and hence to the embeddings. Virtual items take the label of {@code i}; they are queries iff
 * {@code virtualQueries}; {@code realCount} and the embeddings are unchanged. The result is
 * attached to the input similarities' manager; intermediates are closed. Immutable and thread-safe.
 *
 * <p>Sampling every same-class pair (the default) adds {@code C(p, 2)} virtual items per class of
 * {@code p} items: 1.5 per real item at {@code p = 4}, the paper's batches, but 7.5 at {@code p =
 * 16}. Then the virtual items dominate the loss and its cost; the first such batch logs a warning
 * that points to {@code maxPairsPerClass}.
 */
public final class SimixAugmentation implements SimilarityAugmentation {

  private static final Logger LOG = LoggerFactory.getLogger(SimixAugmentation.class);

  /** More sampled virtual items per real item than this, without a cap, earns one warning. */
  static final int VIRTUAL_PER_REAL_WARNING = 4;

  private final SimixConfig config;
  private final AtomicBoolean warned = new AtomicBoolean();

  /**
   * Returns a typed builder that starts from the defaults, e.g. {@code
   * SimixAugmentation.builder().maxPairsPerClass(8).build()}.
   *
   * @return a new builder
   */
  public static SimixAugmentationBuilder builder() {
    return new SimixAugmentationBuilder();
  }

  /**
   * Creates the augmentation.
   *
   * @param config the parameters
   */
  public SimixAugmentation(SimixConfig config) {
    this.config = config;
  }

  /** {@return the configuration this augmentation was created with} */
  public SimixConfig config() {
    return config;
  }

  /**
   * Extends the batch with the configured triples, or with pairs sampled from {@code random} when
   * none are configured.
   *
   * @param batch the batch
   * @param random source of the pair subset (with a cap) and of every α
   * @return the extended batch (the input itself when there is nothing to mix)
   * @throws IllegalArgumentException when a configured triple is out of range or mixes labels
   */
  @Override
  public SimilarityBatch apply(SimilarityBatch batch, RandomGenerator random) {
    List<MixTriple> triples =
        config.triples().isEmpty()
            ? PairSampler.sample(
                batch.labels(), batch.realCount(), config.maxPairsPerClass(), random)
            : config.mixTriples();
    if (config.triples().isEmpty()
        && config.maxPairsPerClass() == 0
        && triples.size() > VIRTUAL_PER_REAL_WARNING * batch.realCount()
        && warned.compareAndSet(false, true)) {
      LOG.warn(
          "simix: every same-class pair gives {} virtual items for {} real ones; the loss's cost"
              + " grows with the square of the extended batch, and virtual items this many can"
              + " swamp the real ones (on Fashion-MNIST at batch 160, recall@1 fell from 0.86 to"
              + " 0.79). Bound them with maxPairsPerClass (e.g. 6, the pairs of 4 items per class),"
              + " or use more classes and fewer items per class in each batch",
          triples.size(),
          batch.realCount());
    }
    return apply(batch, triples, config.virtualQueries());
  }

  /**
   * Extends a batch with explicit triples.
   *
   * @param batch the batch
   * @param triples the triples; indices refer to real items of the batch
   * @param virtualQueries whether the virtual items are queries
   * @return the extended batch (the input itself for an empty list)
   * @throws IllegalArgumentException when a triple is out of range or mixes different labels
   */
  public static SimilarityBatch apply(
      SimilarityBatch batch, List<MixTriple> triples, boolean virtualQueries) {
    int t = triples.size();
    if (t == 0) {
      return batch;
    }
    int n = batch.size();
    int real = batch.realCount();
    long[] first = new long[t];
    long[] second = new long[t];
    double[] alpha = new double[t];
    double[] beta = new double[t];
    long[] labels = java.util.Arrays.copyOf(batch.labels(), n + t);
    boolean[] queries = java.util.Arrays.copyOf(batch.queryMask(), n + t);
    for (int k = 0; k < t; k++) {
      MixTriple m = triples.get(k);
      if (m.i() >= real || m.j() >= real) {
        throw new IllegalArgumentException(
            "mix triple "
                + k
                + " ("
                + m.i()
                + ", "
                + m.j()
                + ", "
                + m.alpha()
                + "): indices must be real items in [0, "
                + (real - 1)
                + "]");
      }
      if (batch.label(m.i()) != batch.label(m.j())) {
        throw new IllegalArgumentException(
            "mix triple "
                + k
                + " mixes items "
                + m.i()
                + " (label "
                + batch.label(m.i())
                + ") and "
                + m.j()
                + " (label "
                + batch.label(m.j())
                + "); SiMix only mixes items of the same label");
      }
      first[k] = m.i();
      second[k] = m.j();
      alpha[k] = m.alpha();
      beta[k] = 1 - m.alpha();
      labels[n + k] = batch.label(m.i());
      queries[n + k] = virtualQueries;
    }
    NDArray s = batch.similarities();
    NDManager outer = s.getManager();
    NDArray extended;
    try (NDManager scope = outer.newSubManager()) {
      scope.tempAttachAll(s);
      DataType type = s.getDataType();
      // Autograd keeps the indices (gather) and weights (mul) for backward, which runs after this
      // scope is closed: they must own their memory. An array created from Java data may wrap a
      // Java buffer that is freed once the array is closed, so keep engine-owned copies.
      NDArray rowsI = owned(scope.create(first), DataType.INT64);
      NDArray rowsJ = owned(scope.create(second), DataType.INT64);
      NDArray a = owned(scope.create(alpha), type);
      NDArray b = owned(scope.create(beta), type);
      // virtual rows: α ⊙ S[I, :] + β ⊙ S[J, :]; temporaries are freed as soon as they are used
      // (the gathers' and the weighting's backward keep only indices and weights, not the data)
      NDArray virtualRows =
          weightedSum(
              s,
              0,
              rowsI.reshape(t, 1),
              a.reshape(t, 1),
              rowsJ.reshape(t, 1),
              b.reshape(t, 1),
              new Shape(t, n));
      NDArray top = s.concat(virtualRows, 0);
      virtualRows.close();
      // virtual columns of every (real and virtual) row: S_top[:, I] ⊙ αᵀ + S_top[:, J] ⊙ βᵀ
      NDArray virtualColumns =
          weightedSum(
              top,
              1,
              rowsI.reshape(1, t),
              a.reshape(1, t),
              rowsJ.reshape(1, t),
              b.reshape(1, t),
              new Shape(n + t, t));
      extended = top.concat(virtualColumns, 1);
      top.close();
      virtualColumns.close();
      extended.attach(outer);
    }
    if (!extended.getShape().equals(new Shape(n + t, n + t))) {
      throw new IllegalStateException("simix produced shape " + extended.getShape());
    }
    return new SimilarityBatch(extended, labels, queries, real, batch.embeddings());
  }

  /** Returns an engine-owned copy of {@code data} in {@code type}, closing {@code data}. */
  private static NDArray owned(NDArray data, DataType type) {
    // duplicate() is a real copy; toType(sameType, true) is not (it may alias the Java buffer)
    NDArray typed = data.toType(type, false);
    NDArray copy = typed.duplicate();
    if (typed != data) {
      typed.close();
    }
    data.close();
    return copy;
  }

  /**
   * {@code gather(x, axis, first) ⊙ wFirst + gather(x, axis, second) ⊙ wSecond}, where the index
   * vectors are broadcast (a stride-0 view, no copy) to the result's shape; each temporary is
   * closed right after use. A gather (backward: a scatter-add) is much faster on the CPU than
   * advanced indexing, whose backward accumulates serially.
   */
  private static NDArray weightedSum(
      NDArray x,
      int axis,
      NDArray first,
      NDArray wFirst,
      NDArray second,
      NDArray wSecond,
      Shape shape) {
    NDArray sum;
    try (NDArray index = first.broadcast(shape)) {
      sum = x.gather(index, axis).muli(wFirst); // in place: gather's backward needs no output
    }
    try (NDArray index = second.broadcast(shape);
        NDArray weighted = x.gather(index, axis).muli(wSecond)) {
      sum.addi(weighted);
    }
    return sum;
  }

  @Override
  public String toString() {
    return "simix" + config;
  }
}
