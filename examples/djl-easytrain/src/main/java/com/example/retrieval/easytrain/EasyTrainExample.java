package com.example.retrieval.easytrain;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.Random;
import org.rankkit.api.DjlDefaults;
import org.rankkit.djl.InBatchRecallEvaluator;
import org.rankkit.djl.RankingLossAdapter;
import org.rankkit.djl.RankingTrainer;
import org.rankkit.loss.recall.RecallAtKLoss;
import org.rankkit.augmentation.simix.SimixAugmentation;

/**
 * Trains a small MLP embedding with DJL's own {@link EasyTrain#fit} and RankKit's recall-at-k loss
 * plus SiMix, on synthetic clustered data, and measures Recall@1 on held-out points.
 *
 * <p>The data: each class has a centre in an 8-dimensional "signal" subspace; every point adds small
 * within-class noise there and large class-independent noise in 8 further dimensions. Cosine
 * similarity of the raw inputs is dominated by the noise, so raw Recall@1 is poor; a learned
 * projection that keeps the signal retrieves well. Training uses 12 points per class, the test 10
 * new points per class (the closed protocol: same classes, unseen points).
 *
 * <p>Run it with {@code mvn -f examples/djl-easytrain/pom.xml verify} (its test prints the numbers).
 */
public final class EasyTrainExample {

  /** Input dimension: 8 signal + 8 noise dimensions. */
  static final int INPUT_DIM = 16;

  private static final int SIGNAL_DIM = 8;

  /** Training batch size. */
  static final int BATCH = 32;

  /**
   * What a run measured.
   *
   * @param rawRecallAt1 Recall@1 of the raw inputs on the test classes (the floor)
   * @param recallAt1Before Recall@1 of the untrained model's embeddings on the test classes
   * @param recallAt1After Recall@1 after training
   * @param trainLoss the training loss of the last epoch, as DJL's listeners report it
   * @param validationRecallAt1 Recall@1 on the test points after the last epoch, as DJL's
   *     listeners report the {@link InBatchRecallEvaluator} (the test set is one validation batch)
   * @param skippedSteps optimiser updates skipped because no query of the batch had a positive
   * @param seconds wall-clock seconds of {@code EasyTrain.fit}
   */
  public record Result(
      double rawRecallAt1,
      double recallAt1Before,
      double recallAt1After,
      double trainLoss,
      double validationRecallAt1,
      long skippedSteps,
      double seconds) {}

  private EasyTrainExample() {}

  /**
   * Prints the Recall@1 of one run.
   *
   * @param args ignored
   * @throws Exception when training fails
   */
  public static void main(String[] args) throws Exception {
    Result r = run(8, 7);
    System.out.printf(
        "Recall@1 on held-out points: raw inputs %.3f, untrained %.3f, trained %.3f"
            + " (DJL evaluator: %.3f; train loss %.4f, %.1f s)%n",
        r.rawRecallAt1(), r.recallAt1Before(), r.recallAt1After(), r.validationRecallAt1(),
        r.trainLoss(), r.seconds());
  }

  /**
   * Generates the data, trains, and measures.
   *
   * @param epochs passes over the 240 training points (20 classes; batches of {@link #BATCH})
   * @param seed seed of data, initialisation and SiMix sampling
   * @return the measurements
   * @throws IOException when the dataset cannot be read
   * @throws TranslateException when a batch cannot be prepared
   */
  public static Result run(int epochs, long seed) throws IOException, TranslateException {
    DjlDefaults.applyOffline();
    Engine.getInstance().setRandomSeed((int) seed);
    Random random = new Random(seed);
    try (Model model = Model.newInstance("mlp-embedding");
        NDManager data = NDManager.newBaseManager()) {
      model.setBlock(mlp(16));
      double[][] centres = Clusters.centres(20, random);
      Clusters train = Clusters.sample(centres, 12, random);
      Clusters test = Clusters.sample(centres, 10, random); // new points of the same classes
      ArrayDataset trainSet =
          new ArrayDataset.Builder()
              .setData(data.create(train.points(), new Shape(train.size(), INPUT_DIM)))
              .optLabels(data.create(train.labels()))
              .setSampling(BATCH, true)
              .build();
      ArrayDataset testSet = // one validation batch: DJL's evaluator then sees the whole set
          new ArrayDataset.Builder()
              .setData(data.create(test.points(), new Shape(test.size(), INPUT_DIM)))
              .optLabels(data.create(test.labels()))
              .setSampling(test.size(), false)
              .build();
      double raw = recallAt1(test.points(), test.labels(), INPUT_DIM);

      // --- "Use it in your own DJL loop": the RankKit part ---------------------------------------
      // Any RankKit loss, plus SiMix, as a DJL Loss: predictions = embeddings, labels = class ids.
      // By id, for any discovered plugin: RankKit.loss("recall-at-k", Map.of("ks", List.of(1, 2, 4)))
      RankingLossAdapter loss =
          RankingLossAdapter.builder(RecallAtKLoss.builder().ks(1, 2, 4).build())
              .augmentation(SimixAugmentation.builder().build())
              .seed(seed)
              .name("recall-at-k")
              .build();
      TrainingConfig config =
          new DefaultTrainingConfig(loss)
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.03f)).build())
              .addEvaluator(new InBatchRecallEvaluator(1)) // Recall@1 in DJL's own reports
              .addTrainingListeners(TrainingListener.Defaults.basic());
      // RankingTrainer instead of model.newTrainer(config): it skips the optimiser update of a
      // batch in which no query has a positive (DJL's Trainer.step() throws on all-zero gradients).
      try (RankingTrainer trainer = new RankingTrainer(model, config)) {
        trainer.initialize(new Shape(BATCH, INPUT_DIM));
        double before = recallAt1(embed(trainer, data, test), test.labels(), 16);
        long start = System.nanoTime();
        EasyTrain.fit(trainer, epochs, trainSet, testSet);
        double seconds = (System.nanoTime() - start) / 1e9;
        // ------------------------------------------------------------------------------------------
        double after = recallAt1(embed(trainer, data, test), test.labels(), 16);
        return new Result(
            raw,
            before,
            after,
            trainer.getTrainingResult().getTrainLoss(),
            trainer.getTrainingResult().getValidateEvaluation("recall@1"),
            trainer.skippedSteps(),
            seconds);
      }
    }
  }

  /** MLP 16 → 64 → ReLU → {@code dim}, then L2 normalisation (the model's job, not the loss's). */
  static Block mlp(int dim) {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(64).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(dim).build())
        .add(
            new LambdaBlock(
                list -> {
                  NDArray x = list.head();
                  return new NDList(x.div(x.norm(new int[] {1}, true).add(1e-12f)));
                }));
  }

  /** Embeds a point set with the trained model (no autograd). */
  private static float[] embed(Trainer trainer, NDManager data, Clusters set) {
    try (NDManager scope = data.newSubManager()) {
      NDArray x = scope.create(set.points(), new Shape(set.size(), INPUT_DIM));
      return trainer.evaluate(new NDList(x)).head().toFloatArray();
    }
  }

  /**
   * Leave-one-out Recall@1 under cosine similarity: the fraction of items whose most similar other
   * item has the same label.
   */
  static double recallAt1(float[] rows, long[] labels, int dim) {
    int n = labels.length;
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int k = 0; k < dim; k++) {
        s += (double) rows[i * dim + k] * rows[i * dim + k];
      }
      norms[i] = Math.sqrt(s) + 1e-12;
    }
    int hits = 0;
    for (int q = 0; q < n; q++) {
      int best = -1;
      double bestSim = Double.NEGATIVE_INFINITY;
      for (int z = 0; z < n; z++) {
        if (z == q) {
          continue;
        }
        double s = 0;
        for (int k = 0; k < dim; k++) {
          s += (double) rows[q * dim + k] * rows[z * dim + k];
        }
        s /= norms[q] * norms[z];
        if (s > bestSim) {
          bestSim = s;
          best = z;
        }
      }
      hits += labels[best] == labels[q] ? 1 : 0;
    }
    return (double) hits / n;
  }

  /**
   * Points of several classes: centre in the signal subspace plus noise.
   *
   * @param points row-major {@code size × INPUT_DIM}
   * @param labels class id of each point
   */
  record Clusters(float[] points, long[] labels) {

    int size() {
      return labels.length;
    }

    /** Draws {@code classes} class centres in the signal subspace. */
    static double[][] centres(int classes, Random random) {
      double[][] centres = new double[classes][SIGNAL_DIM];
      for (double[] centre : centres) {
        for (int k = 0; k < SIGNAL_DIM; k++) {
          centre[k] = 0.5 * random.nextGaussian();
        }
      }
      return centres;
    }

    /** Draws {@code perClass} points around each centre. */
    static Clusters sample(double[][] centres, int perClass, Random random) {
      float[] points = new float[centres.length * perClass * INPUT_DIM];
      long[] labels = new long[centres.length * perClass];
      for (int c = 0; c < centres.length; c++) {
        for (int j = 0; j < perClass; j++) {
          int i = c * perClass + j;
          labels[i] = c;
          for (int k = 0; k < INPUT_DIM; k++) {
            double value =
                k < SIGNAL_DIM
                    ? centres[c][k] + 0.15 * random.nextGaussian()
                    : random.nextGaussian();
            points[i * INPUT_DIM + k] = (float) value;
          }
        }
      }
      return new Clusters(points, labels);
    }
  }
}
