package org.rankkit.eval.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy files written by numpy 2.4 (src/test/resources/npy) and hand-written text files. */
class EmbeddingFilesTest {

  @TempDir Path dir;

  private static Path npy(String name) throws URISyntaxException {
    return Path.of(EmbeddingFilesTest.class.getResource("/npy/" + name).toURI());
  }

  private Path text(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  /** Checks that {@code read} throws an IllegalArgumentException whose message has every part. */
  private static void assertRefused(ThrowingCallable read, String... parts) {
    AbstractThrowableAssert<?, ?> refused =
        assertThatThrownBy(read).isInstanceOf(IllegalArgumentException.class);
    for (String part : parts) {
      refused.hasMessageContaining(part);
    }
  }

  @Test
  void readsEveryNumpyDtypeAndHeaderVersion() throws Exception {
    double[] expected = {1.5, -2.0, 0.25, 0.0, 3.0, -1.0};
    Matrix f8 = EmbeddingFiles.readMatrix(npy("f8.npy"));
    assertThat(f8.doubles()).containsExactly(expected);
    assertThat(f8.rows()).isEqualTo(2);
    assertThat(f8.cols()).isEqualTo(3);
    Matrix f4 = EmbeddingFiles.readMatrix(npy("f4.npy"));
    assertThat(f4.floats()).containsExactly(1.5f, -2.0f, 0.25f, 0.0f, 3.0f, -1.0f);
    assertThat(EmbeddingFiles.readMatrix(npy("v2.npy")).floats()).containsExactly(f4.floats());
    assertThat(EmbeddingFiles.readMatrix(npy("v3.npy")).doubles()).containsExactly(expected);
    assertThat(EmbeddingFiles.readMatrix(npy("i4.npy")).doubles())
        .containsExactly(1, -2, 3, 4, 5, -6);
    assertThat(EmbeddingFiles.readMatrix(npy("i8.npy")).doubles())
        .containsExactly(1, -2, 3, 4, 5, -6);
  }

  @Test
  void readsIntegerLabels() throws Exception {
    assertThat(EmbeddingFiles.readLabels(npy("labels-i8.npy"))).containsExactly(3, 1, 4, 1, 5);
    assertThat(EmbeddingFiles.readLabels(npy("labels-i4.npy"))).containsExactly(3, 1, 4, 1, 5);
    assertThat(EmbeddingFiles.readLabels(npy("labels-f8.npy"))).containsExactly(3, 1, 4);
    assertThat(EmbeddingFiles.readLabels(text("y.csv", "7\n-2\n\n 3 \n")))
        .containsExactly(7, -2, 3);
    assertThat(EmbeddingFiles.readLabels(text("y.tsv", "1\n2.0\n"))).containsExactly(1, 2);
  }

  @Test
  void rejectsWhatItCannotRead() throws Exception {
    assertRefused(() -> EmbeddingFiles.readMatrix(npy("fortran.npy")), "fortran.npy", "Fortran");
    assertRefused(() -> EmbeddingFiles.readMatrix(npy("big-endian.npy")), "'>f4'");
    assertRefused(() -> EmbeddingFiles.readMatrix(npy("f2.npy")), "'<f2'", "supported");
    assertRefused(() -> EmbeddingFiles.readMatrix(npy("empty.npy")), "empty.npy", "no data");
    assertRefused(
        () -> EmbeddingFiles.readMatrix(npy("zero-bytes.npy")), "zero-bytes.npy: file is empty");
    assertRefused(() -> EmbeddingFiles.readMatrix(npy("three-d.npy")), "2-D");
    assertRefused(() -> EmbeddingFiles.readMatrix(npy("labels-i8.npy")), "2-D");
    assertRefused(() -> EmbeddingFiles.readLabels(npy("f8.npy")), "1-D");
    assertRefused(
        () -> EmbeddingFiles.readLabels(npy("labels-fractional.npy")),
        "row 1",
        "1.5",
        "not an integer");
    assertRefused(
        () -> EmbeddingFiles.readLabels(text("bad.csv", "1\ncat\n")), "bad.csv: line 2", "'cat'");
    assertRefused(() -> EmbeddingFiles.readLabels(text("half.csv", "1\n2.5\n")), "line 2", "2.5");
    assertRefused(
        () -> EmbeddingFiles.readLabels(text("none.csv", "\n\n")), "none.csv: file is empty");
    assertRefused(() -> EmbeddingFiles.readMatrix(text("e.txt", "1,2\n")), ".npy, .csv");
    Path truncated = dir.resolve("truncated.npy");
    byte[] whole = Files.readAllBytes(npy("f8.npy"));
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 8));
    assertRefused(() -> EmbeddingFiles.readMatrix(truncated), "truncated");
    Path notNpy = text("plain.npy", "hello world, this is not numpy");
    assertRefused(() -> EmbeddingFiles.readMatrix(notNpy), "not an .npy file");
  }

  @Test
  void readsDelimitedText() throws Exception {
    Matrix csv = EmbeddingFiles.readMatrix(text("x.csv", "1, 2.5,-3e-1\n\n4,5,6\n"));
    assertThat(csv.rows()).isEqualTo(2);
    assertThat(csv.doubles()).containsExactly(1, 2.5, -0.3, 4, 5, 6);
    Matrix tsv = EmbeddingFiles.readMatrix(text("x.tsv", "1\t2\n3\t4\n"));
    assertThat(tsv.doubles()).containsExactly(1, 2, 3, 4);
    assertRefused(
        () -> EmbeddingFiles.readMatrix(text("ragged.csv", "1,2\n3\n")),
        "ragged.csv: line 2 has 1 values");
    assertRefused(
        () -> EmbeddingFiles.readMatrix(text("nan.csv", "1,2\n3,x\n")), "line 2, column 2", "'x'");
    assertRefused(
        () -> EmbeddingFiles.readMatrix(text("empty.csv", "")), "empty.csv: file is empty");
  }

  @Test
  void rowChecksNameFileRowAndValue() throws Exception {
    Matrix nan = EmbeddingFiles.readMatrix(text("n.csv", "1,2\nNaN,1\n"));
    assertRefused(nan::requireNormalisableRows, "n.csv: row 1", "NaN");
    Matrix zero = EmbeddingFiles.readMatrix(text("z.csv", "1,2\n0,0\n"));
    assertRefused(zero::requireNormalisableRows, "z.csv: row 1", "zero vector");
  }

  @Test
  void handWrittenVersionOneHeaderWithoutPadding() {
    // the smallest legal header: numpy pads to 64 bytes, but readers must not rely on it
    String header = "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    b.putLong(-7).putLong(42);
    NpyFile.Content c = NpyFile.parse("h.npy", b.array());
    assertThat(c.shape()).containsExactly(2);
    assertThat(c.data().getLong(0)).isEqualTo(-7);
    assertThat(c.data().getLong(8)).isEqualTo(42);
  }

  @Test
  void matrixBecomesAnNDArrayOfItsType() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray f4 = EmbeddingFiles.readMatrix(npy("f4.npy")).toNDArray(m);
      assertThat(f4.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(f4.getShape().getShape()).containsExactly(2, 3);
      NDArray f8 = EmbeddingFiles.readMatrix(npy("f8.npy")).toNDArray(m);
      assertThat(f8.getDataType()).isEqualTo(DataType.FLOAT64);
      assertThat(f8.toDoubleArray()).containsExactly(1.5, -2.0, 0.25, 0.0, 3.0, -1.0);
    }
  }
}
