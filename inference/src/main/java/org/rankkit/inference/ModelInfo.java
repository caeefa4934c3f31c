package org.rankkit.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.rankkit.trainer.outputs.InputSpec;

/**
 * {@code model.json}: what rebuilds an exported network and its input preprocessing.
 *
 * @param rankkitVersion the RankKit version that wrote it
 * @param backbone {@code small-cnn}, {@code resnet<N>} or {@code torchscript}
 * @param cnnWidth the small CNN's width (used by {@code small-cnn} only)
 * @param cnnNorm the small CNN's normalisation (used by {@code small-cnn} only)
 * @param embeddingSize the length of every embedding
 * @param input the evaluation preprocessing (channels, image size, normalisation constants)
 * @param checkpoint {@code best} or {@code last}: which checkpoint of the run was exported
 * @param epoch the epoch of that checkpoint
 * @param metrics the run's evaluation metrics at that checkpoint (may be empty)
 * @param config the run's configuration (its {@code TrainingConfig} keys)
 * @param torchScript {@code embedder.pt} when it was written, else null
 */
public record ModelInfo(
    String rankkitVersion,
    String backbone,
    int cnnWidth,
    String cnnNorm,
    int embeddingSize,
    InputSpec input,
    String checkpoint,
    int epoch,
    Map<String, Object> metrics,
    Map<String, Object> config,
    String torchScript) {

  /** The file name in a model directory. */
  public static final String FILE = "model.json";

  /** The weights file in a model directory (DJL's parameter format of the whole network). */
  public static final String WEIGHTS = "weights.params";

  /** The fine-tuned TorchScript backbone in a model directory (TorchScript backbones only). */
  public static final String BACKBONE_FILE = "backbone.pt";

  /** The backbone name of a TorchScript backbone. */
  public static final String TORCHSCRIPT = "torchscript";

  /** The head, in words (what {@code EmbeddingModel} appends to every backbone). */
  public static final String HEAD =
      "mean-pool to (B, F), linear F -> embeddingSize, L2-normalise rows";

  /** The {@code format} value of every model.json. */
  public static final String FORMAT = "rankkit-model/1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Copies the maps.
   *
   * @param rankkitVersion the RankKit version that wrote it
   * @param backbone {@code small-cnn}, {@code resnet<N>} or {@code torchscript}
   * @param cnnWidth the small CNN's width
   * @param cnnNorm the small CNN's normalisation
   * @param embeddingSize the length of every embedding
   * @param input the evaluation preprocessing
   * @param checkpoint {@code best} or {@code last}
   * @param epoch the checkpoint's epoch
   * @param metrics evaluation metrics at the checkpoint
   * @param config the run's configuration
   * @param torchScript {@code embedder.pt} or null
   */
  public ModelInfo {
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  /** {@return the RankKit version of this build (from the jar's resources)} */
  public static String currentVersion() {
    try (InputStream in = ModelInfo.class.getResourceAsStream("rankkit.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** {@return the content of model.json} */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("rankkitVersion", rankkitVersion);
    m.put("backbone", backbone);
    if ("small-cnn".equals(backbone)) {
      m.put("cnnWidth", cnnWidth);
      m.put("cnnNorm", cnnNorm);
    }
    m.put("head", HEAD);
    m.put("embeddingSize", embeddingSize);
    m.put("channels", input.channels());
    m.put("imageSize", input.imageSize());
    m.put("input", input.toJson());
    m.put("weights", WEIGHTS);
    if (TORCHSCRIPT.equals(backbone)) {
      m.put("backboneFile", BACKBONE_FILE);
    }
    m.put("torchScript", torchScript);
    m.put("checkpoint", checkpoint);
    m.put("epoch", epoch);
    m.put("metrics", metrics);
    m.put("config", config);
    return m;
  }

  /**
   * Writes {@code model.json} into a directory.
   *
   * @param dir the model directory
   * @throws IOException when writing fails
   */
  public void write(Path dir) throws IOException {
    Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(toJson()));
  }

  /**
   * Reads and checks {@code model.json} of a model directory.
   *
   * @param dir the model directory
   * @return the description
   * @throws IllegalArgumentException with one line naming the directory or file when it is not a
   *     model directory, the file is not a RankKit model file, or a field is missing or invalid
   * @throws IOException when reading fails
   */
  @SuppressWarnings("unchecked")
  public static ModelInfo read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "model directory "
              + dir
              + " does not exist or is not a directory; create one with rankkit export");
    }
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          dir
              + " is not a RankKit model directory (no "
              + FILE
              + "); create one with rankkit export --run RUN_DIR --out "
              + dir);
    }
    Map<String, Object> m;
    try {
      m = JSON.readValue(file.toFile(), Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          file + " is not valid JSON (line " + e.getLocation().getLineNr() + ")");
    }
    if (!FORMAT.equals(m.get("format"))) {
      throw new IllegalArgumentException(
          file
              + " is not a RankKit model file of a format this version reads (format is "
              + m.get("format")
              + ", expected "
              + FORMAT
              + ")");
    }
    try {
      InputSpec input = InputSpec.fromJson((Map<?, ?>) m.get("input"), file.toString());
      String backbone = (String) m.get("backbone");
      if (backbone == null) {
        throw new IllegalArgumentException("backbone is missing");
      }
      return new ModelInfo(
          String.valueOf(m.get("rankkitVersion")),
          backbone,
          m.get("cnnWidth") instanceof Number n ? n.intValue() : 0,
          (String) m.get("cnnNorm"),
          ((Number) m.get("embeddingSize")).intValue(),
          input,
          String.valueOf(m.get("checkpoint")),
          m.get("epoch") instanceof Number e ? e.intValue() : 0,
          m.get("metrics") instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of(),
          m.get("config") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of(),
          (String) m.get("torchScript"));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(
          file + ": a field is missing or of the wrong type (backbone, embeddingSize, input)");
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      throw new IllegalArgumentException(
          msg.startsWith(file.toString()) ? msg : file + ": " + msg, e);
    }
  }
}
