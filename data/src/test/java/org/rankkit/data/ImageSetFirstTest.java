package org.rankkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ImageSetFirstTest {

  /** Five one-pixel items whose label and pixel are 10 times their index. */
  private static final ImageSet FIVE =
      new ImageSet() {
        @Override
        public int size() {
          return 5;
        }

        @Override
        public long label(int index) {
          return 10L * index;
        }

        @Override
        public Shape itemShape() {
          return new Shape(1, 1, 1);
        }

        @Override
        public void loadInto(
            int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
          dest[offset] = 10f * index;
        }
      };

  @Test
  void keepsTheFirstItemsInOrder() {
    ImageSet three = FIVE.first(3);
    assertThat(three.size()).isEqualTo(3);
    assertThat(three.labels()).containsExactly(0, 10, 20);
    assertThat(three.loadFloats(new int[] {2, 0}, false, null)).containsExactly(20f, 0f);
    assertThatThrownBy(() -> three.label(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void zeroOrAtLeastTheSizeKeepsTheSetItself() {
    assertThat(FIVE.first(0)).isSameAs(FIVE);
    assertThat(FIVE.first(5)).isSameAs(FIVE);
    assertThat(FIVE.first(9)).isSameAs(FIVE);
  }
}
