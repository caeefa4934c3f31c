package org.rankkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataOptionsTest {

  @Test
  void defaultsAreFashionMnistClosedNative() {
    DataOptions options = DataOptions.defaults();
    assertThat(options.dataset()).isEqualTo("fashion-mnist");
    assertThat(options.protocol()).isEqualTo("closed");
    assertThat(options.imageSize()).isZero();
    assertThat(options.dataDir()).isNull();
  }

  @Test
  void rejectsInvalidValues() {
    DataOptions d = DataOptions.defaults();
    assertThatThrownBy(() -> d.withProtocol("half")).hasMessageContaining("closed, open");
    assertThatThrownBy(() -> d.withImageSize(3)).hasMessageContaining("between 8 and 2048");
    assertThatThrownBy(() -> d.withMaxItemsPerSplit(-1)).hasMessageContaining("maxItemsPerSplit");
    assertThatThrownBy(() -> d.withSplitClasses(true))
        .hasMessageContaining("only to dataset 'folder'");
    assertThatThrownBy(() -> d.withVehicleIdTestSize(900))
        .hasMessageContaining("800, 1600 or 2400");
    assertThatThrownBy(() -> d.withDataset(" ")).hasMessageContaining("must name a dataset");
  }

  @Test
  void namesAreCaseInsensitive() {
    assertThat(DataOptions.of("SOP", Path.of("x")).dataset()).isEqualTo("sop");
  }
}
