package org.rankkit.batching.strategy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;

/** Small float64 models and trainers for the strategy tests. */
final class TestModels {

  private TestModels() {}

  /** Rows scaled to unit length (what the model head does before the loss). */
  static Block l2Normalise() {
    return new LambdaBlock(
        list -> {
          NDArray x = list.singletonOrThrow();
          return new NDList(x.div(x.norm(new int[] {1}, true)));
        },
        "l2");
  }

  /** A two-layer perceptron: no batch-dependent layer. */
  static Block mlp() {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(16).build())
        .add(Activation.tanhBlock())
        .add(Linear.builder().setUnits(6).build())
        .add(l2Normalise());
  }

  /** A conv net with BatchNorm. */
  static Block convBatchNorm() {
    return new SequentialBlock()
        .add(
            Conv2d.builder()
                .setFilters(4)
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .build())
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(6).build())
        .add(l2Normalise());
  }

  /** A perceptron with dropout. */
  static Block mlpWithDropout() {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(16).build())
        .add(Dropout.builder().optRate(0.5f).build())
        .add(Linear.builder().setUnits(6).build());
  }

  /** A float64 model of a network (the caller closes it). */
  static Model model(Block block) {
    Model model = Model.newInstance("test");
    model.setDataType(DataType.FLOAT64);
    model.setBlock(block);
    return model;
  }

  /**
   * A trainer of a model, initialised for inputs of a shape.
   *
   * @param model the model
   * @param optimizer the optimiser
   * @param itemShape the shape of one input item
   * @return the trainer (closing it does not close the model)
   */
  static Trainer trainer(Model model, Optimizer optimizer, Shape itemShape) {
    Trainer trainer =
        model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer));
    long[] dims = new long[itemShape.dimension() + 1];
    dims[0] = 2;
    System.arraycopy(itemShape.getShape(), 0, dims, 1, itemShape.dimension());
    trainer.initialize(new Shape(dims));
    return trainer;
  }

  /** A reproducible float64 batch of B items of a shape. */
  static NDArray inputs(NDManager manager, int batch, Shape itemShape, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    long[] dims = new long[itemShape.dimension() + 1];
    dims[0] = batch;
    System.arraycopy(itemShape.getShape(), 0, dims, 1, itemShape.dimension());
    Shape shape = new Shape(dims);
    double[] values = new double[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble(-1, 1);
    }
    return manager.create(values, shape);
  }
}
