package org.rankkit.eval.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.eval.fixtures.NpyBytes;

/** The readers refuse surplus data and Java-only number syntax, and accept a byte-order mark. */
class ReaderStrictnessTest {

  private static byte[] npy(String header, int dataBytes) {
    return NpyBytes.withHeader(header, dataBytes);
  }

  @Test
  void npyWithTrailingBytesOrAnOverflowingShapeIsRefused() {
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    assertThat(NpyFile.parse("ok.npy", npy(header, 24)).shape()).containsExactly(2, 3);
    assertThatThrownBy(() -> NpyFile.parse("extra.npy", npy(header, 28)))
        .hasMessageContaining("extra.npy: 4 bytes after the data");
    String forged =
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4), }";
    assertThatThrownBy(() -> NpyFile.parse("forged.npy", npy(forged, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("forged.npy")
        .hasMessageContaining("overflows");
    String flag = "{'descr': '<f4', 'fortran_order': False, 'shape': (True, 2), }";
    assertThatThrownBy(() -> NpyFile.parse("flag.npy", npy(flag, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole numbers");
  }

  @Test
  void csvNumbersMustBeDecimalAndABomIsAccepted(@TempDir Path dir) throws Exception {
    Path bom =
        Files.write(dir.resolve("bom.csv"), "\uFEFF1.6,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
    assertThat(EmbeddingFiles.readMatrix(bom).get(0, 0)).isEqualTo(1.6);
    Path labels =
        Files.write(dir.resolve("l.csv"), "\uFEFF7\n8.0\n".getBytes(StandardCharsets.UTF_8));
    assertThat(EmbeddingFiles.readLabels(labels)).containsExactly(7, 8);
    for (String bad : new String[] {"0x1p3", "1.5d", "2f", "1_000", "\u00a01", "1e", "--1"}) {
      Path f = Files.writeString(dir.resolve("bad.csv"), bad + ",2\n3,4\n");
      assertThatThrownBy(() -> EmbeddingFiles.readMatrix(f))
          .as(bad)
          .hasMessageContaining("is not a decimal number");
      Path l = Files.writeString(dir.resolve("bad-labels.csv"), bad + "\n");
      assertThatThrownBy(() -> EmbeddingFiles.readLabels(l))
          .as(bad)
          .hasMessageContaining("is not an integer");
    }
    Path invisible =
        Files.write(dir.resolve("mid.csv"), "1,\uFEFF2\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> EmbeddingFiles.readMatrix(invisible))
        .hasMessageContaining("'\\uFEFF2'");
    Path latin1 = Files.write(dir.resolve("latin1.csv"), new byte[] {'1', ',', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> EmbeddingFiles.readMatrix(latin1))
        .hasMessageContaining("not UTF-8 text");
    // a line of only tabs is a row of empty values, not a blank line (jqwik found "\t" accepted in
    // CI)
    Path tabs = Files.writeString(dir.resolve("tabs.tsv"), "1\t2\n\t\n\n3\t4\n");
    assertThatThrownBy(() -> EmbeddingFiles.readMatrix(tabs))
        .hasMessageContaining("line 2, column 1");
    Path blank = Files.writeString(dir.resolve("blank.tsv"), "1\t2\n  \n3\t4\n");
    assertThat(EmbeddingFiles.readMatrix(blank).rows()).isEqualTo(2);
    assertThat(DecimalText.parseDouble("-.5e+2")).isEqualTo(-50.0);
    assertThat(DecimalText.parseDouble("nan")).isNaN();
  }
}
