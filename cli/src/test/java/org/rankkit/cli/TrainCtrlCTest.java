package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.trainer.tiny.TinyGlyphs;

/**
 * A real Ctrl-C (SIGINT) to {@code rankkit train} in a child JVM, after its first epoch (chosen by
 * the child's own output): the child exits with 130, its last line is the whole resume command, and
 * {@code train --resume DIR} finishes the run.
 */
class TrainCtrlCTest {

  @TempDir Path root;

  @Test
  void ctrlCAfterTheFirstEpochPrintsTheResumeCommandAndResumeFinishes() throws Exception {
    TinyGlyphs.requireFonts();
    Path dir = root.resolve("run");
    LauncherProcess child =
        new LauncherProcess(
            root,
            SettingArguments.command(
                "train",
                TinyGlyphs.settings(
                    Map.of(
                        "loss", "contrastive",
                        "epochs", 200,
                        "batch", 16,
                        "perClass", 4,
                        "dim", 8,
                        "evalEvery", 50)),
                "--out",
                dir.toString()));
    child.interruptWhen(line -> line.contains("epoch 1/200: loss"));
    child.sigintAfterWaiting();
    assertThat(child.exit()).as(child.output()).isEqualTo(130);
    assertThat(child.lines.get(child.lines.size() - 1))
        .as(child.output())
        .isEqualTo("Interrupted; checkpoint written. Continue with: rankkit train --resume " + dir);
    assertThat(dir.resolve("result.json")).doesNotExist();

    LauncherProcess resumed = new LauncherProcess(root, "train", "--resume", dir.toString());
    assertThat(resumed.exit()).as(resumed.output()).isZero();
    JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertThat(result.get("history")).as(resumed.output()).hasSize(200);
  }
}
