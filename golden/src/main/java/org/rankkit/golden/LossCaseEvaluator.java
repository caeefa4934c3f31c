package org.rankkit.golden;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.api.plugin.PluginFactory;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;

/**
 * Evaluates a {@link LossCase}: builds the embeddings {@code E} (requiring gradients) in the
 * requested data type and device, forms {@code S = E·Eᵀ}, applies the case's SiMix triples through
 * an augmentation from the registry ({@value #DEFAULT_MIX_AUGMENTATION} unless the caller names
 * another) when the case has a mix, runs the loss, backpropagates and returns the loss and {@code
 * dL/dE}.
 *
 * <p>The case's {@code params} are split by name: the loss factory's parameters go to the loss, the
 * mix augmentation's parameters (e.g. SiMix's {@code virtualQueries}) go to it together with {@code
 * triples} = the case's mix; any other name is an error listing the known ones. All arrays live in
 * a fresh {@link NDManager} closed before returning. Only one {@link
 * ai.djl.training.GradientCollector} may exist per JVM at a time, so do not call this while another
 * is open. Stateless and thread-compatible.
 */
public final class LossCaseEvaluator {

  /** Id of the augmentation that applies a case's {@code mix} unless the caller names another. */
  public static final String DEFAULT_MIX_AUGMENTATION = "simix";

  /** Name of simix's parameter that receives the case's mix triples. */
  public static final String TRIPLES = "triples";

  private LossCaseEvaluator() {}

  /**
   * Evaluates a case.
   *
   * @param c the case (its {@code expected} is ignored)
   * @param registry where to find the loss and, for a mix, the {@code simix} augmentation
   * @param dtype {@link DataType#FLOAT32} or {@link DataType#FLOAT64}
   * @param device where to compute (a GPU must exist)
   * @return the loss and {@code dL/dE} ({@code B × d})
   * @throws IllegalArgumentException for an unknown loss id, unknown or invalid parameters, an
   *     unsupported data type or a missing device
   * @throws IllegalStateException when the loss is not a scalar or its value or gradient is not
   *     finite
   */
  public static LossAndGradient run(
      LossCase c, PluginRegistry registry, DataType dtype, Device device) {
    return run(c, registry, DEFAULT_MIX_AUGMENTATION, dtype, device);
  }

  /**
   * Evaluates a case, applying its mix (if any) with a named augmentation.
   *
   * @param c the case (its {@code expected} is ignored)
   * @param registry where to find the loss and the augmentation
   * @param mixAugmentation id of the augmentation that applies the case's mix triples: it must take
   *     them as its {@value #TRIPLES} parameter
   * @param dtype {@link DataType#FLOAT32} or {@link DataType#FLOAT64}
   * @param device where to compute (a GPU must exist)
   * @return the loss and {@code dL/dE} ({@code B × d})
   * @throws IllegalArgumentException for an unknown loss id, unknown or invalid parameters, an
   *     unsupported data type or a missing device
   * @throws IllegalStateException when the loss is not a scalar or its value or gradient is not
   *     finite
   */
  public static LossAndGradient run(
      LossCase c, PluginRegistry registry, String mixAugmentation, DataType dtype, Device device) {
    if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
      throw new IllegalArgumentException(
          "unsupported data type " + dtype + "; use float32 or float64");
    }
    if (device.isGpu() && Engine.getInstance().getGpuCount() <= device.getDeviceId()) {
      throw new IllegalArgumentException(
          "device "
              + device
              + " is not available: the engine sees "
              + Engine.getInstance().getGpuCount()
              + " GPU(s)");
    }
    PluginFactory<RankingLoss> lossFactory = registry.factory(PluginKind.LOSS, c.loss());
    PluginFactory<SimilarityAugmentation> simixFactory =
        registry.ids(PluginKind.AUGMENTATION).contains(mixAugmentation)
            ? registry.factory(PluginKind.AUGMENTATION, mixAugmentation)
            : null;

    Map<String, Object> lossParams = new LinkedHashMap<>();
    Map<String, Object> simixParams = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : c.params().entrySet()) {
      String key = e.getKey();
      if (lossFactory.defaults().containsKey(key)) {
        lossParams.put(key, e.getValue());
      } else if (simixFactory != null
          && simixFactory.defaults().containsKey(key)
          && !TRIPLES.equals(key)) {
        simixParams.put(key, e.getValue());
      } else {
        List<String> known = new ArrayList<>(lossFactory.defaults().keySet());
        if (simixFactory != null) {
          simixFactory.defaults().keySet().stream()
              .filter(k -> !TRIPLES.equals(k))
              .forEach(known::add);
        }
        throw new IllegalArgumentException(
            "case '"
                + c.name()
                + "': unknown parameter '"
                + key
                + "'; known parameters of loss '"
                + c.loss()
                + "'"
                + (simixFactory != null ? " and of augmentation '" + mixAugmentation + "'" : "")
                + ": "
                + (known.isEmpty() ? "(none)" : String.join(", ", known)));
      }
    }
    RankingLoss loss = lossFactory.create(lossParams);
    SimilarityAugmentation simix = null;
    if (c.hasMix()) {
      if (simixFactory == null) {
        throw new IllegalArgumentException(
            "case '"
                + c.name()
                + "' has a mix but no '"
                + mixAugmentation
                + "' augmentation is available; known augmentations: "
                + registry.ids(PluginKind.AUGMENTATION));
      }
      simixParams.put(TRIPLES, c.mixTriples());
      simix = simixFactory.create(simixParams);
    } else if (!simixParams.isEmpty()) {
      throw new IllegalArgumentException(
          "case '"
              + c.name()
              + "' sets "
              + simixParams.keySet()
              + " but has no \"mix\"; SiMix parameters need mix triples");
    }
    return compute(c, loss, simix, dtype, device);
  }

  private static LossAndGradient compute(
      LossCase c, RankingLoss loss, SimilarityAugmentation simix, DataType dtype, Device device) {
    int b = c.size();
    int d = c.dimension();
    double[][] rows = c.embeddings();
    try (NDManager manager = NDManager.newBaseManager(device)) {
      NDArray e;
      if (dtype == DataType.FLOAT64) {
        double[] flat = new double[b * d];
        for (int i = 0; i < b; i++) {
          System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        e = manager.create(flat, new Shape(b, d));
      } else {
        float[] flat = new float[b * d];
        for (int i = 0; i < b; i++) {
          for (int k = 0; k < d; k++) {
            flat[i * d + k] = (float) rows[i][k];
          }
        }
        e = manager.create(flat, new Shape(b, d));
      }
      LossAndGradient result =
          LossAndGradient.compute(
              e,
              leaf -> {
                SimilarityBatch batch = SimilarityBatch.fromEmbeddings(leaf, c.labels());
                if (simix != null) {
                  batch = simix.apply(batch, new SplittableRandom(0));
                }
                NDArray l = loss.compute(batch);
                if (l.getShape().dimension() != 0 && l.size() != 1) {
                  throw new IllegalStateException(
                      "loss '" + c.loss() + "' returned shape " + l.getShape() + ", not a scalar");
                }
                return l;
              });
      double value = result.loss();
      if (!Double.isFinite(value)) {
        throw new IllegalStateException(
            "case '" + c.name() + "': loss '" + c.loss() + "' returned " + value);
      }
      for (double[] row : result.gradient()) {
        for (double v : row) {
          if (!Double.isFinite(v)) {
            throw new IllegalStateException(
                "case '" + c.name() + "': loss '" + c.loss() + "' gave a non-finite gradient " + v);
          }
        }
      }
      return result;
    }
  }
}
