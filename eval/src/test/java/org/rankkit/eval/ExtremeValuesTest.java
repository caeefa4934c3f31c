package org.rankkit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finite rows whose norm overflows or underflows are evaluated, not called NaN or zero. */
class ExtremeValuesTest {

  @Test
  void hugeAndTinyFiniteRowsAreNormalisedLikeTheirScaledCopies() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] plain = {1, 0, 0.9f, 0.1f, 0, 1, 0.1f, 0.9f};
      long[] labels = {0, 0, 1, 1};
      EvalConfig config = EvalConfig.defaults().withKs(List.of(1));
      EvaluationResult expected =
          new RetrievalEvaluator()
              .leaveOneOut(manager.create(plain, new Shape(4, 2)), labels, config);
      for (float scale : new float[] {3e37f, 1e-42f}) {
        float[] scaled = plain.clone();
        for (int i = 0; i < scaled.length; i++) {
          scaled[i] *= scale;
        }
        EvaluationResult r =
            new RetrievalEvaluator()
                .leaveOneOut(manager.create(scaled, new Shape(4, 2)), labels, config);
        assertThat(r.metrics()).as("scale %s", scale).isEqualTo(expected.metrics());
      }
      float[] nan = plain.clone();
      nan[3] = Float.NaN;
      assertThatThrownBy(
              () ->
                  new RetrievalEvaluator()
                      .leaveOneOut(manager.create(nan, new Shape(4, 2)), labels, config))
          .hasMessageContaining("row 1 has a NaN or infinite value");
      float[] zero = plain.clone();
      zero[2] = 0;
      zero[3] = 0;
      assertThatThrownBy(
              () ->
                  new RetrievalEvaluator()
                      .leaveOneOut(manager.create(zero, new Shape(4, 2)), labels, config))
          .hasMessageContaining("row 1 is a zero vector");
    }
  }

  @Test
  void excludingLoneQueriesGivesRecallOverValidQueries() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] x = {1, 0, 0.9f, 0.1f, 0, 1};
      EvaluationResult r =
          new RetrievalEvaluator()
              .leaveOneOut(
                  manager.create(x, new Shape(3, 2)),
                  new long[] {0, 0, 1},
                  EvalConfig.defaults().withKs(List.of(1)));
      assertThat(r.validQueries()).isEqualTo(2);
      assertThat(r.recallAt(1)).isEqualTo(2.0 / 3);
      assertThat(r.excludingLoneQueries().recallAt(1)).isEqualTo(1.0);
      assertThat(r.toJson())
          .containsEntry("validQueries", 2)
          .containsEntry("queriesWithoutPositive", 1);
    }
  }
}
