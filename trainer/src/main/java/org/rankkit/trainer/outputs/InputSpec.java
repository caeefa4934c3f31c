package org.rankkit.trainer.outputs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rankkit.data.ImageSet;
import org.rankkit.data.Normalisation;

/**
 * The evaluation preprocessing of a run's images: what turns an image into the network's input.
 *
 * <ul>
 *   <li>{@link #GREYSCALE} (one channel; Fashion-MNIST, glyphs): the image's luminance scaled to
 *       [0, 1], resized bilinearly to {@code imageSize}² when its size differs, normalised.
 *   <li>{@link #RGB_CENTRE_CROP} (three channels; photo datasets): the shorter side resized to
 *       round(S·256/224), the central S×S crop, scaled to [0, 1], normalised per channel.
 * </ul>
 *
 * @param transform {@link #GREYSCALE} or {@link #RGB_CENTRE_CROP}
 * @param channels 1 or 3
 * @param imageSize the network's input side S in pixels
 * @param mean per-channel means subtracted after scaling to [0, 1]
 * @param std per-channel standard deviations divided by
 */
public record InputSpec(
    String transform, int channels, int imageSize, List<Float> mean, List<Float> std) {

  /** The one-channel transform. */
  public static final String GREYSCALE = "greyscale";

  /** The three-channel transform. */
  public static final String RGB_CENTRE_CROP = "rgb-centre-crop";

  /** The file name in a run directory. */
  public static final String FILE = "input.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Validates the fields.
   *
   * @param transform {@link #GREYSCALE} or {@link #RGB_CENTRE_CROP}
   * @param channels 1 for greyscale, 3 for RGB
   * @param imageSize at least 1
   * @param mean one per channel
   * @param std one per channel, each positive
   * @throws IllegalArgumentException when a field is out of range or inconsistent
   */
  public InputSpec {
    if (!GREYSCALE.equals(transform) && !RGB_CENTRE_CROP.equals(transform)) {
      throw new IllegalArgumentException(
          "transform must be "
              + GREYSCALE
              + " or "
              + RGB_CENTRE_CROP
              + ", got '"
              + transform
              + "'");
    }
    if (channels != (GREYSCALE.equals(transform) ? 1 : 3)) {
      throw new IllegalArgumentException(
          "transform "
              + transform
              + " has "
              + (GREYSCALE.equals(transform) ? 1 : 3)
              + " channel(s), got channels="
              + channels);
    }
    if (imageSize < 1) {
      throw new IllegalArgumentException("imageSize must be at least 1, got " + imageSize);
    }
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    new Normalisation(floats(mean), floats(std)); // checks lengths and positive deviations
    if (mean.size() != channels) {
      throw new IllegalArgumentException(
          "need one mean and std per channel (" + channels + "), got " + mean.size());
    }
  }

  /**
   * Describes the evaluation preprocessing of an image set.
   *
   * @param set the evaluation split
   * @return its input specification
   */
  public static InputSpec of(ImageSet set) {
    int channels = (int) set.itemShape().get(0);
    Normalisation n = set.normalisation();
    return new InputSpec(
        channels == 1 ? GREYSCALE : RGB_CENTRE_CROP,
        channels,
        (int) set.itemShape().get(1),
        boxed(n.mean()),
        boxed(n.std()));
  }

  /** {@return the normalisation as arrays} */
  public Normalisation normalisation() {
    return new Normalisation(floats(mean), floats(std));
  }

  /** {@return the fields as a JSON-ready map} */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transform", transform);
    m.put("channels", channels);
    m.put("imageSize", imageSize);
    m.put("mean", mean);
    m.put("std", std);
    return m;
  }

  /**
   * Reads the fields from a JSON map.
   *
   * @param json as {@link #toJson()} writes it
   * @param source names the file in messages
   * @return the specification
   * @throws IllegalArgumentException when a field is missing or invalid
   */
  public static InputSpec fromJson(Map<?, ?> json, String source) {
    try {
      return new InputSpec(
          (String) json.get("transform"),
          ((Number) json.get("channels")).intValue(),
          ((Number) json.get("imageSize")).intValue(),
          numbers(json.get("mean")),
          numbers(json.get("std")));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(
          source
              + ": the input fields (transform, channels, imageSize, mean, std) are missing or of the wrong type");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@link #FILE} into a run directory.
   *
   * @param runDir the run directory
   * @throws IOException when writing fails
   */
  public void write(Path runDir) throws IOException {
    Files.writeString(runDir.resolve(FILE), JSON.writeValueAsString(toJson()));
  }

  /**
   * Reads {@link #FILE} of a run directory.
   *
   * @param runDir the run directory
   * @return the specification, or null when the run has no such file
   * @throws IOException when reading fails
   */
  public static InputSpec read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    return fromJson(JSON.readValue(file.toFile(), Map.class), file.toString());
  }

  private static List<Float> numbers(Object o) {
    return ((List<?>) o).stream().map(v -> ((Number) v).floatValue()).toList();
  }

  private static List<Float> boxed(float[] a) {
    Float[] b = new Float[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i];
    }
    return List.of(b);
  }

  private static float[] floats(List<Float> l) {
    float[] a = new float[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }
}
