package org.rankkit.trainer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.SimilarityObjective;
import org.rankkit.api.step.StepDriver;
import org.rankkit.api.step.StepResult;
import org.rankkit.batching.sampler.ClassBalancedSampler;
import org.rankkit.batching.sampler.ClassBalancedSamplerConfig;
import org.rankkit.batching.sampler.SamplerPosition;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Datasets;
import org.rankkit.data.ImageSet;
import org.rankkit.data.RetrievalSplits;
import org.rankkit.eval.EvalConfig;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.eval.EvaluationStoppedException;
import org.rankkit.trainer.config.TrainConfig;
import org.rankkit.trainer.model.Backbones;
import org.rankkit.trainer.model.EmbeddingModel;
import org.rankkit.trainer.optim.AdamOptimizer;
import org.rankkit.trainer.optim.LearningRateSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run: data, embedding model, optimiser, the training loop with checkpoints,
 * evaluation and logs, and {@code result.json}.
 *
 * <p>The loss, the similarity augmentations and the batch strategy are created through the {@link
 * PluginRegistry} by id, so a plugin from a jar trains exactly like a built-in one. Everything is
 * checked before training starts: the configuration, the plugin ids and their parameters, the data
 * and the batch shape.
 *
 * <p>Reproducibility: the engine seed is set before the model is initialised, the sampler's batches
 * are a function of (seed, epoch), and each step's augmentation and image-augmentation generators
 * are seeded from (seed, epoch, step); so a run's only evolving random state is the sampler
 * position, which the checkpoint stores with the parameters and the Adam moments. A run stopped
 * with {@link #requestStop()} (Ctrl-C in the CLI) and continued with {@link #resume} ends with the
 * same weights as an uninterrupted run.
 *
 * <p>Run directory: {@code last.ckpt} (every epoch and on stop), {@code best.ckpt} (best {@code
 * bestMetric}), {@code metrics.jsonl} (one JSON object per step, epoch and evaluation) and, at the
 * end, {@code result.json}. Several runs may execute one after another in a JVM; a run closes every
 * native resource it opened. Not thread-safe, except {@link #requestStop()}.
 */
public final class TrainingRun {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final long STEP_MIX = 0x9E3779B97F4A7C15L;

  private final TrainConfig config;
  private final PluginRegistry registry;
  private final Path runDir;
  private final Checkpoint resumeFrom;
  private volatile boolean stopRequested;
  private int batchSize;
  private Map<String, Object> resolvedConfig = Map.of();

  private TrainingRun(TrainConfig config, PluginRegistry registry, Path runDir, Checkpoint resumeFrom) {
    this.config = config;
    this.registry = registry;
    this.runDir = runDir;
    this.resumeFrom = resumeFrom;
  }

  /**
   * Prepares a new run (nothing starts until {@link #execute}).
   *
   * @param config the configuration
   * @param registry where plugins come from
   * @param runDir the run directory (created; must not hold a checkpoint already)
   * @return the run
   * @throws IllegalArgumentException when the directory already holds a run
   */
  public static TrainingRun create(TrainConfig config, PluginRegistry registry, Path runDir) {
    if (Files.exists(runDir.resolve(Checkpoint.LAST))) {
      throw new IllegalArgumentException(
          runDir + " already holds a run (" + Checkpoint.LAST + "); continue it with --resume "
              + runDir + " or choose another --out directory");
    }
    return new TrainingRun(config, registry, runDir, null);
  }

  /**
   * Prepares the continuation of a run from its directory's {@code last.ckpt}; the configuration is
   * the checkpoint's.
   *
   * @param runDir the run directory
   * @param registry where plugins come from
   * @return the run
   * @throws IOException when the checkpoint cannot be read
   */
  public static TrainingRun resume(Path runDir, PluginRegistry registry) throws IOException {
    Checkpoint checkpoint = Checkpoint.read(runDir.resolve(Checkpoint.LAST));
    @SuppressWarnings("unchecked")
    Map<String, Object> saved = (Map<String, Object>) checkpoint.state().get("config");
    return new TrainingRun(TrainConfig.fromMap(saved), registry, runDir, checkpoint);
  }

  /**
   * Trains a new run to the end.
   *
   * @param config the configuration
   * @param registry where plugins come from
   * @param runDir the run directory
   * @param listener progress callbacks (or {@link TrainingListener#NONE})
   * @return the result, also written to {@code runDir/result.json}
   * @throws IOException on an I/O error
   */
  public static TrainResult run(
      TrainConfig config, PluginRegistry registry, Path runDir, TrainingListener listener)
      throws IOException {
    return create(config, registry, runDir).execute(listener);
  }

  /** {@return the configuration of the run (for a resumed run, the checkpoint's)} */
  public TrainConfig config() {
    return config;
  }

  /**
   * {@return the batch size actually used (a multiple of the resolved {@code perClass}); 0 before
   * {@link #execute} has checked the data}
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * {@return the resolved configuration (every key, the plugins' parameters with defaults, the
   * actual batch, perClass and device), as {@code result.json} will hold it; empty before {@link
   * #execute} has checked everything (it is set when listeners get {@code onStart})}
   */
  public Map<String, Object> resolvedConfig() {
    return resolvedConfig;
  }

  /** {@return the run directory} */
  public Path runDir() {
    return runDir;
  }

  /**
   * Asks the run to stop after the current step; it then writes {@code last.ckpt} and returns a
   * result with {@code interrupted = true}. Thread-safe.
   */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Checks a configuration against a registry without training: plugin ids and parameters.
   *
   * @param config the configuration
   * @param registry the registry
   * @return the resolved plugin parameters as flat keys ({@code loss.X}, ...), defaults included
   * @throws IllegalArgumentException (or {@code PluginException}) for unknown ids or parameters
   */
  public static Map<String, Object> resolvePlugins(TrainConfig config, PluginRegistry registry) {
    Map<String, Object> out = new LinkedHashMap<>();
    registry.create(PluginKind.LOSS, config.loss(), config.lossParams());
    merged(registry.factory(PluginKind.LOSS, config.loss()).defaults(), config.lossParams())
        .forEach((k, v) -> out.put("loss." + k, v));
    registry.create(PluginKind.BATCH_STRATEGY, config.strategy(), config.strategyParams());
    merged(registry.factory(PluginKind.BATCH_STRATEGY, config.strategy()).defaults(), config.strategyParams())
        .forEach((k, v) -> out.put("strategy." + k, v));
    for (String id : config.augment()) {
      Map<String, Object> p = config.augmentParams().getOrDefault(id, Map.of());
      registry.create(PluginKind.AUGMENTATION, id, p);
      merged(registry.factory(PluginKind.AUGMENTATION, id).defaults(), p)
          .forEach((k, v) -> out.put("augment." + id + "." + k, v));
    }
    return out;
  }

  private static Map<String, Object> merged(Map<String, Object> defaults, Map<String, Object> given) {
    Map<String, Object> m = new LinkedHashMap<>(defaults);
    m.putAll(given);
    return m;
  }

  /**
   * Resolves the device: {@code auto} is the first GPU when the engine sees one, else the CPU.
   *
   * @param name {@code auto}, {@code cpu} or {@code gpu}
   * @return the device
   * @throws IllegalArgumentException for {@code gpu} without a GPU
   */
  public static Device resolveDevice(String name) {
    int gpus = Engine.getInstance().getGpuCount();
    return switch (name) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (gpus == 0) {
          throw new IllegalArgumentException(
              "device=gpu but the engine (" + Engine.getInstance().getEngineName()
                  + ") sees no GPU; use device=cpu or device=auto");
        }
        yield Device.gpu();
      }
      default -> gpus > 0 ? Device.gpu() : Device.cpu();
    };
  }

  /**
   * Opens the configured dataset and applies {@code maxTrainItems} / {@code maxEvalItems}.
   *
   * @param config the configuration
   * @return the splits
   */
  public static RetrievalSplits openData(TrainConfig config) {
    // one construction with every field: validating a partial copy (dataset set, directory not
    // yet) would reject every dataset that has no default location
    DataOptions options =
        new DataOptions(
            config.dataset(),
            config.data().isEmpty() ? null : Path.of(config.data()),
            config.protocol(),
            config.imageSize(),
            config.splitClasses(),
            config.skipBadImages(),
            0,
            config.vehicleIdTestSize(),
            config.glyphFonts(),
            config.glyphClasses(),
            config.glyphEvalItemsPerClass());
    RetrievalSplits splits = Datasets.open(options);
    return new RetrievalSplits(
        splits.name(),
        splits.description(),
        FirstItems.of(splits.train(), config.maxTrainItems()),
        FirstItems.of(splits.query(), config.maxEvalItems()),
        splits.gallery() == null ? null : FirstItems.of(splits.gallery(), config.maxEvalItems()));
  }

  /**
   * The batch shape: {@code perClass} (auto: 4, or {@code batch / classes} when the training split
   * has fewer than {@code batch / 4} classes) and the number of classes per batch. A given {@code
   * perClass} must divide {@code batch} (else an error names the nearest batches); an automatic one
   * that does not rounds the batch down, with a warning stating the batch used.
   *
   * @param config the configuration
   * @param labels training labels
   * @return the sampler configuration
   * @throws IllegalArgumentException when no batch of that shape can be formed, or a given {@code
   *     perClass} does not divide {@code batch}
   */
  public static ClassBalancedSamplerConfig batchShape(TrainConfig config, long[] labels) {
    Map<Long, Integer> counts = new HashMap<>();
    for (long l : labels) {
      counts.merge(l, 1, Integer::sum);
    }
    int perClass = config.perClass();
    boolean automatic = perClass == 0;
    if (automatic) {
      perClass = ClassBalancedSamplerConfig.DEFAULT_PER_CLASS;
      if ((long) counts.size() * perClass < config.batch()) {
        perClass = Math.max(2, config.batch() / Math.max(1, counts.size()));
      }
    }
    if (config.batch() % perClass != 0) {
      int lower = config.batch() / perClass * perClass;
      if (!automatic) {
        throw new IllegalArgumentException(
            "batch=" + config.batch() + " is not a multiple of perClass=" + perClass + "; use batch="
                + lower + " or " + (lower + perClass) + " (a batch holds whole classes)");
      }
      LOG.warn("batch={} is not a multiple of the automatic perClass={}: using batch={} (set perClass"
          + " to choose)", config.batch(), perClass, lower);
    }
    int classesPerBatch = config.batch() / perClass;
    final int pc = perClass;
    long usable = counts.values().stream().filter(c -> c >= pc).count();
    if (classesPerBatch < 1 || usable < classesPerBatch) {
      throw new IllegalArgumentException(
          "batch=" + config.batch() + " with perClass=" + perClass + " needs " + classesPerBatch
              + " classes with at least " + perClass + " training items each, but the training split has "
              + usable + " such classes (of " + counts.size() + "); lower batch or raise perClass");
    }
    return new ClassBalancedSamplerConfig(classesPerBatch, perClass, config.seed());
  }

  /**
   * Runs (or continues) the training to the end, or until {@link #requestStop()}.
   *
   * @param listener progress callbacks
   * @return the result; also written to {@code result.json} unless interrupted
   * @throws IOException on an I/O error (data, checkpoints, logs)
   */
  public TrainResult execute(TrainingListener listener) throws IOException {
    // 1. everything that can be wrong is checked before training starts
    Map<String, Object> resolved = config.toMap();
    resolved.putAll(resolvePlugins(config, registry));
    RankingLoss loss = registry.create(PluginKind.LOSS, config.loss(), config.lossParams());
    List<SimilarityAugmentation> augmentations = new ArrayList<>();
    for (String id : config.augment()) {
      augmentations.add(
          registry.create(PluginKind.AUGMENTATION, id, config.augmentParams().getOrDefault(id, Map.of())));
    }
    BatchStrategy strategy =
        registry.create(PluginKind.BATCH_STRATEGY, config.strategy(), config.strategyParams());
    Device device = resolveDevice(config.device());
    RetrievalSplits splits = openData(config);
    ImageSet train = splits.train();
    long[] trainLabels = train.labels();
    ClassBalancedSamplerConfig shape = batchShape(config, trainLabels);
    resolved.put("perClass", shape.perClass());
    resolved.put("batch", shape.batchSize());
    resolved.put("device", device.isGpu() ? "gpu" : "cpu");
    ClassBalancedSampler sampler = new ClassBalancedSampler(trainLabels, shape);
    batchSize = shape.batchSize();
    resolvedConfig = java.util.Collections.unmodifiableMap(resolved);
    int stepsPerEpoch = sampler.epoch(0).size();
    if (stepsPerEpoch == 0) {
      throw new IllegalArgumentException("an epoch of " + train.size() + " items has no complete batch of "
          + shape.batchSize());
    }
    Files.createDirectories(runDir);
    EvalConfig evalConfig = EvalConfig.defaults().withKs(config.evalKs());
    int maxK = evalConfig.maxK();
    int evalItems = splits.leaveOneOut() ? splits.query().size() - 1 : splits.gallery().size();
    if (maxK > evalItems) {
      throw new IllegalArgumentException(
          "evalKs up to " + maxK + " need more than " + evalItems + " database items in the evaluation split");
    }
    LOG.info("data: {} ({} training items, {} steps of {} per epoch)", splits.description(),
        train.size(), stepsPerEpoch, shape.batchSize());

    // 2. model, optimiser, trainer
    Engine.getInstance().setRandomSeed((int) config.seed());
    ExecutorService loaders = Executors.newFixedThreadPool(config.loaderThreads(), r -> {
      Thread t = new Thread(r, "rankkit-loader");
      t.setDaemon(true);
      return t;
    });
    Thread hook = null;
    CountDownLatch stopped = new CountDownLatch(1);
    try (Model model = Model.newInstance("rankkit-embedding", device)) {
      Shape item = train.itemShape();
      Block backbone = Backbones.create(config.backbone(), config.cnnWidth(), config.cnnNorm(), item,
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
          new LearningRateSchedule(config.schedule(), (float) config.lr(), config.epochs(), stepsPerEpoch,
              config.warmupEpochs(), config.milestones(), (float) config.lrDecay());
      AdamOptimizer optimizer =
          new AdamOptimizer(schedule, (float) config.weightDecay(), "adamw".equals(config.optimizer()),
              nameById, multipliers);
      DefaultTrainingConfig trainingConfig =
          new DefaultTrainingConfig(Loss.l2Loss()) // unused: batch strategies compute the loss
              .optDevices(new Device[] {device})
              .optOptimizer(optimizer);
      try (Trainer trainer = model.newTrainer(trainingConfig)) {
        // Initialise (and restore) the parameters before trainer.initialize, which caches the
        // parameter arrays in the trainer's parameter store: arrays loaded after it would be
        // ignored by the optimiser.
        Shape initShape = train.batchShape(2);
        net.block().initialize(model.getNDManager(), model.getDataType(), initShape);
        State state = new State();
        if (resumeFrom != null) {
          restore(resumeFrom, net.block(), optimizer, model.getNDManager(), state);
          LOG.info("resuming {} at epoch {} step {}", runDir, state.epoch + 1, state.step);
        } else {
          Files.deleteIfExists(runDir.resolve("metrics.jsonl"));
        }
        trainer.initialize(initShape);
        MetricsLog metrics = MetricsLog.open(runDir.resolve("metrics.jsonl"), state.metricsBytes);
        try (metrics) {
          final Thread trainingThread = Thread.currentThread();
          hook = new Thread(() -> {
            stopRequested = true;
            try {
              if (trainingThread.isAlive()) {
                stopped.await(60, TimeUnit.SECONDS);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }, "rankkit-checkpoint-on-exit");
          Runtime.getRuntime().addShutdownHook(hook);
          listener.onStart(this, stepsPerEpoch);
          if (config.evalAtStart() && state.initialEval.isEmpty() && state.globalStep == 0) {
            EvaluationResult r;
            try {
              r = StoppableEvaluation.evaluate(trainer, splits, evalConfig, config.evalBatch(), this::stopRequested);
            } catch (EvaluationStoppedException e) { // Ctrl-C: resume repeats this evaluation
              saveCheckpoint(trainer, net, optimizer, state, metrics, resolved);
              TrainResult stoppedEarly = new TrainResult(runDir, resolved, state.finalEval, state.best,
                  state.trainSeconds, state.peakMemory, state.history, state.initialEval, true);
              listener.onEnd(stoppedEarly);
              return stoppedEarly;
            }
            state.initialEval = new LinkedHashMap<>(r.toJson());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "eval");
            line.put("epoch", 0);
            line.putAll(state.initialEval);
            metrics.write(line);
            listener.onEvaluation(0, r);
            LOG.info("untrained model: {}", state.initialEval);
          }
          boolean interrupted = loop(listener, trainer, net, optimizer, schedule, sampler, splits,
              loss, augmentations, strategy, evalConfig, loaders, metrics, state, resolved);
          TrainResult result = new TrainResult(runDir, resolved, state.finalEval, state.best,
              state.trainSeconds, state.peakMemory, state.history, state.initialEval, interrupted);
          if (!interrupted) {
            org.rankkit.trainer.outputs.RunOutputs.write(runDir, trainer, splits, config.evalBatch());
            writeJson(runDir.resolve("result.json"), result.toJson());
            LOG.info("finished: {} = {}; result in {}", config.bestMetric(),
                state.finalEval.get(config.bestMetric()), runDir.resolve("result.json"));
          } else {
            LOG.info("stopped; checkpoint written, continue with --resume {}", runDir);
          }
          listener.onEnd(result);
          return result;
        }
      }
    } catch (MalformedModelException e) {
      throw new IOException("checkpoint does not fit the model: " + e.getMessage(), e);
    } finally {
      stopped.countDown();
      loaders.shutdownNow();
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook is running and waits for us (done above)
        }
      }
    }
  }

  /** Mutable progress of a run: what a checkpoint stores. */
  private static final class State {
    int epoch;
    int step;
    long globalStep;
    double epochLossSum;
    int epochSteps;
    double epochSeconds;
    double trainSeconds;
    long peakMemory;
    long metricsBytes;
    List<EpochRecord> history = new ArrayList<>();
    Map<String, Object> best = new LinkedHashMap<>();
    Map<String, Object> finalEval = new LinkedHashMap<>();
    Map<String, Object> initialEval = new LinkedHashMap<>();
  }

  private boolean loop(
      TrainingListener listener,
      Trainer trainer,
      EmbeddingModel net,
      AdamOptimizer optimizer,
      LearningRateSchedule schedule,
      ClassBalancedSampler sampler,
      RetrievalSplits splits,
      RankingLoss loss,
      List<SimilarityAugmentation> augmentations,
      BatchStrategy strategy,
      EvalConfig evalConfig,
      ExecutorService loaders,
      MetricsLog metrics,
      State state,
      Map<String, Object> resolved)
      throws IOException {
    ImageSet train = splits.train();
    long[] labels = train.labels();
    StepDriver driver = new StepDriver(trainer);
    while (state.epoch < config.epochs()) {
      int epoch = state.epoch;
      List<int[]> batches = sampler.epoch(epoch);
      listener.onEpochStart(epoch + 1, batches.size(), state.step);
      Deque<Future<float[]>> pending = new ArrayDeque<>();
      int nextToLoad = state.step;
      int depth = config.loaderThreads() + 1;
      long epochStart = System.nanoTime();
      double carriedSeconds = state.epochSeconds;
      while (state.step < batches.size()) {
        while (nextToLoad < batches.size() && pending.size() < depth) {
          int[] indices = batches.get(nextToLoad);
          SplittableRandom random = new SplittableRandom(mix(config.seed(), epoch, nextToLoad, 1));
          boolean augment = config.imageAugment();
          pending.addLast(loaders.submit(() -> train.loadFloats(indices, augment, random)));
          nextToLoad++;
        }
        float[] pixels = await(pending.removeFirst());
        int[] indices = batches.get(state.step);
        long[] batchLabels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
          batchLabels[i] = labels[indices[i]];
        }
        float lr = schedule.getNewValue((int) state.globalStep + 1);
        SimilarityObjective objective =
            new SimilarityObjective(loss, augmentations, mix(config.seed(), epoch, state.step, 2));
        StepResult result;
        try (NDManager stepManager = trainer.getManager().newSubManager()) {
          NDArray inputs = stepManager.create(pixels, train.batchShape(indices.length));
          result = driver.step(strategy, inputs, batchLabels, objective);
        }
        if (!Double.isFinite(result.loss())) {
          throw new IllegalStateException(
              "the loss became " + result.loss() + " at epoch " + (epoch + 1) + " step " + state.step
                  + "; lower lr (now " + config.lr() + ")");
        }
        state.peakMemory = Math.max(state.peakMemory, result.peakMemoryBytes());
        state.epochLossSum += result.loss();
        state.epochSteps++;
        TrainingListener.StepEvent event =
            new TrainingListener.StepEvent(epoch + 1, state.step, batches.size(), state.globalStep,
                result.loss(), lr, indices.length, result.seconds(), result.stepped());
        state.step++;
        state.globalStep++;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "step");
        line.put("epoch", epoch + 1);
        line.put("step", event.step());
        line.put("globalStep", event.globalStep());
        line.put("loss", event.loss());
        line.put("lr", event.learningRate());
        line.put("seconds", event.seconds());
        line.put("stepped", event.stepped());
        metrics.write(line);
        listener.onStep(event);
        if (stopRequested && state.step < batches.size()) {
          double now = (System.nanoTime() - epochStart) / 1e9;
          state.epochSeconds = carriedSeconds + now;
          state.trainSeconds += now;
          saveCheckpoint(trainer, net, optimizer, state, metrics, resolved);
          return true;
        }
      }
      double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
      state.trainSeconds += epochSeconds;
      double meanLoss = state.epochLossSum / Math.max(1, state.epochSteps);
      boolean last = epoch + 1 == config.epochs();
      boolean evaluate = last || (config.evalEvery() > 0 && (epoch + 1) % config.evalEvery() == 0);
      Map<String, Object> eval = null;
      if (evaluate) {
        EvaluationResult r;
        try {
          r = StoppableEvaluation.evaluate(trainer, splits, evalConfig, config.evalBatch(), this::stopRequested);
        } catch (EvaluationStoppedException e) {
          // Ctrl-C: checkpoint the finished steps; resume repeats only this evaluation
          state.epochSeconds = carriedSeconds + epochSeconds;
          saveCheckpoint(trainer, net, optimizer, state, metrics, resolved);
          return true;
        }
        eval = r.toJson();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "eval");
        line.put("epoch", epoch + 1);
        line.putAll(eval);
        metrics.write(line);
        listener.onEvaluation(epoch + 1, r);
        LOG.info("epoch {} evaluation: {}", epoch + 1, eval);
      }
      EpochRecord record =
          new EpochRecord(epoch + 1, meanLoss, schedule.getNewValue((int) state.globalStep),
              carriedSeconds + epochSeconds, eval);
      state.history.add(record);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("type", "epoch");
      line.putAll(record.toJson());
      line.remove("eval");
      metrics.write(line);
      LOG.info("epoch {}/{}: loss {} in {} s", epoch + 1, config.epochs(),
          String.format("%.4f", meanLoss), String.format("%.1f", carriedSeconds + epochSeconds));
      boolean improved = false;
      if (eval != null) {
        double value = ((Number) eval.get(config.bestMetric())).doubleValue();
        Object previous = state.best.get("value");
        if (previous == null || value > ((Number) previous).doubleValue()) {
          Map<String, Object> best = new LinkedHashMap<>();
          best.put("epoch", epoch + 1);
          best.put("metric", config.bestMetric());
          best.put("value", value);
          best.putAll(eval);
          state.best = best;
          improved = true;
        }
        if (last) {
          state.finalEval = new LinkedHashMap<>(eval);
        }
      }
      state.epoch++;
      state.step = 0;
      state.epochLossSum = 0;
      state.epochSteps = 0;
      state.epochSeconds = 0;
      saveCheckpoint(trainer, net, optimizer, state, metrics, resolved);
      if (improved) {
        Checkpoint.copy(runDir.resolve(Checkpoint.LAST), runDir.resolve(Checkpoint.BEST));
      }
      listener.onEpochEnd(record);
      if (stopRequested && state.epoch < config.epochs()) {
        return true;
      }
    }
    return false;
  }

  private void saveCheckpoint(
      Trainer trainer, EmbeddingModel net, AdamOptimizer optimizer, State state, MetricsLog metrics,
      Map<String, Object> resolved) throws IOException {
    metrics.flush();
    state.metricsBytes = metrics.size();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", 1);
    json.put("config", config.toMap());
    json.put("resolvedConfig", resolved);
    SamplerPosition position = new SamplerPosition(state.epoch, state.step);
    json.put("sampler", Map.of("epoch", position.epoch(), "batch", position.batch()));
    json.put("globalStep", state.globalStep);
    json.put("epochLossSum", state.epochLossSum);
    json.put("epochSteps", state.epochSteps);
    json.put("epochSeconds", state.epochSeconds);
    json.put("trainSeconds", state.trainSeconds);
    json.put("peakMemoryBytes", state.peakMemory);
    json.put("metricsBytes", state.metricsBytes);
    json.put("history", state.history.stream().map(EpochRecord::toJson).toList());
    json.put("best", state.best);
    json.put("final", state.finalEval);
    json.put("initial", state.initialEval);
    json.put("rng", "every random stream is derived from (seed, epoch, step); the sampler position is the state");
    Checkpoint.write(runDir.resolve(Checkpoint.LAST), json, net.block()::saveParameters, optimizer::save);
  }

  @SuppressWarnings("unchecked")
  private static void restore(
      Checkpoint checkpoint, Block block, AdamOptimizer optimizer, NDManager manager, State state)
      throws IOException, MalformedModelException {
    block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(checkpoint.modelParams())));
    optimizer.load(manager, new DataInputStream(new ByteArrayInputStream(checkpoint.optimizerState())));
    Map<String, Object> s = checkpoint.state();
    Map<String, Object> sampler = (Map<String, Object>) s.get("sampler");
    state.epoch = ((Number) sampler.get("epoch")).intValue();
    state.step = ((Number) sampler.get("batch")).intValue();
    state.globalStep = ((Number) s.get("globalStep")).longValue();
    state.epochLossSum = ((Number) s.get("epochLossSum")).doubleValue();
    state.epochSteps = ((Number) s.get("epochSteps")).intValue();
    state.epochSeconds = ((Number) s.get("epochSeconds")).doubleValue();
    state.trainSeconds = ((Number) s.get("trainSeconds")).doubleValue();
    state.peakMemory = ((Number) s.get("peakMemoryBytes")).longValue();
    state.metricsBytes = ((Number) s.get("metricsBytes")).longValue();
    for (Object h : (List<Object>) s.get("history")) {
      state.history.add(EpochRecord.fromJson((Map<String, Object>) h));
    }
    state.best = new LinkedHashMap<>((Map<String, Object>) s.get("best"));
    state.finalEval = new LinkedHashMap<>((Map<String, Object>) s.get("final"));
    state.initialEval = new LinkedHashMap<>((Map<String, Object>) s.get("initial"));
  }

  /**
   * Embeds an image set with the model in inference mode.
   *
   * @param trainer the trainer (its model and device)
   * @param set the images (evaluation transform)
   * @param manager where the result lives
   * @param batch images per forward pass
   * @return {@code (N, dim)} embeddings
   */
  public static NDArray embed(Trainer trainer, ImageSet set, NDManager manager, int batch) {
    return StoppableEvaluation.embed(trainer, set, manager, batch, () -> false);
  }

  /**
   * Evaluates the model on the held-out split (leave-one-out or query/gallery).
   *
   * @param trainer the trainer
   * @param splits the data
   * @param evalConfig what to compute
   * @param batch images per forward pass
   * @return the metrics
   */
  public static EvaluationResult evaluate(
      Trainer trainer, RetrievalSplits splits, EvalConfig evalConfig, int batch) {
    return StoppableEvaluation.evaluate(trainer, splits, evalConfig, batch, () -> false);
  }

  private static float[] await(Future<float[]> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while loading a batch", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("loading a batch failed: " + cause, cause);
    }
  }

  static long mix(long seed, long epoch, long step, long stream) {
    long z = seed;
    z = (z ^ (epoch + 1) * STEP_MIX) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (step + 1) * 0x94D049BB133111EBL) * STEP_MIX;
    z = z ^ (stream * 0xD6E8FEB86659FD93L);
    return z ^ (z >>> 31);
  }

  private static void writeJson(Path file, Object value) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), value);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Returns the stop flag's state (for tests and listeners). */
  boolean stopRequested() {
    return stopRequested;
  }

}
