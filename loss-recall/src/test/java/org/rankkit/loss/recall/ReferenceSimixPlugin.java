package org.rankkit.loss.recall;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;

/**
 * Test-only brute-force SiMix with explicit triples: {@code S' = A S Aᵀ} with a dense mixing matrix
 * {@code A = [I; M]}, exactly as docs/numeric-spec.md states it. Lets the golden mix cases run
 * through {@link org.rankkit.golden.LossCaseEvaluator} independently of the augmentation-simix
 * module.
 */
public final class ReferenceSimixPlugin extends PluginModule {

  /** Parameters of the reference simix. */
  public record Config(boolean virtualQueries, List<List<Double>> triples) {
    /** Copies the triples. */
    public Config {
      triples = List.copyOf(triples);
    }
  }

  /** Creates the plugin. */
  public ReferenceSimixPlugin() {
    super("reference-simix");
  }

  @Override
  protected void configure() {
    PluginBindings.augmentation(
        binder(),
        "simix",
        "test reference: dense A S A^T with explicit triples",
        new Config(true, List.of()),
        ReferenceSimixPlugin::augmentation);
  }

  static SimilarityAugmentation augmentation(Config config) {
    return (batch, random) -> mix(batch, config);
  }

  static SimilarityBatch mix(SimilarityBatch batch, Config config) {
    NDArray s = batch.similarities();
    int b = batch.size();
    int v = config.triples().size();
    int n = b + v;
    double[] a = new double[n * b];
    long[] labels = new long[n];
    boolean[] mask = new boolean[n];
    for (int i = 0; i < b; i++) {
      a[i * b + i] = 1.0;
      labels[i] = batch.label(i);
      mask[i] = batch.isQuery(i);
    }
    for (int t = 0; t < v; t++) {
      List<Double> triple = config.triples().get(t);
      int i = triple.get(0).intValue();
      int j = triple.get(1).intValue();
      double alpha = triple.get(2);
      a[(b + t) * b + i] += alpha;
      a[(b + t) * b + j] += 1.0 - alpha;
      labels[b + t] = batch.label(i);
      mask[b + t] = config.virtualQueries();
    }
    NDManager manager = s.getManager();
    NDArray mixing = manager.create(a, new Shape(n, b)).toType(s.getDataType(), false);
    NDArray extended = mixing.matMul(s).matMul(mixing.transpose());
    return new SimilarityBatch(extended, labels, mask, b, batch.embeddings());
  }
}
