package org.rankkit.data;

import org.rankkit.api.plugin.NoParameters;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;

/**
 * Contributes the built-in datasets: {@code fashion-mnist}, {@code glyphs}, {@code sop}, {@code
 * cub}, {@code inat}, {@code vehicleid}, {@code folder} and {@code csv}.
 */
public final class DatasetsPlugin extends PluginModule {

  /** Creates the plugin module (used by {@link java.util.ServiceLoader}). */
  public DatasetsPlugin() {
    super("datasets");
  }

  @Override
  protected void configure() {
    dataset(
        FashionMnist.ID, "Fashion-MNIST IDX files; closed or open protocol", new FashionMnist());
    dataset(
        Glyphs.ID, "Han characters rendered from the CJK fonts of Debian packages", new Glyphs());
    dataset(
        StanfordOnlineProducts.ID,
        "Stanford Online Products (Ebay_train.txt, Ebay_test.txt)",
        new StanfordOnlineProducts());
    dataset(Cub200.ID, "CUB-200-2011, classes 1-100 train, 101-200 evaluate", new Cub200());
    dataset(INaturalist.ID, "iNaturalist 2018 with the Smooth-AP split lists", new INaturalist());
    dataset(
        VehicleId.ID,
        "PKU VehicleID (train_test_split/), test list vehicleIdTestSize",
        new VehicleId());
    dataset(ImageFolder.ID, "one sub-folder per class, or train/ and test/", new ImageFolder());
    dataset(CsvList.ID, "a CSV list of path,label,split", new CsvList());
  }

  private void dataset(String id, String description, Dataset dataset) {
    PluginBindings.add(binder(), Dataset.KIND, id, description, NoParameters.NONE, none -> dataset);
  }
}
