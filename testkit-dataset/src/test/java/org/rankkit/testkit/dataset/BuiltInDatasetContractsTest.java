package org.rankkit.testkit.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.rankkit.api.RankKit;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Dataset;

/** The dataset contract for every built-in dataset that reads files a user provides. */
class BuiltInDatasetContractsTest {

  /** A built-in dataset, found by id in the registry, on its fixture at 16 pixels. */
  abstract static class BuiltIn extends DatasetContract {
    private final String id;

    BuiltIn(String id) {
      this.id = id;
    }

    @Override
    protected Dataset dataset() {
      return RankKit.registry().create(Dataset.KIND, id, Map.of());
    }

    @Override
    protected DataOptions fixture(Path root) throws IOException {
      DataOptions options = DataOptions.of(id, DatasetFixtures.write(id, root)).withImageSize(16);
      return id.equals("folder") ? options.withSplitClasses(true) : options;
    }
  }

  @Nested
  class Folder extends BuiltIn {
    Folder() {
      super("folder");
    }
  }

  @Nested
  class Csv extends BuiltIn {
    Csv() {
      super("csv");
    }
  }

  @Nested
  class StanfordOnlineProducts extends BuiltIn {
    StanfordOnlineProducts() {
      super("sop");
    }
  }

  @Nested
  class Cub extends BuiltIn {
    Cub() {
      super("cub");
    }
  }

  @Nested
  class INaturalist extends BuiltIn {
    INaturalist() {
      super("inat");
    }
  }

  @Nested
  class VehicleId extends BuiltIn {
    VehicleId() {
      super("vehicleid");
    }
  }
}
