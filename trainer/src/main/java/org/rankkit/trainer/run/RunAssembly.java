package org.rankkit.trainer.run;

import ai.djl.Device;
import java.util.Collections;
import java.util.Map;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.batching.sampler.ClassBalancedSampler;
import org.rankkit.batching.sampler.ClassBalancedSamplerConfig;
import org.rankkit.data.ImageSet;
import org.rankkit.data.RetrievalSplits;
import org.rankkit.eval.EvalConfig;
import org.rankkit.trainer.config.TrainingConfig;

/**
 * What a run trains with, assembled and checked before training starts: the plugins, the device,
 * the data, the batch shape and its sampler, the evaluation settings, and the resolved
 * configuration that {@code result.json} records. Everything that can be wrong with a configuration
 * fails in {@link #check}, before any file is written.
 *
 * @param config the configuration
 * @param plugins the loss, augmentations and batch strategy
 * @param device where to train
 * @param splits the training and evaluation data
 * @param shape the batch shape actually used
 * @param sampler the class-balanced sampler of the training split
 * @param evalConfig what evaluations compute
 * @param resolvedConfig every key, the plugins' parameters with defaults, and the actual batch,
 *     perClass and device (unmodifiable)
 * @param stepsPerEpoch steps in one epoch
 */
public record RunAssembly(
    TrainingConfig config,
    RunPlugins plugins,
    Device device,
    RetrievalSplits splits,
    ClassBalancedSamplerConfig shape,
    ClassBalancedSampler sampler,
    EvalConfig evalConfig,
    Map<String, Object> resolvedConfig,
    int stepsPerEpoch) {

  /**
   * Assembles and checks a run's inputs: plugin ids and parameters, device, data, batch shape and
   * the evaluation's k values.
   *
   * @param config the configuration
   * @param registry where plugins come from
   * @return the assembled run
   * @throws IllegalArgumentException (or {@code PluginException}) naming what is wrong
   */
  public static RunAssembly check(TrainingConfig config, PluginRegistry registry) {
    Map<String, Object> resolved = config.toMap();
    RunPlugins plugins = RunPlugins.resolve(config, registry);
    resolved.putAll(plugins.parameters());
    Device device = Devices.resolve(config.device());
    RetrievalSplits splits = RunData.open(config);
    ImageSet train = splits.train();
    long[] trainLabels = train.labels();
    ClassBalancedSamplerConfig shape = BatchShape.of(config, trainLabels);
    resolved.put("perClass", shape.perClass());
    resolved.put("batch", shape.batchSize());
    resolved.put("device", device.isGpu() ? "gpu" : "cpu");
    ClassBalancedSampler sampler = new ClassBalancedSampler(trainLabels, shape);
    int stepsPerEpoch = sampler.epoch(0).size();
    if (stepsPerEpoch == 0) {
      throw new IllegalArgumentException(
          "an epoch of " + train.size() + " items has no complete batch of " + shape.batchSize());
    }
    EvalConfig evalConfig = EvalConfig.defaults().withKs(config.evalKs());
    int maxK = evalConfig.maxK();
    int evalItems = splits.leaveOneOut() ? splits.query().size() - 1 : splits.gallery().size();
    if (maxK > evalItems) {
      throw new IllegalArgumentException(
          "evalKs up to "
              + maxK
              + " need more than "
              + evalItems
              + " gallery items in the evaluation split");
    }
    return new RunAssembly(
        config,
        plugins,
        device,
        splits,
        shape,
        sampler,
        evalConfig,
        Collections.unmodifiableMap(resolved),
        stepsPerEpoch);
  }
}
