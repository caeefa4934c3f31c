package org.rankkit.compare;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.trainer.EpochRecord;

/**
 * Reads and writes {@code results.json}: {@code suite} (the shared settings), {@code runs} (one
 * object per finished run) and {@code summary} (mean ± std per run name). Written atomically after
 * every run, so a crash or Ctrl-C keeps every finished run.
 */
public final class ResultsFile {

  /** File name inside the output directory. */
  public static final String NAME = "results.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsFile() {}

  /**
   * Writes the results atomically (temporary file, then rename).
   *
   * @param directory output directory
   * @param suiteInfo the {@code suite} object
   * @param records finished runs
   * @throws IOException when writing fails
   */
  public static void write(Path directory, Map<String, Object> suiteInfo, List<RunRecord> records)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("suite", suiteInfo);
    List<Map<String, Object>> runs = new ArrayList<>();
    for (RunRecord r : records) {
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("name", r.plan().run().name());
      run.put("key", r.plan().key());
      run.put("seed", r.plan().seed());
      if (r.plan().sweepKey() != null) {
        run.put("sweepKey", r.plan().sweepKey());
        run.put("sweepValue", r.plan().sweepValue());
      }
      run.put("config", r.outcome().config());
      run.put("final", r.outcome().finalEvaluation().toJson());
      run.put("history", r.outcome().history().stream().map(EpochRecord::toJson).toList());
      run.put("trainSeconds", r.outcome().trainSeconds());
      run.put("peakMemoryBytes", r.outcome().peakMemoryBytes());
      runs.add(run);
    }
    root.put("runs", runs);
    List<Map<String, Object>> summary = new ArrayList<>();
    for (Summary s : Summary.of(records)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", s.name());
      if (s.sweepValue() != null) {
        row.put("sweepValue", s.sweepValue());
      }
      row.put("seeds", s.seeds());
      row.put("mean", s.mean());
      row.put("std", s.std());
      row.put("trainSeconds", s.trainSeconds());
      row.put("peakMemoryBytes", s.peakMemoryBytes());
      summary.add(row);
    }
    root.put("summary", summary);
    AtomicFiles.write(directory.resolve(NAME), out -> JSON.writeValue(out, root));
  }

  /**
   * Reads the finished runs of an earlier, interrupted invocation, by run key.
   *
   * @param directory the output directory
   * @return run key → outcome; empty when there is no results file
   * @throws IOException when the file exists but cannot be read, or a run in it is damaged (the
   *     message names the run and the key)
   */
  public static Map<String, RunOutcome> readFinished(Path directory) throws IOException {
    Path file = directory.resolve(NAME);
    Map<String, RunOutcome> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    Map<String, Object> root = JSON.readValue(file.toFile(), new TypeReference<>() {});
    Object runs = root.get("runs");
    if (!(runs instanceof List<?> list)) {
      throw new IOException(file + " has no 'runs' array");
    }
    for (Object o : list) {
      @SuppressWarnings("unchecked")
      Map<String, Object> run = (Map<String, Object>) o;
      try {
        out.put((String) run.get("key"), outcome(run));
      } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
        throw new IOException(
            file + ": run '" + run.get("key") + "' cannot be read back (" + e.getMessage() + ")",
            e);
      }
    }
    return out;
  }

  /** One entry of {@code runs} as {@link #write} wrote it. */
  @SuppressWarnings("unchecked")
  private static RunOutcome outcome(Map<String, Object> run) {
    List<EpochRecord> history = new ArrayList<>();
    for (Object epoch : (List<Object>) run.get("history")) {
      history.add(EpochRecord.fromJson((Map<String, Object>) epoch));
    }
    return new RunOutcome(
        (Map<String, Object>) run.get("config"),
        EvaluationResult.fromJson((Map<String, Object>) run.get("final")),
        history,
        ((Number) run.get("trainSeconds")).doubleValue(),
        ((Number) run.get("peakMemoryBytes")).longValue());
  }
}
