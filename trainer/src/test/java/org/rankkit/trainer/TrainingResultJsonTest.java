package org.rankkit.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.trainer.outputs.RunOutputs;

/**
 * A {@code result.json} written before the evaluations were typed still reads, and writes the same
 * bytes.
 */
class TrainingResultJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The {@code result.json} of a two-epoch run with {@code evalAtStart}, exactly as RankKit wrote
   * it while the evaluations were maps ({@code RunOutputs.writeResult}).
   */
  /**
   * A file as the code before the typed evaluation wrote it (test resource, kept byte for byte).
   */
  private static final String OLD_RESULT = resource("old-result.json");

  @Test
  void anOldResultFileReadsBackTypedAndIsWrittenAgainByteForByte(@TempDir Path dir)
      throws Exception {
    Map<String, Object> json = JSON.readValue(OLD_RESULT, new TypeReference<>() {});
    TrainingResult result = TrainingResult.fromJson(dir, json);

    assertThat(result.interrupted()).isFalse();
    assertThat(result.runDir()).isEqualTo(dir);
    assertThat(result.config()).containsEntry("dataset", "glyphs").containsEntry("epochs", 2);
    EvaluationResult fin = result.finalEvaluation().orElseThrow();
    assertThat(fin.metrics().keySet())
        .containsExactly("recall@1", "recall@2", "r_precision", "map_at_r", "map");
    assertThat(fin.recallAt(1)).isEqualTo(0.625);
    assertThat(fin.queries()).isEqualTo(48);
    assertThat(fin.validQueries()).isEqualTo(47);
    assertThat(fin.seconds()).isEqualTo(1.0E-4);
    assertThat(fin.overEveryQuery()).isEqualTo(Set.of("recall@1", "recall@2"));
    assertThat(result.finalMetric("map")).isEqualTo(0.5555555555555556);
    BestEvaluation best = result.best().orElseThrow();
    assertThat(best.epoch()).isEqualTo(1);
    assertThat(best.metricKey()).isEqualTo("recall@1");
    assertThat(best.value()).isEqualTo(0.6875);
    assertThat(best.evaluation()).isEqualTo(result.history().get(0).evaluation().orElseThrow());
    assertThat(result.history().get(1).evaluation()).contains(fin);
    assertThat(result.initialEvaluation().orElseThrow().recallAt(2)).isEqualTo(0.3125);
    assertThat(result.trainSeconds()).isEqualTo(4.75);
    assertThat(result.peakMemoryBytes()).isEqualTo(123456789L);

    RunOutputs.writeResult(dir, result);
    assertThat(Files.readString(dir.resolve(RunOutputs.RESULT))).isEqualTo(OLD_RESULT);
    assertThat(
            JSON.copy()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result.toJson()))
        .isEqualTo(OLD_RESULT);
  }

  @Test
  void aResultWithoutEvaluationsWritesEmptyObjectsAndNoInitial(@TempDir Path dir) throws Exception {
    TrainingResult none =
        new TrainingResult(
            dir,
            Map.of("epochs", 1),
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            1.5,
            10,
            java.util.List.of(),
            java.util.Optional.empty(),
            true);
    Map<String, Object> json = none.toJson();
    assertThat(json.keySet())
        .containsExactly("config", "final", "best", "trainSeconds", "peakMemoryBytes", "history");
    assertThat(json).containsEntry("final", Map.of()).containsEntry("best", Map.of());
    TrainingResult back =
        TrainingResult.fromJson(
            dir, JSON.readValue(JSON.writeValueAsBytes(json), new TypeReference<>() {}));
    assertThat(back.finalEvaluation()).isEmpty();
    assertThat(back.best()).isEmpty();
    assertThat(back.initialEvaluation()).isEmpty();
    assertThatThrownBy(() -> back.finalMetric("recall@1"))
        .hasMessageContaining("no final evaluation");
  }

  @Test
  void aDamagedBestIsRefusedNamingTheKey() throws Exception {
    Map<String, Object> json = JSON.readValue(OLD_RESULT, new TypeReference<>() {});
    @SuppressWarnings("unchecked")
    Map<String, Object> best = (Map<String, Object>) json.get("best");
    best.put("value", 0.5);
    assertThatThrownBy(() -> TrainingResult.fromJson(Path.of("run"), json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value is 0.5 but its recall@1 is 0.6875");
    best.remove("seconds");
    assertThatThrownBy(() -> TrainingResult.fromJson(Path.of("run"), json))
        .hasMessageContaining("lacks 'seconds'");
  }

  private static String resource(String name) {
    try (var in = TrainingResultJsonTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
