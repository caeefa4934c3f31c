package org.rankkit.golden;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One loss case in the golden-case format of docs/numeric-spec.md:
 *
 * <pre>{@code
 * {"name": ..., "loss": "recall-at-k", "params": {...}, "embeddings": [[...], ...],
 *  "labels": [...], "mix": [[i, j, alpha], ...], "expected": {"loss": x, "grad": [[...]]}}
 * }</pre>
 *
 * <p>{@code mix} and {@code expected} are optional; absent {@code params} means all defaults. The
 * compact constructor validates the case: at least one item, rectangular finite embeddings, one
 * label per embedding, and mix triples {@code (i, j, α)} with integer in-range {@code i ≠ j} of the
 * same label and {@code α ∈ [0,1]}. Violations throw {@link IllegalArgumentException} naming the
 * case and the problem. Arrays are copied on construction; instances are immutable. A case equals
 * only itself: its arrays are its own copies, and a record compares arrays by reference.
 *
 * @param name the case's name (the file name when absent)
 * @param loss the loss id, e.g. {@code recall-at-k}
 * @param params loss and augmentation parameters by JSON name (never null)
 * @param embeddings {@code B × d} embeddings
 * @param labels {@code B} integer class labels
 * @param mix SiMix triples {@code [i, j, α]}, or {@code null} when the case has no mix
 * @param expected the expected loss and gradient, or {@code null}
 */
public record LossCase(
    String name,
    String loss,
    Map<String, Object> params,
    double[][] embeddings,
    long[] labels,
    double[][] mix,
    Expected expected) {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /**
   * The expected result of a case.
   *
   * @param loss the expected loss
   * @param grad the expected {@code dL/dE}, {@code B × d}
   */
  public record Expected(
      @JsonProperty(value = "loss", required = true) double loss,
      @JsonProperty(value = "grad", required = true) double[][] grad) {

    /**
     * Checks that both values are present and copies the gradient.
     *
     * @param loss the expected loss
     * @param grad the expected {@code dL/dE}, {@code B × d} (copied)
     */
    public Expected {
      if (grad == null) {
        throw new IllegalArgumentException("expected.grad is missing");
      }
      grad = deepCopy(grad);
    }

    /**
     * Returns a copy of the expected gradient.
     *
     * @return {@code dL/dE}, {@code B × d}
     */
    @Override
    public double[][] grad() {
      return deepCopy(grad);
    }
  }

  /**
   * Validates the case and copies its arrays.
   *
   * @param name the case's name, or {@code null}
   * @param loss the loss id
   * @param params parameters by JSON name, or {@code null} for all defaults
   * @param embeddings {@code B × d} finite embeddings (copied)
   * @param labels {@code B} class labels (copied)
   * @param mix SiMix triples {@code [i, j, α]}, or {@code null} (copied)
   * @param expected the expected result, or {@code null}
   * @throws IllegalArgumentException naming the case and what is wrong
   */
  @JsonCreator
  public LossCase(
      @JsonProperty("name") String name,
      @JsonProperty(value = "loss", required = true) String loss,
      @JsonProperty("params") Map<String, Object> params,
      @JsonProperty(value = "embeddings", required = true) double[][] embeddings,
      @JsonProperty(value = "labels", required = true) long[] labels,
      @JsonProperty("mix") double[][] mix,
      @JsonProperty("expected") Expected expected) {
    String label = name == null ? "(unnamed case)" : "case '" + name + "'";
    if (loss == null || loss.isBlank()) {
      throw new IllegalArgumentException(label + ": \"loss\" (the loss id) is missing");
    }
    if (embeddings == null) {
      throw new IllegalArgumentException(label + ": \"embeddings\" is missing");
    }
    if (labels == null) {
      throw new IllegalArgumentException(label + ": \"labels\" is missing");
    }
    if (embeddings.length == 0) {
      throw new IllegalArgumentException(label + ": \"embeddings\" is empty; need at least 1 row");
    }
    if (embeddings.length != labels.length) {
      throw new IllegalArgumentException(
          label
              + ": embeddings has "
              + embeddings.length
              + " rows but labels has "
              + labels.length
              + " entries; they must have the same length");
    }
    int d = -1;
    for (int r = 0; r < embeddings.length; r++) {
      double[] row = embeddings[r];
      if (row == null) {
        throw new IllegalArgumentException(label + ": embeddings row " + r + " is null");
      }
      if (d < 0) {
        d = row.length;
        if (d == 0) {
          throw new IllegalArgumentException(label + ": embeddings rows are empty (d = 0)");
        }
      } else if (row.length != d) {
        throw new IllegalArgumentException(
            label
                + ": embeddings are ragged: row 0 has "
                + d
                + " values but row "
                + r
                + " has "
                + row.length);
      }
      for (int c = 0; c < row.length; c++) {
        if (!Double.isFinite(row[c])) {
          throw new IllegalArgumentException(
              label
                  + ": embeddings["
                  + r
                  + "]["
                  + c
                  + "] is "
                  + row[c]
                  + "; values must be finite");
        }
      }
    }
    if (mix != null) {
      for (int t = 0; t < mix.length; t++) {
        validateTriple(label, t, mix[t], labels);
      }
    }
    if (expected != null && expected.grad.length != embeddings.length) {
      throw new IllegalArgumentException(
          label
              + ": expected.grad has "
              + expected.grad.length
              + " rows but embeddings has "
              + embeddings.length);
    }
    this.name = name;
    this.loss = loss;
    this.params =
        params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.embeddings = deepCopy(embeddings);
    this.labels = labels.clone();
    this.mix = mix == null ? null : deepCopy(mix);
    this.expected = expected;
  }

  private static void validateTriple(String label, int t, double[] triple, long[] labels) {
    if (triple == null || triple.length != 3) {
      throw new IllegalArgumentException(label + ": mix[" + t + "] must be a triple [i, j, alpha]");
    }
    double i = triple[0];
    double j = triple[1];
    double alpha = triple[2];
    for (double index : new double[] {i, j}) {
      if (index != Math.rint(index) || index < 0 || index >= labels.length) {
        throw new IllegalArgumentException(
            label
                + ": mix["
                + t
                + "] = "
                + java.util.Arrays.toString(triple)
                + ": indices must be integers in [0, "
                + (labels.length - 1)
                + "]");
      }
    }
    if (i == j) {
      throw new IllegalArgumentException(
          label + ": mix[" + t + "] mixes item " + (int) i + " with itself; need i != j");
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException(
          label + ": mix[" + t + "] has alpha " + alpha + "; alpha must be in [0, 1]");
    }
    if (labels[(int) i] != labels[(int) j]) {
      throw new IllegalArgumentException(
          label
              + ": mix["
              + t
              + "] mixes items "
              + (int) i
              + " (label "
              + labels[(int) i]
              + ") and "
              + (int) j
              + " (label "
              + labels[(int) j]
              + "); SiMix only mixes items of the same label");
    }
  }

  /**
   * Reads one case from a JSON file.
   *
   * @param file the file
   * @return the validated case (named after the file when it has no {@code name})
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when the JSON is malformed or the case invalid; the message
   *     names the file and the problem
   */
  public static LossCase read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    LossCase c;
    try {
      c = MAPPER.readValue(bytes, LossCase.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      String message =
          cause instanceof IllegalArgumentException
              ? cause.getMessage()
              : e.getOriginalMessage() + " at " + describeLocation(e);
      throw new IllegalArgumentException(file + ": " + message, e);
    }
    if (c == null) {
      throw new IllegalArgumentException(file + ": empty file; expected a JSON object");
    }
    if (c.name() == null) {
      String fileName = file.getFileName().toString();
      c =
          new LossCase(
              fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName,
              c.loss,
              c.params,
              c.embeddings,
              c.labels,
              c.mix,
              c.expected);
    }
    return c;
  }

  private static String describeLocation(JsonProcessingException e) {
    StringBuilder path = new StringBuilder();
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jme) {
      path.append(jme.getPathReference());
    }
    if (e.getLocation() != null) {
      path.append(path.isEmpty() ? "" : ", ")
          .append("line ")
          .append(e.getLocation().getLineNr())
          .append(" column ")
          .append(e.getLocation().getColumnNr());
    }
    return path.toString();
  }

  /**
   * Reads every {@code *.json} case of a directory, sorted by file name.
   *
   * @param dir the directory
   * @return the cases
   * @throws IOException when the directory cannot be listed or a file read
   * @throws IllegalArgumentException when a case is invalid
   */
  public static List<LossCase> readAll(Path dir) throws IOException {
    List<LossCase> cases = new ArrayList<>();
    for (Path file : jsonFiles(dir)) {
      cases.add(read(file));
    }
    return cases;
  }

  /**
   * Lists the {@code *.json} files of a directory, sorted by file name.
   *
   * @param dir the directory
   * @return the files
   * @throws IOException when the directory cannot be listed
   */
  public static List<Path> jsonFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": not a directory");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    }
  }

  /** {@return the number of items {@code B}} */
  public int size() {
    return labels.length;
  }

  /** {@return the embedding dimension {@code d}} */
  public int dimension() {
    return embeddings[0].length;
  }

  /** {@return whether the case has SiMix triples} */
  public boolean hasMix() {
    return mix != null;
  }

  /**
   * Returns a copy of the embeddings.
   *
   * @return {@code B × d} embeddings
   */
  @Override
  public double[][] embeddings() {
    return deepCopy(embeddings);
  }

  /**
   * Returns a copy of the labels.
   *
   * @return {@code B} class labels
   */
  @Override
  public long[] labels() {
    return labels.clone();
  }

  /**
   * Returns a copy of the SiMix triples.
   *
   * @return the triples {@code [i, j, α]}, or {@code null} when the case has no mix
   */
  @Override
  public double[][] mix() {
    return mix == null ? null : deepCopy(mix);
  }

  /**
   * Returns the mix as a list of triples {@code [i, j, α]} (numbers), the form the {@code simix}
   * augmentation's {@code triples} parameter takes, or an empty list without mix.
   *
   * @return the triples
   */
  public List<List<Number>> mixTriples() {
    List<List<Number>> out = new ArrayList<>();
    if (mix != null) {
      for (double[] t : mix) {
        out.add(List.of((int) t[0], (int) t[1], t[2]));
      }
    }
    return out;
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] == null ? null : a[i].clone();
    }
    return out;
  }

  @Override
  public String toString() {
    return "LossCase["
        + name
        + ", loss="
        + loss
        + ", B="
        + labels.length
        + ", mix="
        + (mix == null ? 0 : mix.length)
        + "]";
  }
}
