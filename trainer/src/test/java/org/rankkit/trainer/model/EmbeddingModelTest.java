package org.rankkit.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.junit.jupiter.api.Test;

class EmbeddingModelTest {

  @Test
  void smallCnnEmbeddingsHaveUnitRowsAndTheRequestedSize() {
    EmbeddingModel net =
        EmbeddingModel.builder()
            .backbone(SmallResidualCnn.builder().width(8).build())
            .dim(16)
            .build();
    try (Model model = Model.newInstance("t");
        NDManager manager = NDManager.newBaseManager()) {
      model.setBlock(net.block());
      net.block().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
      net.block().initialize(manager, DataType.FLOAT32, new Shape(5, 1, 28, 28));
      NDArray x = manager.randomUniform(0, 1, new Shape(5, 1, 28, 28));
      NDArray e =
          net.block().forward(new ParameterStore(manager, false), new NDList(x), false).head();
      assertThat(e.getShape()).isEqualTo(new Shape(5, 16));
      float[] norms = e.norm(new int[] {1}).toFloatArray();
      for (float n : norms) {
        assertThat(n).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
      }
      assertThat(net.headParameters()).hasSize(2); // linear weight and bias
      assertThat(net.block().getParameters().size()).isGreaterThan(10);
    }
  }

  @Test
  void layerNormGivesTheSameOutputInTrainingAndInferenceMode() {
    EmbeddingModel net =
        EmbeddingModel.builder()
            .backbone(SmallResidualCnn.builder().width(4).norm("layer").build())
            .dim(8)
            .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      net.block().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
      net.block().initialize(manager, DataType.FLOAT32, new Shape(3, 1, 28, 28));
      NDArray x = manager.randomUniform(0, 1, new Shape(3, 1, 28, 28));
      ParameterStore ps = new ParameterStore(manager, false);
      float[] inference = net.block().forward(ps, new NDList(x), false).head().toFloatArray();
      float[] training = net.block().forward(ps, new NDList(x), true).head().toFloatArray();
      assertThat(training).containsExactly(inference, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void builderRejectsInvalidValues() {
    assertThatThrownBy(() -> SmallResidualCnn.builder().width(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width");
    assertThatThrownBy(() -> EmbeddingModel.builder().dim(0)).hasMessageContaining("dim must be");
    assertThatThrownBy(() -> EmbeddingModel.builder().build()).hasMessageContaining("backbone");
    assertThatThrownBy(() -> SmallResidualCnn.builder().norm("group"))
        .hasMessageContaining("norm must be");
  }
}
