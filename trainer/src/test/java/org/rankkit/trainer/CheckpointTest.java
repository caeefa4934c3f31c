package org.rankkit.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  @Test
  void roundTrip(@TempDir Path dir) throws IOException {
    Path file = dir.resolve(Checkpoint.LAST);
    Checkpoint.write(
        file, Map.of("epoch", 2), out -> out.writeInt(42), out -> out.writeUTF("adam"));
    Checkpoint c = Checkpoint.read(file);
    assertThat(c.state()).containsEntry("epoch", 2);
    assertThat(c.modelParams()).containsExactly(0, 0, 0, 42);
    assertThat(c.optimizerState()).hasSize(6);
    assertThat(Files.exists(dir.resolve(Checkpoint.LAST + ".tmp"))).isFalse();
  }

  @Test
  void aFailedWriteLeavesThePreviousCheckpointIntact(@TempDir Path dir) throws IOException {
    Path file = dir.resolve(Checkpoint.LAST);
    Checkpoint.write(file, Map.of("epoch", 1), out -> out.writeInt(1), out -> out.writeInt(1));
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(
            () ->
                Checkpoint.write(
                    file,
                    Map.of("epoch", 2),
                    out -> {
                      out.write(new byte[100_000]);
                      throw new IOException("disk full (simulated)");
                    },
                    out -> out.writeInt(2)))
        .hasMessageContaining("disk full");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(Checkpoint.read(file).state()).containsEntry("epoch", 1);
    // the next successful write replaces the stale temporary file
    Checkpoint.write(file, Map.of("epoch", 3), out -> out.writeInt(3), out -> out.writeInt(3));
    assertThat(Checkpoint.read(file).state()).containsEntry("epoch", 3);
    assertThat(Files.exists(dir.resolve(Checkpoint.LAST + ".tmp"))).isFalse();
  }

  @Test
  void anIncompleteArchiveIsRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.ckpt");
    Files.write(file, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Checkpoint.read(file))
        .hasMessageContaining("not a complete RankKit checkpoint");
    assertThatThrownBy(() -> Checkpoint.read(dir.resolve("missing.ckpt")))
        .hasMessageContaining("no checkpoint");
  }
}
