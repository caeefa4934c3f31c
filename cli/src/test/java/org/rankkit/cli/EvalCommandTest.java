package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rankkit eval} end to end on small hand-computed cases, and its errors. */
class EvalCommandTest {

  @TempDir Path dir;

  /** similarities: s01 = .6, s02 = .8, s03 = 0, s12 = .96, s13 = .8, s23 = .6 */
  private static final String EMBEDDINGS = "1,0\n0.6,0.8\n0.8,0.6\n0,1\n";

  private static final String LABELS = "0\n0\n1\n2\n";

  private String file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p.toString();
  }

  /** Writes a float32 C-order .npy file as numpy does (version 1.0 header padded to 64 bytes). */
  private String npy(String name, float[][] rows) throws IOException {
    String dict =
        "{'descr': '<f4', 'fortran_order': False, 'shape': ("
            + rows.length
            + ", "
            + rows[0].length
            + "), }";
    int total = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
    ByteBuffer b =
        ByteBuffer.allocate(10 + header.length() + 4 * rows.length * rows[0].length)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
        .putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (float[] row : rows) {
      for (float v : row) {
        b.putFloat(v);
      }
    }
    Path p = dir.resolve(name);
    Files.write(p, b.array());
    return p.toString();
  }

  @Test
  void leaveOneOutJsonHasTheDocumentedKeysAndValues() throws Exception {
    CliRun r =
        CliRun.of(
            "eval",
            "--embeddings",
            file("e.csv", EMBEDDINGS),
            "--labels",
            file("y.csv", LABELS),
            "--k",
            "1,2,3",
            "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "recall@1",
            "recall@2",
            "recall@3",
            "r_precision",
            "map_at_r",
            "map",
            "queries",
            "validQueries",
            "queriesWithoutPositive",
            "seconds");
    assertThat(json.get("recall@1").asDouble()).isEqualTo(0.0);
    assertThat(json.get("recall@2").asDouble()).isEqualTo(0.25);
    assertThat(json.get("recall@3").asDouble()).isEqualTo(0.5);
    assertThat(json.get("r_precision").asDouble()).isEqualTo(0.0);
    assertThat(json.get("map_at_r").asDouble()).isEqualTo(0.0);
    assertThat(json.get("map").asDouble()).isCloseTo((1.0 / 2 + 1.0 / 3) / 2, within(1e-12));
    assertThat(json.get("queries").asInt()).isEqualTo(4);
    assertThat(json.get("seconds").asDouble()).isNotNegative();
  }

  @Test
  void queryGalleryFromNpyWithTableAndNmi() throws Exception {
    String gallery = npy("g.npy", new float[][] {{1, 0}, {0, 1}, {0.6f, 0.8f}});
    String galleryLabels = file("gy.tsv", "5\n6\n6\n");
    String queries = npy("q.npy", new float[][] {{0.8f, 0.6f}, {0, 2}});
    String queryLabels = file("qy.csv", "6\n5\n");
    CliRun r =
        CliRun.of(
            "eval",
            "--embeddings",
            gallery,
            "--labels",
            galleryLabels,
            "--queries",
            queries,
            "--query-labels",
            queryLabels,
            "--k",
            "1,2",
            "--metrics",
            "recall,map,nmi");
    assertThat(r.exit()).as(r.err()).isZero();
    // query 0 (label 6): ranking 2 (.96), 0 (.8), 1 (.6): hit at 1; AP = (1/1 + 2/3) / 2
    // query 1 (label 5): ranking 1 (1), 2 (.8), 0 (0): first hit at 3; AP = 1/3
    assertThat(r.out())
        .contains("recall@1")
        .contains("recall@2")
        .contains("map")
        .contains("nmi")
        .contains("query/gallery")
        .doesNotContain("r_precision");
    assertThat(r.out())
        .containsPattern("recall@1\\s+0\\.5000")
        .containsPattern("recall@2\\s+0\\.5000")
        .containsPattern("map\\s+0\\.5833");
  }

  @Test
  void badInputGivesAClearErrorAndExitCode2() throws Exception {
    String e = file("e.csv", EMBEDDINGS);
    String y = file("y.csv", LABELS);
    CliRun mismatch =
        CliRun.of("eval", "--embeddings", e, "--labels", file("short.csv", "0\n0\n1\n"));
    assertThat(mismatch.exit()).isEqualTo(2);
    assertThat(mismatch.err()).contains("e.csv has 4 rows but").contains("short.csv has 3 labels");

    CliRun nan =
        CliRun.of(
            "eval", "--embeddings", file("nan.csv", "1,0\n0.6,0.8\nNaN,0.6\n0,1\n"), "--labels", y);
    assertThat(nan.exit()).isEqualTo(2);
    assertThat(nan.err()).contains("nan.csv: row 2").contains("NaN");

    CliRun zero =
        CliRun.of(
            "eval", "--embeddings", file("zero.csv", "1,0\n0,0\n0.8,0.6\n0,1\n"), "--labels", y);
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).contains("zero.csv: row 1").contains("zero vector");

    CliRun bigK = CliRun.of("eval", "--embeddings", e, "--labels", y, "--k", "1,4");
    assertThat(bigK.exit()).isEqualTo(2);
    assertThat(bigK.err()).contains("--k 4").contains("3 items");

    CliRun labels =
        CliRun.of("eval", "--embeddings", e, "--labels", file("text.csv", "0\n0\ncat\n2\n"));
    assertThat(labels.exit()).isEqualTo(2);
    assertThat(labels.err()).contains("text.csv: line 3").contains("'cat'");

    CliRun empty = CliRun.of("eval", "--embeddings", file("empty.csv", ""), "--labels", y);
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).contains("empty.csv: file is empty");

    CliRun half = CliRun.of("eval", "--embeddings", e, "--labels", y, "--queries", e);
    assertThat(half.exit()).isEqualTo(2);
    assertThat(half.err()).contains("--queries and --query-labels");

    CliRun metric = CliRun.of("eval", "--embeddings", e, "--labels", y, "--metrics", "recall,ndcg");
    assertThat(metric.exit()).isEqualTo(2);
    assertThat(metric.err().strip())
        .isEqualTo(
            "rankkit: error: unknown metric 'ndcg'; known metric ids: map, map-at-r, nmi, r-precision, recall");

    // the old spellings with _ and capitals still name the metrics, and a metric named twice is
    // computed once
    CliRun spelled =
        CliRun.of(
            "eval",
            "--embeddings",
            e,
            "--labels",
            y,
            "--k",
            "1",
            "--metrics",
            "MAP_AT_R,map-at-r,R_Precision",
            "--json");
    assertThat(spelled.exit()).as(spelled.err()).isZero();
    assertThat(spelled.out())
        .contains("\"map_at_r\"")
        .contains("\"r_precision\"")
        .doesNotContain("recall@");

    CliRun missing =
        CliRun.of("eval", "--embeddings", dir.resolve("missing.npy").toString(), "--labels", y);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("missing.npy: no such file");
  }
}
