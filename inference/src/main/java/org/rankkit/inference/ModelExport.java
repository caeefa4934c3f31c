package org.rankkit.inference;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.rankkit.trainer.Checkpoint;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.model.EmbeddingModel;
import org.rankkit.trainer.outputs.InputSpec;
import org.rankkit.trainer.run.RunData;

/**
 * {@code rankkit export}: turns a run's checkpoint into a self-contained model directory.
 *
 * <p>The directory holds {@code model.json} ({@link ModelInfo}), {@code weights.params} (the whole
 * network's parameters in DJL's format, exactly the checkpoint's) and, for a TorchScript backbone,
 * {@code backbone.pt} (the fine-tuned module, written by libtorch) plus {@code embedder.pt} when a
 * Python with PyTorch is available ({@link TorchScriptExport}). The network is rebuilt and its
 * weights loaded before anything is written, so an incompatible checkpoint fails here, not later.
 */
public final class ModelExport {

  private ModelExport() {}

  /**
   * Exports a run.
   *
   * @param runDir the run directory of {@code rankkit train}
   * @param checkpoint {@code best} or {@code last}
   * @param out the model directory to create (must not exist, or be empty)
   * @param python the Python used to compose {@code embedder.pt} (TorchScript backbones only), or
   *     null to skip it
   * @return the description written to {@code model.json}
   * @throws IllegalArgumentException with one line when the run directory, checkpoint or output is
   *     not usable
   * @throws IOException when reading or writing fails
   */
  public static ModelInfo export(Path runDir, String checkpoint, Path out, Path python)
      throws IOException {
    String which = checkpoint.toLowerCase(Locale.ROOT);
    if (!which.equals("best") && !which.equals("last")) {
      throw new IllegalArgumentException(
          "--checkpoint must be best or last, got '" + checkpoint + "'");
    }
    if (!Files.isDirectory(runDir)) {
      throw new IllegalArgumentException("run directory " + runDir + " does not exist");
    }
    Path file = runDir.resolve(which.equals("best") ? Checkpoint.BEST : Checkpoint.LAST);
    if (!Files.isRegularFile(file)) {
      boolean any = Files.isRegularFile(runDir.resolve(Checkpoint.LAST));
      throw new IllegalArgumentException(
          any
              ? runDir
                  + " has no "
                  + file.getFileName()
                  + " (no evaluation improved yet); use --checkpoint last"
              : runDir + " is not a rankkit train run directory (no " + Checkpoint.LAST + ")");
    }
    if (Files.exists(out)) {
      try (Stream<Path> s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "--out " + out + " is not empty; give a new directory");
        }
      }
    }
    Checkpoint ckpt = Checkpoint.read(file);
    @SuppressWarnings("unchecked")
    Map<String, Object> configMap = (Map<String, Object>) ckpt.state().get("config");
    if (configMap == null) {
      throw new IllegalArgumentException(
          file + " holds no run configuration; it is not a RankKit checkpoint");
    }
    TrainingConfig config = TrainingConfig.fromMap(configMap);
    InputSpec input = InputSpec.read(runDir);
    if (input == null) { // runs from before input.json: the data tells
      input = InputSpec.of(RunData.open(config).query());
    }
    boolean torchScript = isTorchScript(config.backbone());
    ModelInfo info =
        new ModelInfo(
            ModelInfo.currentVersion(),
            torchScript ? ModelInfo.TORCHSCRIPT : config.backbone(),
            config.cnnWidth(),
            config.cnnNorm(),
            config.dim(),
            input,
            which,
            epoch(ckpt.state(), which),
            metrics(ckpt.state(), which),
            configMap,
            null);

    Files.createDirectories(out);
    try (Model model = Model.newInstance("rankkit-export", Device.cpu())) {
      if (torchScript && !Files.isRegularFile(Path.of(config.backbone()))) {
        throw new IllegalArgumentException(
            "the run's TorchScript backbone "
                + config.backbone()
                + " is missing; export rebuilds the network from it before loading the fine-tuned weights");
      }
      EmbeddingModel net =
          Network.build(
              model,
              info,
              config.backbone(),
              new ByteArrayInputStream(ckpt.modelParams()),
              file.toString());
      Files.write(out.resolve(ModelInfo.WEIGHTS), ckpt.modelParams());
      if (torchScript) {
        PtSymbolBlock module = Network.torchScriptModule(net.backbone());
        try (OutputStream os = Files.newOutputStream(out.resolve(ModelInfo.BACKBONE_FILE))) {
          JniUtils.writeModule(module, os, false); // false: the bare zip archive, no length prefix
        }
        info.write(out);
        String written = TorchScriptExport.compose(out, info, net, python);
        if (written != null) {
          info = withTorchScript(info, written);
        }
      }
    }
    info.write(out);
    return info;
  }

  /**
   * Whether a backbone name is a TorchScript file rather than a built-in network.
   *
   * @param backbone the configured backbone
   * @return true for a file path
   */
  static boolean isTorchScript(String backbone) {
    String lower = backbone.toLowerCase(Locale.ROOT);
    return !lower.equals("small-cnn") && !lower.matches("resnet\\d+");
  }

  private static ModelInfo withTorchScript(ModelInfo i, String file) {
    return new ModelInfo(
        i.rankkitVersion(),
        i.backbone(),
        i.cnnWidth(),
        i.cnnNorm(),
        i.embeddingSize(),
        i.input(),
        i.checkpoint(),
        i.epoch(),
        i.metrics(),
        i.config(),
        file);
  }

  @SuppressWarnings("unchecked")
  private static int epoch(Map<String, Object> state, String which) {
    if (which.equals("best")
        && state.get("best") instanceof Map<?, ?> best
        && best.get("epoch") instanceof Number n) {
      return n.intValue();
    }
    Object history = state.get("history");
    return history instanceof List<?> l ? l.size() : 0;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metrics(Map<String, Object> state, String which) {
    Map<String, Object> m = new LinkedHashMap<>();
    Object source = which.equals("best") ? state.get("best") : state.get("final");
    if (source instanceof Map<?, ?> map) {
      ((Map<String, Object>) map)
          .forEach(
              (k, v) -> {
                if (v != null && !k.equals("epoch") && !k.equals("metric") && !k.equals("value")) {
                  m.put(k, v);
                }
              });
    }
    return m;
  }
}
