package org.rankkit.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.trainer.EpochRecord;

/**
 * A {@code results.json} written before the evaluations were typed still resumes, and is written
 * again unchanged.
 */
class ResultsFileTest {

  /**
   * A training run and the raw-pixel floor, exactly as RankKit wrote them while the final
   * evaluation was a map (its keys and the configuration's then came out in hash order).
   */
  /**
   * A file as the code before the typed evaluation wrote it (test resource, kept byte for byte).
   */
  private static final String OLD_RESULTS = resource("old-results.json");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final PlannedRun TRAINED =
      new PlannedRun(
          new SuiteRun("contrastive", null, "contrastive", List.of(), null, Map.of()),
          0,
          null,
          null,
          Map.of("loss", "contrastive"));
  private static final PlannedRun FLOOR =
      new PlannedRun(
          new SuiteRun("raw pixels", SuiteRun.RAW_PIXELS, null, List.of(), null, Map.of()),
          0,
          null,
          null,
          Map.of());

  @Test
  void anOldResultsFileResumesTypedAndIsWrittenAgainByteForByte(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve(ResultsFile.NAME), OLD_RESULTS);
    Map<String, RunOutcome> finished = ResultsFile.readFinished(dir);
    assertThat(finished.keySet()).containsExactly(TRAINED.key(), FLOOR.key());

    RunOutcome trained = finished.get(TRAINED.key());
    EvaluationResult fin = trained.finalEvaluation();
    assertThat(fin.metrics())
        .containsEntry("recall@1", 0.625)
        .containsEntry("recall@2", 0.6875)
        .containsEntry("map", 0.5555555555555556)
        .hasSize(5);
    assertThat(fin.queries()).isEqualTo(48);
    assertThat(fin.validQueries()).isEqualTo(47);
    assertThat(fin.seconds()).isEqualTo(1.0E-4);
    assertThat(fin.overEveryQuery()).isEqualTo(Set.of("recall@1", "recall@2"));
    assertThat(trained.history()).extracting(EpochRecord::epoch).containsExactly(1, 2);
    assertThat(trained.history().get(0).evaluation().orElseThrow().recallAt(1)).isEqualTo(0.6875);
    assertThat(trained.history().get(1).evaluation()).contains(fin);
    assertThat(trained.trainSeconds()).isEqualTo(4.75);
    assertThat(trained.config()).containsEntry("dataset", "glyphs").containsEntry("epochs", 2);
    RunOutcome floor = finished.get(FLOOR.key());
    assertThat(floor.history()).isEmpty();
    assertThat(floor.finalEvaluation().recallAt(1)).isEqualTo(0.375);
    assertThat(new RunRecord(FLOOR, floor).metric("recall@2")).isEqualTo(0.4375);
    assertThat(new RunRecord(FLOOR, floor).metric("nmi")).isNaN();

    Map<String, Object> suite = new LinkedHashMap<>();
    suite.put("name", "fixture");
    suite.put("seeds", 1);
    Path again = dir.resolve("again");
    Files.createDirectories(again);
    List<RunRecord> records = List.of(new RunRecord(TRAINED, trained), new RunRecord(FLOOR, floor));
    ResultsFile.write(again, suite, records);
    String written = Files.readString(again.resolve(ResultsFile.NAME));
    // the same JSON; a final object keeps its metrics in the file's (hash) order and the counts
    // follow them, as EvaluationResult.toJson writes them
    assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(OLD_RESULTS));
    assertThat(JSON.readTree(written).get("runs").get(0).get("final").fieldNames())
        .toIterable()
        .containsExactly(
            "map_at_r",
            "map",
            "recall@2",
            "recall@1",
            "r_precision",
            "queries",
            "validQueries",
            "queriesWithoutPositive",
            "seconds");
    // read back and written again, it is the same byte for byte
    Map<String, RunOutcome> again2 = ResultsFile.readFinished(again);
    Path third = dir.resolve("third");
    Files.createDirectories(third);
    ResultsFile.write(
        third,
        suite,
        List.of(
            new RunRecord(TRAINED, again2.get(TRAINED.key())),
            new RunRecord(FLOOR, again2.get(FLOOR.key()))));
    assertThat(Files.readString(third.resolve(ResultsFile.NAME))).isEqualTo(written);
  }

  @Test
  void aDamagedRunIsRefusedNamingTheFileTheRunAndTheKey(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve(ResultsFile.NAME),
        OLD_RESULTS.replace("\"validQueries\" : 47", "\"validQueries\" : 49"));
    assertThatThrownBy(() -> ResultsFile.readFinished(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(ResultsFile.NAME)
        .hasMessageContaining("run 'contrastive|seed=0'")
        .hasMessageContaining("'validQueries' is 49");
  }

  private static String resource(String name) {
    try (var in = ResultsFileTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
