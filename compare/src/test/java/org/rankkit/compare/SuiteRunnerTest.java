package org.rankkit.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteRunnerTest {

  /** Deterministic fake: recall@1 depends on the loss name, the seed and the batch setting. */
  static final class FakeExecutor implements RunExecutor {
    final List<String> executed = new ArrayList<>();
    String failOn;

    @Override
    public RunOutcome execute(PlannedRun run, Path dir) {
      if (run.run().name().equals(failOn)) {
        throw new IllegalStateException("simulated crash in " + failOn);
      }
      executed.add(run.key());
      double base = run.run().trains() ? 0.8 + 0.01 * run.run().name().length() % 7 : 0.7;
      double r1 =
          base
              + 0.001 * run.seed()
              + Double.parseDouble(run.settings().getOrDefault("batch", "0")) / 1e5;
      return new RunOutcome(
          Map.of("loss", run.settings().getOrDefault("loss", "none"), "seed", run.seed()),
          Evaluations.of(100, 0.1, "recall@1", r1, "recall@2", r1 + 0.05, "map_at_r", r1 / 2),
          run.run().trains()
              ? List.of(Evaluations.epoch(1, 0.5, r1 - 0.1), Evaluations.epoch(2, 0.4, r1))
              : List.of(),
          run.run().trains() ? 12.0 : 0.0,
          1L << 20);
    }
  }

  @Test
  void defaultSuiteHasFiveTrainingRunsAndTheFloor() {
    Suite s = Suite.defaultSuite();
    assertThat(s.runs())
        .extracting(SuiteRun::name)
        .containsExactly(
            "raw pixels",
            "contrastive",
            "fast-ap",
            "smooth-ap",
            "recall-at-k",
            "recall-at-k + simix");
    assertThat(s.settings())
        .containsEntry("strategy", "memory-bounded")
        .containsEntry("dataset", "glyphs");
    assertThat(s.settings()).containsEntry("perClass", "4");
  }

  @Test
  void planSharesSettingsAndDiffersOnlyInLossAugmentStrategy() {
    List<PlannedRun> plan =
        SuitePlan.expand(Suite.defaultSuite(), true, Map.of("batch", "128"), 2, null);
    assertThat(plan).hasSize(12);
    for (PlannedRun p : plan) {
      assertThat(p.settings()).containsEntry("epochs", "1").containsEntry("batch", "128");
    }
    PlannedRun simix =
        plan.stream()
            .filter(p -> p.run().name().equals("recall-at-k + simix"))
            .findFirst()
            .orElseThrow();
    assertThat(simix.settings())
        .containsEntry("loss", "recall-at-k")
        .containsEntry("augment", "simix");
    assertThat(plan).extracting(PlannedRun::seed).containsOnly(0L, 1L);
  }

  @Test
  void runsWriteResultsReportChartsAndResumeSkipsFinished(@TempDir Path dir) throws Exception {
    Suite suite = Suite.defaultSuite();
    SuitePlan.Sweep sweep = SuitePlan.Sweep.parse("batch=64,256");
    List<PlannedRun> plan = SuitePlan.expand(suite, true, Map.of(), 2, sweep);
    FakeExecutor fake = new FakeExecutor();
    fake.failOn = "smooth-ap";
    StringWriter log = new StringWriter();
    SuiteRunner runner = new SuiteRunner(fake, new PrintWriter(log));
    Map<String, Object> info =
        Map.of("name", suite.name(), "settings", suite.settings(), "seeds", 2);
    assertThatThrownBy(() -> runner.run(info, plan, dir, false))
        .hasMessageContaining("simulated crash");
    int before = fake.executed.size();
    assertThat(before).isEqualTo(6); // raw pixels, contrastive and fast-ap, two seeds each
    JsonNode partial = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertThat(partial.get("runs")).hasSize(6);

    assertThatThrownBy(() -> runner.run(info, plan, dir, false)).hasMessageContaining("--resume");
    fake.failOn = null;
    fake.executed.clear();
    List<RunRecord> all = runner.run(info, plan, dir, true);
    assertThat(all).hasSize(plan.size());
    assertThat(fake.executed).hasSize(plan.size() - 6);
    assertThat(log.toString()).contains("already finished, skipped");

    JsonNode root = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertThat(root.get("suite").get("name").asText()).isEqualTo("glyphs-default");
    JsonNode run = root.get("runs").get(1);
    for (String key :
        List.of("name", "config", "final", "history", "trainSeconds", "peakMemoryBytes")) {
      assertThat(run.has(key)).as(key).isTrue();
    }
    JsonNode summary = root.get("summary").get(1);
    assertThat(summary.get("seeds").asInt()).isEqualTo(2);
    assertThat(summary.get("std").get("recall@1").asDouble()).isGreaterThan(0);
    String report = Files.readString(dir.resolve("report.md"));
    assertThat(report)
        .contains("| # | run |")
        .contains("recall@1")
        .contains("±")
        .contains("sweep-batch.png");
    for (String png :
        List.of(
            "recall-at-k.png", "training-loss.png", "recall1-over-epochs.png", "sweep-batch.png")) {
      byte[] bytes = Files.readAllBytes(dir.resolve(png));
      assertThat(bytes.length).as(png).isGreaterThan(1000);
      assertThat(bytes[1]).isEqualTo((byte) 'P');
    }
  }

  @Test
  void invalidSuitesAreRejectedWithTheReason(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, "runs:\n  - {name: a, loss: recall-at-k, set: {epochs: 3}}\n");
    assertThatThrownBy(() -> Suite.read(f)).hasMessageContaining("may only set plugin parameters");
    Files.writeString(f, "runs:\n  - {name: a}\n");
    assertThatThrownBy(() -> Suite.read(f)).hasMessageContaining("needs a 'loss'");
    Files.writeString(f, "settings: {loss: x}\nruns:\n  - {name: a, loss: b}\n");
    assertThatThrownBy(() -> Suite.read(f)).hasMessageContaining("chosen per run");
    Files.writeString(f, "runs:\n  - {name: a, loss: b}\n  - {name: a, loss: c}\n");
    assertThatThrownBy(() -> Suite.read(f)).hasMessageContaining("appears twice");
    Files.writeString(f, "runz: []\n");
    assertThatThrownBy(() -> Suite.read(f)).hasMessageContaining("unknown key 'runz'");
    assertThatThrownBy(() -> SuitePlan.Sweep.parse("batch")).hasMessageContaining("key=v1,v2");
  }
}
