package org.rankkit.trainer.run;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.rankkit.data.ImageSet;
import org.rankkit.trainer.Checkpoint;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.model.Backbones;
import org.rankkit.trainer.model.EmbeddingModel;
import org.rankkit.trainer.optim.AdamOptimizer;
import org.rankkit.trainer.optim.LearningRateSchedule;

/**
 * The network side of a run, assembled on its device: the embedding model (backbone and head), the
 * learning-rate schedule, the Adam optimiser (head parameters at {@code headLrMultiplier}) and the
 * DJL trainer, with the parameters initialised from the engine seed or restored from a checkpoint.
 * {@link #close()} closes the trainer and the model.
 */
public final class RunModel implements AutoCloseable {

  private final Model model;
  private final EmbeddingModel net;
  private final LearningRateSchedule schedule;
  private final AdamOptimizer optimizer;
  private final Trainer trainer;

  private RunModel(
      Model model,
      EmbeddingModel net,
      LearningRateSchedule schedule,
      AdamOptimizer optimizer,
      Trainer trainer) {
    this.model = model;
    this.net = net;
    this.schedule = schedule;
    this.optimizer = optimizer;
    this.trainer = trainer;
  }

  /**
   * Assembles the model and its optimiser; the engine seed is set first, so the initial weights are
   * a function of {@code seed}.
   *
   * @param config the configuration (backbone, dim, optimiser and schedule keys, seed)
   * @param device where to train
   * @param train the training images (their item shape)
   * @param stepsPerEpoch steps in one epoch (the schedule's unit)
   * @param resumeFrom the checkpoint whose parameters and optimiser state to restore, or null
   * @return the assembled model
   * @throws IOException when the checkpoint does not fit the model
   */
  public static RunModel assemble(
      TrainingConfig config,
      Device device,
      ImageSet train,
      int stepsPerEpoch,
      Checkpoint resumeFrom)
      throws IOException {
    Engine.getInstance().setRandomSeed((int) config.seed());
    Model model = Model.newInstance("rankkit-embedding", device);
    try {
      Block backbone =
          Backbones.create(
              config.backbone(),
              config.cnnWidth(),
              config.cnnNorm(),
              train.itemShape(),
              model.getNDManager());
      EmbeddingModel net = EmbeddingModel.builder().backbone(backbone).dim(config.dim()).build();
      model.setBlock(net.block());
      Map<String, String> nameById = new HashMap<>();
      Map<String, Float> multipliers = new HashMap<>();
      Set<Parameter> head = net.headParameters();
      for (Pair<String, Parameter> p : net.block().getParameters()) {
        nameById.put(p.getValue().getId(), p.getKey());
        if (head.contains(p.getValue())) {
          multipliers.put(p.getKey(), (float) config.headLrMultiplier());
        }
      }
      LearningRateSchedule schedule =
          new LearningRateSchedule(
              config.schedule(),
              (float) config.lr(),
              config.epochs(),
              stepsPerEpoch,
              config.warmupEpochs(),
              config.milestones(),
              (float) config.lrDecay());
      AdamOptimizer optimizer =
          new AdamOptimizer(
              schedule,
              (float) config.weightDecay(),
              "adamw".equals(config.optimizer()),
              nameById,
              multipliers);
      DefaultTrainingConfig trainingConfig =
          new DefaultTrainingConfig(Loss.l2Loss()) // unused: batch strategies compute the loss
              .optDevices(new Device[] {device})
              .optOptimizer(optimizer);
      Trainer trainer = model.newTrainer(trainingConfig);
      try {
        // Initialise (and restore) the parameters before trainer.initialize, which caches the
        // parameter arrays in the trainer's parameter store: arrays loaded after it would be
        // ignored by the optimiser.
        Shape initShape = train.batchShape(2);
        net.block().initialize(model.getNDManager(), model.getDataType(), initShape);
        if (resumeFrom != null) {
          restore(resumeFrom, net.block(), optimizer, model.getNDManager());
        }
        trainer.initialize(initShape);
      } catch (Throwable t) {
        trainer.close();
        throw t;
      }
      return new RunModel(model, net, schedule, optimizer, trainer);
    } catch (Throwable t) {
      model.close();
      throw t;
    }
  }

  private static void restore(
      Checkpoint checkpoint, Block block, AdamOptimizer optimizer, NDManager manager)
      throws IOException {
    try {
      block.loadParameters(
          manager, new DataInputStream(new ByteArrayInputStream(checkpoint.modelParams())));
      optimizer.load(
          manager, new DataInputStream(new ByteArrayInputStream(checkpoint.optimizerState())));
    } catch (MalformedModelException e) {
      throw new IOException("checkpoint does not fit the model: " + e.getMessage(), e);
    }
  }

  /** {@return the DJL trainer (the model's forward passes and its parameter store)} */
  public Trainer trainer() {
    return trainer;
  }

  /** {@return the embedding model} */
  public EmbeddingModel net() {
    return net;
  }

  /** {@return the learning-rate schedule} */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** {@return the optimiser (its state goes into checkpoints)} */
  public AdamOptimizer optimizer() {
    return optimizer;
  }

  @Override
  public void close() {
    try {
      trainer.close();
    } finally {
      model.close();
    }
  }
}
