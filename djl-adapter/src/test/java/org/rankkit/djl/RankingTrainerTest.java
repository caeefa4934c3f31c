package org.rankkit.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rankkit.api.loss.RankingLoss;

class RankingTrainerTest {

  private static final int IN = 6;

  private Model model;
  private NDManager data;

  @BeforeEach
  void open() {
    Engine.getInstance().setRandomSeed(42);
    model = Model.newInstance("ranking-trainer-test");
    model.setBlock(
        new SequentialBlock()
            .add(Linear.builder().setUnits(4).build())
            .add(
                new LambdaBlock(
                    list -> {
                      NDArray x = list.head();
                      return new NDList(x.div(x.norm(new int[] {1}, true).add(1e-12f)));
                    })));
    data = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    data.close();
    model.close();
  }

  private static TrainingConfig config(Loss loss) {
    return new DefaultTrainingConfig(loss)
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build())
        .addTrainingListeners(TrainingListener.Defaults.basic());
  }

  /** Points around one centre per class (classes far apart in the first dimensions). */
  private ArrayDataset clustered(long[] labels, int batchSize, long seed) {
    Random r = new Random(seed);
    float[] x = new float[labels.length * IN];
    float[] y = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      y[i] = labels[i];
      for (int j = 0; j < IN; j++) {
        double centre = j == labels[i] % IN ? 3 : 0;
        x[i * IN + j] = (float) (centre + r.nextGaussian());
      }
    }
    return new ArrayDataset.Builder()
        .setData(data.create(x, new Shape(labels.length, IN)))
        .optLabels(data.create(y))
        .setSampling(batchSize, false)
        .build();
  }

  private double[] parameters() {
    List<Float> all = new ArrayList<>();
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      for (float v : p.getValue().getArray().toFloatArray()) {
        all.add(v);
      }
    }
    return all.stream().mapToDouble(Float::doubleValue).toArray();
  }

  /** Runs one batch per call as EasyTrain.fit does; returns the parameters after each step. */
  private List<double[]> stepThrough(Trainer trainer, ArrayDataset dataset) throws Exception {
    List<double[]> snapshots = new ArrayList<>();
    snapshots.add(parameters());
    for (Batch batch : trainer.iterateDataset(dataset)) {
      EasyTrain.trainBatch(trainer, batch);
      trainer.step();
      batch.close();
      snapshots.add(parameters());
    }
    return snapshots;
  }

  @Test
  void plainDjlTrainerThrowsOnAFirstBatchWithoutPositives() {
    ArrayDataset dataset = clustered(new long[] {0, 1, 2, 3, 0, 0, 1, 1}, 4, 1);
    try (Trainer trainer = model.newTrainer(config(RankingLossAdapter.of(TestLosses.GAP_LOSS)))) {
      trainer.initialize(new Shape(4, IN));
      assertThatThrownBy(() -> EasyTrain.fit(trainer, 1, dataset, null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("all zeros");
    }
  }

  @Test
  void plainDjlTrainerStillMovesParametersOnALaterBatchWithoutPositives() throws Exception {
    ArrayDataset dataset = clustered(new long[] {0, 0, 1, 1, 0, 1, 2, 3}, 4, 2);
    try (Trainer trainer = model.newTrainer(config(RankingLossAdapter.of(TestLosses.GAP_LOSS)))) {
      trainer.initialize(new Shape(4, IN));
      List<double[]> p = stepThrough(trainer, dataset);
      assertThat(p.get(1)).isNotEqualTo(p.get(0));
      assertThat(p.get(2))
          .as("Adam's momentum moves them without information")
          .isNotEqualTo(p.get(1));
    }
  }

  @Test
  void rankingTrainerSkipsExactlyTheBatchesWithoutPositives() throws Exception {
    ArrayDataset dataset =
        clustered(new long[] {0, 1, 2, 3, 0, 0, 1, 1, 4, 5, 6, 7, 2, 2, 3, 5}, 4, 3);
    try (RankingTrainer trainer =
        new RankingTrainer(model, config(RankingLossAdapter.of(TestLosses.GAP_LOSS)))) {
      trainer.initialize(new Shape(4, IN));
      List<double[]> p = stepThrough(trainer, dataset);
      assertThat(p.get(1)).as("no positives: skipped").isEqualTo(p.get(0));
      assertThat(p.get(2)).as("positives: updated").isNotEqualTo(p.get(1));
      assertThat(p.get(3)).as("no positives after momentum: skipped").isEqualTo(p.get(2));
      assertThat(p.get(4)).as("one class pair suffices").isNotEqualTo(p.get(3));
      assertThat(trainer.skippedSteps()).isEqualTo(2);
    }
  }

  @Test
  void augmentationThatCreatesPositivesIsNotSkipped() throws Exception {
    ArrayDataset dataset = clustered(new long[] {0, 1, 2, 3}, 4, 4);
    RankingLossAdapter loss =
        RankingLossAdapter.builder(TestLosses.GAP_LOSS)
            .augmentation(TestLosses.DUPLICATE_ONE)
            .build();
    try (RankingTrainer trainer = new RankingTrainer(model, config(loss))) {
      trainer.initialize(new Shape(4, IN));
      List<double[]> p = stepThrough(trainer, dataset);
      assertThat(p.get(1)).isNotEqualTo(p.get(0));
      assertThat(trainer.skippedSteps()).isZero();
    }
  }

  @Test
  void augmentationsApplyToTrainingBatchesOnlyOnceATrainerDrivesTheAdapter() throws Exception {
    long[] distinct = {0, 1, 2, 3};
    RankingLossAdapter loss =
        RankingLossAdapter.builder(TestLosses.GAP_LOSS)
            .augmentation(TestLosses.DUPLICATE_ONE)
            .build();
    try (NDManager scope = data.newSubManager()) {
      NDList labels = new NDList(scope.create(distinct));
      NDList embeddings = new NDList(scope.randomNormal(new Shape(4, IN)));
      assertThat(loss.evaluate(labels, embeddings).getFloat())
          .as("without a RankingTrainer every call augments")
          .isNotZero();
      try (RankingTrainer trainer = new RankingTrainer(model, config(loss))) {
        trainer.initialize(new Shape(4, IN));
        List<double[]> p = stepThrough(trainer, clustered(distinct, 4, 8));
        assertThat(p.get(1)).as("augmented training batch has positives").isNotEqualTo(p.get(0));
        NDList validation = trainer.evaluate(new NDList(scope.randomNormal(new Shape(4, IN))));
        assertThat(loss.evaluate(labels, validation).getFloat())
            .as("validation after step(): plain loss, no positives")
            .isZero();
      }
    }
  }

  @Test
  void easyTrainFitWithListenersAndValidationLowersTheLoss() throws Exception {
    long[] labels = new long[48];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 6;
    }
    ArrayDataset train = clustered(labels, 12, 5);
    ArrayDataset trainAsOneBatch = clustered(labels, 48, 5);
    ArrayDataset validation = clustered(labels, 48, 6);
    RankingLossAdapter loss = RankingLossAdapter.builder(TestLosses.GAP_LOSS).name("gap").build();
    try (RankingTrainer trainer = new RankingTrainer(model, config(loss))) {
      trainer.initialize(new Shape(12, IN));
      double before = meanLoss(trainer, loss, trainAsOneBatch);
      EasyTrain.fit(trainer, 8, train, validation);
      double after = meanLoss(trainer, loss, trainAsOneBatch);
      assertThat(after).isLessThan(before - 0.2);
      assertThat(trainer.getTrainingResult().getTrainLoss()).isNotNull().isFinite();
      assertThat(trainer.getTrainingResult().getValidateLoss()).isNotNull().isFinite();
      assertThat(trainer.getTrainingResult().getEvaluations()).containsKey("train_gap");
      assertThat(trainer.skippedSteps()).isZero();
    }
  }

  @Test
  void listenersReportTheBackpropagatedLossWithoutRecomputingIt() throws Exception {
    long[] labels = new long[24];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 4;
    }
    List<Double> computed = new ArrayList<>();
    RankingLoss counting =
        batch -> {
          NDArray value = TestLosses.GAP_LOSS.compute(batch);
          computed.add(
              (double) value.toType(ai.djl.ndarray.types.DataType.FLOAT64, true).getDouble());
          return value;
        };
    RankingLossAdapter loss =
        RankingLossAdapter.builder(counting).augmentation(TestLosses.DUPLICATE_ONE).seed(5).build();
    try (RankingTrainer trainer = new RankingTrainer(model, config(loss))) {
      trainer.initialize(new Shape(8, IN));
      EasyTrain.fit(trainer, 1, clustered(labels, 8, 7), null);
      assertThat(computed).as("one computation per training batch").hasSize(3);
      double mean = computed.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      assertThat((double) trainer.getTrainingResult().getTrainLoss())
          .isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-5));
    }
  }

  private double meanLoss(Trainer trainer, RankingLossAdapter loss, ArrayDataset dataset)
      throws Exception {
    double total = 0;
    int batches = 0;
    for (Batch batch : trainer.iterateDataset(dataset)) {
      NDList embeddings = trainer.evaluate(batch.getData());
      total += loss.evaluate(batch.getLabels(), embeddings).getFloat();
      batches++;
      batch.close();
    }
    return total / batches;
  }

  @Test
  void rejectsAConfigurationWhoseLossIsNotAnAdapter() {
    assertThatThrownBy(() -> new RankingTrainer(model, config(Loss.l2Loss())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RankingLossAdapter")
        .hasMessageContaining("L2Loss");
    assertThat(Arrays.asList(TrainingListener.Defaults.basic())).isNotEmpty();
  }
}
