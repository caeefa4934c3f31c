package org.rankkit.data;

/** Opens a dataset by name: the single entry point of this module. */
public final class Datasets {

  private Datasets() {}

  /**
   * Opens the dataset described by {@code options}. Reads the list or IDX files now; photo
   * datasets decode their images lazily, when an {@link ImageSet} loads them.
   *
   * @param options which dataset, where, and how (validated)
   * @return the training split and the evaluation query (and optional gallery) splits
   * @throws DataException if the data is missing or malformed (the message says how to fix it)
   */
  public static RetrievalSplits open(DataOptions options) {
    return switch (options.dataset()) {
      case "fashion-mnist" -> FashionMnist.open(options);
      case "glyphs" -> Glyphs.open(options);
      case "sop" -> StanfordOnlineProducts.open(options);
      case "cub" -> Cub200.open(options);
      case "inat" -> INaturalist.open(options);
      case "vehicleid" -> VehicleId.open(options);
      case "folder" -> ImageFolder.open(options);
      case "csv" -> CsvList.open(options);
      default -> throw new DataException(
          "Unknown dataset '" + options.dataset() + "'; known datasets: "
              + String.join(", ", DataOptions.DATASETS));
    };
  }
}
