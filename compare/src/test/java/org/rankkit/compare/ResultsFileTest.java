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

/** A {@code results.json} written before the evaluations were typed still resumes, and is written again unchanged. */
class ResultsFileTest {

  /**
   * A training run and the raw-pixel floor, exactly as RankKit wrote them while the final
   * evaluation was a map (its keys and the configuration's then came out in hash order).
   */
  private static final String OLD_RESULTS =
      """
      {
        "suite" : {
          "name" : "fixture",
          "seeds" : 1
        },
        "runs" : [ {
          "name" : "contrastive",
          "key" : "contrastive|seed=0",
          "seed" : 0,
          "config" : {
            "bestMetric" : "recall@1",
            "evalKs" : [ 1, 2 ],
            "epochs" : 2,
            "dataset" : "glyphs",
            "lr" : 0.001
          },
          "final" : {
            "map_at_r" : 0.3071428571428571,
            "queries" : 48,
            "map" : 0.5555555555555556,
            "seconds" : 1.0E-4,
            "queriesWithoutPositive" : 1,
            "validQueries" : 47,
            "recall@2" : 0.6875,
            "recall@1" : 0.625,
            "r_precision" : 0.4123456789012346
          },
          "history" : [ {
            "epoch" : 1,
            "loss" : 0.9876,
            "lr" : 0.001,
            "seconds" : 2.5,
            "eval" : {
              "recall@1" : 0.6875,
              "recall@2" : 0.75,
              "r_precision" : 0.4123456789012346,
              "map_at_r" : 0.3071428571428571,
              "map" : 0.5555555555555556,
              "queries" : 48,
              "validQueries" : 47,
              "queriesWithoutPositive" : 1,
              "seconds" : 0.03125
            }
          }, {
            "epoch" : 2,
            "loss" : 0.75,
            "lr" : 5.0E-4,
            "seconds" : 2.25,
            "eval" : {
              "recall@1" : 0.625,
              "recall@2" : 0.6875,
              "r_precision" : 0.4123456789012346,
              "map_at_r" : 0.3071428571428571,
              "map" : 0.5555555555555556,
              "queries" : 48,
              "validQueries" : 47,
              "queriesWithoutPositive" : 1,
              "seconds" : 1.0E-4
            }
          } ],
          "trainSeconds" : 4.75,
          "peakMemoryBytes" : 1048576
        }, {
          "name" : "raw pixels",
          "key" : "raw pixels|seed=0",
          "seed" : 0,
          "config" : {
            "baseline" : "raw-pixels"
          },
          "final" : {
            "map_at_r" : 0.3071428571428571,
            "queries" : 48,
            "map" : 0.5555555555555556,
            "seconds" : 0.5,
            "queriesWithoutPositive" : 1,
            "validQueries" : 47,
            "recall@2" : 0.4375,
            "recall@1" : 0.375,
            "r_precision" : 0.4123456789012346
          },
          "history" : [ ],
          "trainSeconds" : 0.0,
          "peakMemoryBytes" : 2097152
        } ],
        "summary" : [ {
          "name" : "contrastive",
          "seeds" : 1,
          "mean" : {
            "map" : 0.5555555555555556,
            "map_at_r" : 0.3071428571428571,
            "r_precision" : 0.4123456789012346,
            "recall@1" : 0.625,
            "recall@2" : 0.6875
          },
          "std" : {
            "map" : 0.0,
            "map_at_r" : 0.0,
            "r_precision" : 0.0,
            "recall@1" : 0.0,
            "recall@2" : 0.0
          },
          "trainSeconds" : 4.75,
          "peakMemoryBytes" : 1048576
        }, {
          "name" : "raw pixels",
          "seeds" : 1,
          "mean" : {
            "map" : 0.5555555555555556,
            "map_at_r" : 0.3071428571428571,
            "r_precision" : 0.4123456789012346,
            "recall@1" : 0.375,
            "recall@2" : 0.4375
          },
          "std" : {
            "map" : 0.0,
            "map_at_r" : 0.0,
            "r_precision" : 0.0,
            "recall@1" : 0.0,
            "recall@2" : 0.0
          },
          "trainSeconds" : 0.0,
          "peakMemoryBytes" : 2097152
        } ]
      }""";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final PlannedRun TRAINED = new PlannedRun(
      new SuiteRun("contrastive", null, "contrastive", List.of(), null, Map.of()), 0, null, null,
      Map.of("loss", "contrastive"));
  private static final PlannedRun FLOOR = new PlannedRun(
      new SuiteRun("raw pixels", SuiteRun.RAW_PIXELS, null, List.of(), null, Map.of()), 0, null, null, Map.of());

  @Test
  void anOldResultsFileResumesTypedAndIsWrittenAgainByteForByte(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(ResultsFile.NAME), OLD_RESULTS);
    Map<String, RunOutcome> finished = ResultsFile.readFinished(dir);
    assertThat(finished.keySet()).containsExactly(TRAINED.key(), FLOOR.key());

    RunOutcome trained = finished.get(TRAINED.key());
    EvaluationResult fin = trained.finalEvaluation();
    assertThat(fin.metrics()).containsEntry("recall@1", 0.625).containsEntry("recall@2", 0.6875)
        .containsEntry("map", 0.5555555555555556).hasSize(5);
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
    assertThat(JSON.readTree(written).get("runs").get(0).get("final").fieldNames()).toIterable().containsExactly(
        "map_at_r", "map", "recall@2", "recall@1", "r_precision", "queries", "validQueries",
        "queriesWithoutPositive", "seconds");
    // read back and written again, it is the same byte for byte
    Map<String, RunOutcome> again2 = ResultsFile.readFinished(again);
    Path third = dir.resolve("third");
    Files.createDirectories(third);
    ResultsFile.write(third, suite, List.of(new RunRecord(TRAINED, again2.get(TRAINED.key())),
        new RunRecord(FLOOR, again2.get(FLOOR.key()))));
    assertThat(Files.readString(third.resolve(ResultsFile.NAME))).isEqualTo(written);
  }

  @Test
  void aDamagedRunIsRefusedNamingTheFileTheRunAndTheKey(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(ResultsFile.NAME), OLD_RESULTS.replace("\"validQueries\" : 47", "\"validQueries\" : 49"));
    assertThatThrownBy(() -> ResultsFile.readFinished(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(ResultsFile.NAME)
        .hasMessageContaining("run 'contrastive|seed=0'")
        .hasMessageContaining("'validQueries' is 49");
  }
}
