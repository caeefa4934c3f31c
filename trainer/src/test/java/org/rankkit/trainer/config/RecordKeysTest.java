package org.rankkit.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rankkit.trainer.config.ConfigKey.Type;

class RecordKeysTest {

  /** A configuration with one key of each type and one component that is not a key. */
  record Sample(
      @Key(defaultValue = "3", description = "an int") int count,
      @Key(defaultValue = "7", description = "a long held as an int key") long seed,
      @Key(defaultValue = "0.5", description = "a double") double rate,
      @Key(defaultValue = "true", description = "a boolean") boolean flag,
      @Key(defaultValue = "x", description = "a string") String name,
      @Key(defaultValue = "1,2", description = "ints") List<Integer> ks,
      @Key(defaultValue = "", description = "strings") List<String> ids,
      Map<String, Object> extra) {

    Sample {
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0, got " + count);
      }
    }
  }

  record Unsupported(@Key(defaultValue = "1", description = "a float") float value) {}

  private static final RecordKeys<Sample> KEYS = RecordKeys.of(Sample.class);

  @Test
  void keysFollowTheDeclarationWithTypesFromTheJavaTypes() {
    assertThat(KEYS.keys())
        .containsExactly(
            new ConfigKey("count", Type.INT, 3, "an int"),
            new ConfigKey("seed", Type.INT, 7, "a long held as an int key"),
            new ConfigKey("rate", Type.DOUBLE, 0.5, "a double"),
            new ConfigKey("flag", Type.BOOLEAN, true, "a boolean"),
            new ConfigKey("name", Type.STRING, "x", "a string"),
            new ConfigKey("ks", Type.INT_LIST, List.of(1, 2), "ints"),
            new ConfigKey("ids", Type.STRING_LIST, List.of(), "strings"));
    assertThat(KEYS.key("extra")).isNull();
    assertThat(KEYS.key("rate").type()).isEqualTo(Type.DOUBLE);
  }

  @Test
  void absentKeysTakeTheirDefaultsAndValuesReadBack() {
    Sample defaults = KEYS.create(Map.of(), Map.of("a", 1));
    assertThat(defaults)
        .isEqualTo(new Sample(3, 7L, 0.5, true, "x", List.of(1, 2), List.of(), Map.of("a", 1)));
    Sample given = KEYS.create(Map.of("count", 5, "seed", 9, "ids", List.of("p")), Map.of());
    assertThat(given)
        .isEqualTo(new Sample(5, 9L, 0.5, true, "x", List.of(1, 2), List.of("p"), Map.of()));
    assertThat(KEYS.values(given))
        .containsExactly(
            Map.entry("count", 5),
            Map.entry("seed", 9L),
            Map.entry("rate", 0.5),
            Map.entry("flag", true),
            Map.entry("name", "x"),
            Map.entry("ks", List.of(1, 2)),
            Map.entry("ids", List.of("p")));
  }

  @Test
  void theRecordValidatesAndMistakesInTheDeclarationAreNamed() {
    assertThatThrownBy(() -> KEYS.create(Map.of("count", -1), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be >= 0, got -1");
    assertThatThrownBy(() -> KEYS.create(Map.of()))
        .hasMessageContaining("1 components without @Key, got 0");
    assertThatThrownBy(() -> RecordKeys.of(Unsupported.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("value has type float");
  }
}
