package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Glyphs;
import org.rankkit.testkit.InstalledData;

/**
 * A real Ctrl-C (SIGINT) to {@code rankkit compare} in a child JVM on a tiny glyphs suite (four
 * faces, 24 classes, 16-pixel images), at two moments chosen by the child's own output (so no
 * timing luck): while the second run trains (after its first epoch) and just after the second run
 * finished. The child exits with 130 and prints the resume command; {@code compare --resume DIR} in
 * a new JVM finishes the suite, and the results (metrics, per-epoch losses, configurations) equal
 * an uninterrupted suite's.
 */
class CompareCtrlCTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;
  private static Path suite;

  @BeforeAll
  static void tinySuite() throws IOException {
    List<String> faces = List.of("ipa-gothic", "ipa-mincho", "noto-sans-cjk", "noto-serif-cjk");
    List<Glyphs.Face> chosen = Glyphs.FACES.stream().filter(f -> faces.contains(f.name())).toList();
    InstalledData.require(
        "the glyphs fonts",
        chosen.stream()
            .map(f -> Path.of(DataOptions.GLYPHS_DEFAULT_DIR).resolve(f.file()))
            .toList(),
        chosen.stream().map(Glyphs.Face::debianPackage).distinct().toList());
    suite = root.resolve("suite.yaml");
    Files.writeString(
        suite,
        String.join(
            "\n",
            "name: ctrl-c",
            "settings: {dataset: glyphs, glyphFonts: ["
                + String.join(", ", faces)
                + "], glyphClasses: 24,"
                + " imageSize: 16, cnnWidth: 16, dim: 8, batch: 16, perClass: 4, epochs: 3, evalEvery: 1,"
                + " evalKs: [1, 2], loaderThreads: 1, strategy: plain}",
            "runs:",
            "  - {name: raw pixels, baseline: raw-pixels}",
            "  - {name: contrastive, loss: contrastive}",
            "  - {name: contrastive again, loss: contrastive}",
            ""));
  }

  /** A child {@code rankkit} JVM whose output lines are collected as they come. */
  static final class Child {
    final Process process;
    final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private Predicate<String> waitFor = line -> false;
    private CountDownLatch seen = new CountDownLatch(1);

    Child(String... args) throws IOException {
      this(root, args);
    }

    /** A child whose model cache lies under {@code home}. */
    Child(Path home, String... args) throws IOException {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx3g",
                  "-Xms2g",
                  "-Xmn1536m",
                  "-Dai.djl.offline=true",
                  "-Dai.djl.default_engine=PyTorch",
                  "-Dai.djl.pytorch.num_threads=1",
                  "-Drankkit.cache=" + home.resolve("cache"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "org.rankkit.cli.Main"));
      command.addAll(List.of(args));
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (this) {
                      lines.add(line);
                      if (waitFor.test(line)) {
                        seen.countDown();
                      }
                    }
                  }
                } catch (IOException e) {
                  // the process ended
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    synchronized void interruptWhen(Predicate<String> condition) {
      waitFor = condition;
      seen = new CountDownLatch(1);
      if (lines.stream().anyMatch(condition)) {
        seen.countDown();
      }
    }

    void sigintAfterWaiting() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!seen.await(200, TimeUnit.MILLISECONDS)) {
        if (!process.isAlive()) {
          exit(); // aborts on the known random-NaN defect
          fail("the child ended before the awaited line: " + output());
        }
        assertThat(System.nanoTime())
            .as("the awaited line; output so far: %s", lines)
            .isLessThan(deadline);
      }
      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
      assertThat(kill.waitFor()).isZero();
    }

    int exit() throws Exception {
      assertThat(process.waitFor(240, TimeUnit.SECONDS))
          .as("the child ends; output: %s", lines)
          .isTrue();
      reader.join(
          TimeUnit.SECONDS.toMillis(30)); // the reader drains the last lines until end of stream
      // Known, unrelated defect (issue 13 report): on some machines a tiny training run turns NaN
      // at random (more often with two PyTorch threads or a small heap). That is not what this
      // test checks, so it is reported as aborted, naming the defect, rather than failed.
      Assumptions.assumeFalse(
          output().contains("NaN or infinite"),
          "a training run turned NaN (the known random-NaN defect), not an interrupt problem: "
              + output());
      return process.exitValue();
    }

    synchronized String output() {
      return String.join("\n", lines);
    }
  }

  private static JsonNode comparable(Path dir) throws IOException {
    JsonNode results = JSON.readTree(dir.resolve("results.json").toFile());
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode run : results.get("runs")) {
      ObjectNode kept = JSON.createObjectNode();
      kept.set("key", run.get("key"));
      kept.set("config", run.get("config"));
      ObjectNode fin = run.get("final").deepCopy();
      fin.remove("seconds");
      kept.set("final", fin);
      List<JsonNode> history = new ArrayList<>();
      for (JsonNode epoch : run.get("history")) {
        ObjectNode e = epoch.deepCopy();
        e.remove("seconds");
        if (e.has("eval")) {
          ((ObjectNode) e.get("eval")).remove("seconds");
        }
        history.add(e);
      }
      kept.set("history", JSON.valueToTree(history));
      out.add(kept);
    }
    return JSON.valueToTree(out);
  }

  @Test
  void ctrlCDuringARunAndBetweenRunsThenResumeEqualsAnUninterruptedSuite() throws Exception {
    Path straight = root.resolve("straight");
    Child whole = new Child("compare", "--suite", suite.toString(), "--out", straight.toString());
    assertThat(whole.exit()).as(whole.output()).isZero();
    JsonNode expected = comparable(straight);
    assertThat(expected).hasSize(3);

    List<Predicate<String>> moments =
        List.of(
            line ->
                line.startsWith("    epoch 1:")
                    && line.contains("loss"), // first epoch of run 2 done
            line -> line.startsWith("[2/3]") && line.contains("done in")); // run 2 just finished
    int index = 0;
    for (Predicate<String> moment : moments) {
      Path dir = root.resolve("interrupted-" + index++);
      Child child = new Child("compare", "--suite", suite.toString(), "--out", dir.toString());
      child.interruptWhen(moment);
      child.sigintAfterWaiting();
      assertThat(child.exit()).as(child.output()).isEqualTo(130);
      assertThat(child.output()).contains("Continue with: rankkit compare --resume " + dir);
      JsonNode partial = JSON.readTree(dir.resolve("results.json").toFile());
      assertThat(partial.get("runs").size()).as(child.output()).isLessThan(3);

      Child resumed = new Child("compare", "--resume", dir.toString());
      assertThat(resumed.exit()).as(resumed.output()).isZero();
      assertThat(comparable(dir)).as(resumed.output()).isEqualTo(expected);
      if (index == 1) {
        assertThat(resumed.output()).contains("continuing from its checkpoint");
      }
    }
  }
}
