package org.rankkit.api.step;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/** The one place that touches DJL's private state fails here when a DJL upgrade changes it. */
class ParameterGradientsTest {

  @Test
  void djlStillHasTheGradientCheckFlagThatTheDriverSets() throws Exception {
    Field field = Trainer.class.getDeclaredField("gradientsChecked");
    assertThat(field.getType()).isEqualTo(boolean.class);
    try (Model model = Model.newInstance("flag")) {
      model.setBlock(Linear.builder().setUnits(2).build());
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
        trainer.initialize(new Shape(1, 3));
        field.setAccessible(true);
        assertThat(field.getBoolean(trainer)).isFalse();
        assertThat(ParameterGradients.markUpdateChecked(trainer)).isTrue();
        assertThat(field.getBoolean(trainer)).isTrue();
      }
    }
  }

  @Test
  void zeroAndAllZeroSeeEveryTrainableParameter() {
    try (Model model = Model.newInstance("zero")) {
      model.setBlock(Linear.builder().setUnits(2).build());
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
        trainer.initialize(new Shape(1, 3));
        try (var collector = trainer.newGradientCollector()) {
          var x = trainer.getManager().ones(new Shape(1, 3));
          collector.backward(trainer.forward(new ai.djl.ndarray.NDList(x)).head().sum());
        }
        assertThat(ParameterGradients.allZero(model.getBlock())).isFalse();
        ParameterGradients.zero(model.getBlock());
        assertThat(ParameterGradients.allZero(model.getBlock())).isTrue();
        assertThat(ParameterGradients.updateUnlessAllZero(trainer, trainer::step)).isFalse();
      }
    }
  }
}
