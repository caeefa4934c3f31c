package org.rankkit.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void warmUpThenCosineReachesZeroAtTheLastStep() {
    // 4 epochs of 10 steps, 1 warm-up epoch
    LearningRateSchedule s = new LearningRateSchedule("cosine", 1f, 4, 10, 1, List.of(), 0.1f);
    assertThat(s.getNewValue(1)).isCloseTo(0.1f, offset(1e-6f));
    assertThat(s.getNewValue(10)).isCloseTo(1f, offset(1e-6f));
    assertThat(s.getNewValue(25)).isCloseTo(0.5f, offset(1e-6f)); // half-way through 30 steps
    assertThat(s.getNewValue(40)).isCloseTo(0f, offset(1e-6f));
  }

  @Test
  void multistepDecaysAfterEachMilestone() {
    LearningRateSchedule s =
        new LearningRateSchedule("multistep", 1f, 3, 5, 0, List.of(1, 2), 0.1f);
    assertThat(s.getNewValue(5)).isEqualTo(1f);
    assertThat(s.getNewValue(6)).isCloseTo(0.1f, offset(1e-7f));
    assertThat(s.getNewValue(11)).isCloseTo(0.01f, offset(1e-7f));
    assertThat(new LearningRateSchedule("none", 0.5f, 3, 5, 0, List.of(), 0.1f).getNewValue(14))
        .isEqualTo(0.5f);
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> new LearningRateSchedule("step", 1f, 3, 5, 0, List.of(), 0.1f))
        .hasMessageContaining("none, multistep, cosine");
    assertThatThrownBy(() -> new LearningRateSchedule("cosine", 1f, 3, 5, 3, List.of(), 0.1f))
        .hasMessageContaining("warmupEpochs");
  }
}
