package org.rankkit.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rankkit.trainer.model.EmbeddingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code embedder.pt}: the fine-tuned TorchScript backbone, the head and the input
 * normalisation as one TorchScript module that {@code torch.jit.load} opens.
 *
 * <p>Why a Python step: DJL can save a TorchScript module it loaded ({@code JniUtils.writeModule},
 * used for {@code backbone.pt}), but neither DJL nor libtorch's C++ API can compile new TorchScript
 * code (the head and the normalisation) from the JVM; {@code torch.jit.script} lives in Python. So
 * the export writes {@code backbone.pt}, the head's weights and the normalisation constants ({@code
 * head.json}) and the script {@code compose_embedder.py} into the model directory, then runs the
 * script with the given Python. Without a Python that imports {@code torch} the model directory is
 * complete for RankKit and the script can be run later by hand.
 *
 * <p>{@code embedder.pt} takes float32 pixels {@code (B, C, S, S)} scaled to [0, 1] after the
 * resize and crop of {@code model.json}'s input, and returns L2-normalised embeddings.
 */
public final class TorchScriptExport {

  /** The composed module's file name. */
  public static final String FILE = "embedder.pt";

  /** The script's file name in a model directory. */
  public static final String SCRIPT = "compose_embedder.py";

  private static final Logger LOG = LoggerFactory.getLogger(TorchScriptExport.class);

  private TorchScriptExport() {}

  /**
   * Writes {@code head.json} and {@code compose_embedder.py} and runs the script.
   *
   * @param dir the model directory (holding {@code backbone.pt})
   * @param info the model's description
   * @param net the network with its trained weights
   * @param python the Python to run, or null to only write the script
   * @return {@link #FILE} when it was written, else null (the reason is logged)
   * @throws IOException when writing fails, or the script fails with a Python that has PyTorch
   */
  public static String compose(Path dir, ModelInfo info, EmbeddingModel net, Path python)
      throws IOException {
    Map<String, Object> head = new LinkedHashMap<>();
    List<NDArray> linear = new ArrayList<>();
    for (Pair<String, Parameter> p : net.head().getParameters()) {
      linear.add(p.getValue().getArray());
    }
    NDArray weight =
        linear.stream().filter(a -> a.getShape().dimension() == 2).findFirst().orElseThrow();
    NDArray bias =
        linear.stream().filter(a -> a.getShape().dimension() == 1).findFirst().orElseThrow();
    int rows = (int) weight.getShape().get(0);
    int cols = (int) weight.getShape().get(1);
    float[] w = weight.toFloatArray();
    List<float[]> wRows = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      wRows.add(java.util.Arrays.copyOfRange(w, r * cols, (r + 1) * cols));
    }
    head.put("weight", wRows);
    head.put("bias", bias.toFloatArray());
    head.put("mean", info.input().mean());
    head.put("std", info.input().std());
    Files.writeString(dir.resolve("head.json"), new ObjectMapper().writeValueAsString(head));
    try (InputStream in = TorchScriptExport.class.getResourceAsStream(SCRIPT)) {
      Files.copy(in, dir.resolve(SCRIPT));
    }
    if (python == null) {
      LOG.warn(
          "{} not written: no Python given; run {} {} to write it", FILE, dir.resolve(SCRIPT), dir);
      return null;
    }
    if (!hasTorch(python)) {
      LOG.warn(
          "{} not written: {} cannot import torch; install PyTorch and run {} {} {}",
          FILE,
          python,
          python,
          dir.resolve(SCRIPT),
          dir);
      return null;
    }
    Process p =
        new ProcessBuilder(python.toString(), dir.resolve(SCRIPT).toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        String last = output.strip().lines().reduce((a, b) -> b).orElse("no output");
        throw new IOException(python + " " + SCRIPT + " failed to write " + FILE + ": " + last);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing " + FILE, e);
    }
    return FILE;
  }

  /**
   * Whether a Python imports {@code torch}.
   *
   * @param python the interpreter
   * @return true when {@code import torch} succeeds within a minute
   */
  public static boolean hasTorch(Path python) {
    try {
      Process p =
          new ProcessBuilder(python.toString(), "-c", "import torch")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * {@return the default Python: /usr/bin/python3 when it exists (Debian's python3-torch), else
   * python3}
   */
  public static Path defaultPython() {
    Path debian = Path.of("/usr/bin/python3");
    return Files.isExecutable(debian) ? debian : Path.of("python3");
  }
}
