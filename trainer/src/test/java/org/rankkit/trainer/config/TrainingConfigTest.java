package org.rankkit.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingConfigTest {

  @Test
  void defaultsMatchTheKeyTable() {
    TrainingConfig c = TrainingConfig.defaults();
    assertThat(c.dim()).isEqualTo(128);
    assertThat(c.imageSize()).isZero();
    assertThat(c.optimizer()).isEqualTo("adam");
    assertThat(c.backbone()).isEqualTo("small-cnn");
    Map<String, Object> map = c.toMap();
    for (ConfigKey key : TrainingConfig.KEYS) {
      assertThat(map)
          .containsEntry(
              key.name(),
              key.defaultValue() instanceof Integer i && key.name().equals("seed")
                  ? (long) i
                  : key.defaultValue());
    }
    assertThat(TrainingConfig.describeKeys())
        .contains("headLrMultiplier")
        .contains("(default: 128)");
  }

  @Test
  void stringsFromTheCommandLineAreParsed() {
    TrainingConfig c =
        TrainingConfig.fromMap(
            Map.of(
                "lr",
                "0.01",
                "milestones",
                "1,2",
                "epochs",
                "3",
                "schedule",
                "multistep",
                "augment",
                "simix",
                "loss.tauSim",
                "0.05",
                "augment.simix.maxPairs",
                "7",
                "strategy.chunk",
                "32",
                "evalAtStart",
                "true"));
    assertThat(c.lr()).isEqualTo(0.01);
    assertThat(c.milestones()).containsExactly(1, 2);
    assertThat(c.augment()).containsExactly("simix");
    assertThat(c.lossParams()).containsEntry("tauSim", "0.05");
    assertThat(c.augmentParams().get("simix")).containsEntry("maxPairs", "7");
    assertThat(c.strategyParams()).containsEntry("chunk", "32");
    assertThat(TrainingConfig.fromMap(c.toMap())).isEqualTo(c);
  }

  @Test
  void unknownKeysAreRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("learningRate", "0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown configuration key 'learningRate'")
        .hasMessageContaining("lr")
        .hasMessageContaining("weightDecay");
  }

  @Test
  void invalidValuesAreRejectedNamingTheKey() {
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("dim", "abc")))
        .hasMessageContaining("dim: expected an integer");
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("dim", 0)))
        .hasMessageContaining("dim must be in [1, 65536]");
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("optimizer", "sgd")))
        .hasMessageContaining("optimizer must be one of adam, adamw");
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("schedule", "multistep")))
        .hasMessageContaining("needs milestones");
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("epochs", 3, "milestones", List.of(3))))
        .hasMessageContaining("milestones");
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("lr", "-1")))
        .hasMessageContaining("lr must be a positive number");
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("device", "tpu")))
        .hasMessageContaining("device must be one of auto, cpu, gpu");
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("bestMetric", "recall@16")))
        .hasMessageContaining("evalKs");
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("augment.simix.x", 1)))
        .hasMessageContaining("not in augment");
    assertThatThrownBy(() -> TrainingConfig.fromMap(Map.of("loss", "Recall At K")))
        .hasMessageContaining("kebab-case");
  }

  @Test
  void yamlAndJsonFilesGiveTheSameConfiguration(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("c.yaml");
    Files.writeString(
        yaml,
        "loss: smooth-ap\nlr: 0.0005\naugment: [simix]\nmilestones: [1]\nschedule: multistep\n"
            + "loss.tau: 0.02\nstrategy:\n  chunk: 16\n");
    Path json = dir.resolve("c.json");
    Files.writeString(
        json,
        "{\"loss\":\"smooth-ap\",\"lr\":0.0005,\"augment\":[\"simix\"],\"milestones\":[1],"
            + "\"schedule\":\"multistep\",\"loss.tau\":0.02,\"strategy\":{\"chunk\":16}}");
    TrainingConfig a = TrainingConfig.fromMap(ConfigFiles.read(yaml));
    TrainingConfig b = TrainingConfig.fromMap(ConfigFiles.read(json));
    assertThat(a).isEqualTo(b);
    assertThat(a.loss()).isEqualTo("smooth-ap");
    assertThat(a.strategyParams()).containsEntry("chunk", 16);
    Files.writeString(json, "[1, 2]");
    assertThatThrownBy(() -> ConfigFiles.read(json)).hasMessageContaining("one object");
    Files.writeString(yaml, "lr: [unclosed");
    assertThatThrownBy(() -> ConfigFiles.read(yaml)).hasMessageContaining("not valid YAML");
  }
}
