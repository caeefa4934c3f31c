package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Glyphs;
import org.rankkit.testkit.InstalledData;

/**
 * A real Ctrl-C (SIGINT) to {@code rankkit train} in a child JVM, after its first epoch (chosen by
 * the child's own output): the child exits with 130, its last line is the whole resume command, and
 * {@code train --resume DIR} finishes the run.
 */
class TrainCtrlCTest {

  @TempDir Path root;

  @Test
  void ctrlCAfterTheFirstEpochPrintsTheResumeCommandAndResumeFinishes() throws Exception {
    List<String> faces = List.of("ipa-gothic", "ipa-mincho", "noto-sans-cjk", "noto-serif-cjk");
    List<Glyphs.Face> chosen = Glyphs.FACES.stream().filter(f -> faces.contains(f.name())).toList();
    InstalledData.require(
        "the glyphs fonts",
        chosen.stream()
            .map(f -> Path.of(DataOptions.GLYPHS_DEFAULT_DIR).resolve(f.file()))
            .toList(),
        chosen.stream().map(Glyphs.Face::debianPackage).distinct().toList());
    Path dir = root.resolve("run");
    CompareCtrlCTest.Child child =
        new CompareCtrlCTest.Child(
            root,
            "train",
            "--loss",
            "contrastive",
            "--dataset",
            "glyphs",
            "--epochs",
            "200",
            "--batch",
            "16",
            "--per-class",
            "4",
            "--out",
            dir.toString(),
            "--set",
            "glyphFonts=" + String.join(",", faces),
            "--set",
            "glyphClasses=24",
            "--set",
            "imageSize=16",
            "--set",
            "cnnWidth=16",
            "--set",
            "dim=8",
            "--set",
            "evalEvery=50",
            "--set",
            "loaderThreads=1");
    child.interruptWhen(line -> line.contains("epoch 1/200: loss"));
    child.sigintAfterWaiting();
    assertThat(child.exit()).as(child.output()).isEqualTo(130);
    assertThat(child.lines.get(child.lines.size() - 1))
        .as(child.output())
        .isEqualTo("Interrupted; checkpoint written. Continue with: rankkit train --resume " + dir);
    assertThat(dir.resolve("result.json")).doesNotExist();

    CompareCtrlCTest.Child resumed =
        new CompareCtrlCTest.Child(root, "train", "--resume", dir.toString());
    assertThat(resumed.exit()).as(resumed.output()).isZero();
    JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertThat(result.get("history")).as(resumed.output()).hasSize(200);
  }
}
