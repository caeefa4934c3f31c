package org.rankkit.trainer.run;

import java.nio.file.Path;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Datasets;
import org.rankkit.data.RetrievalSplits;
import org.rankkit.trainer.config.TrainingConfig;

/**
 * The data of a run: the configured dataset, cut to {@code maxTrainItems} and {@code maxEvalItems}.
 */
public final class RunData {

  private RunData() {}

  /**
   * Opens the configured dataset and applies {@code maxTrainItems} / {@code maxEvalItems}.
   *
   * @param config the configuration
   * @return the splits
   */
  public static RetrievalSplits open(TrainingConfig config) {
    // one construction with every field: validating a partial copy (dataset set, directory not
    // yet) would reject every dataset that has no default location
    DataOptions options =
        new DataOptions(
            config.dataset(),
            config.data().isEmpty() ? null : Path.of(config.data()),
            config.protocol(),
            config.imageSize(),
            config.splitClasses(),
            config.skipBadImages(),
            0,
            config.vehicleIdTestSize(),
            config.glyphFonts(),
            config.glyphClasses(),
            config.glyphEvalItemsPerClass());
    RetrievalSplits splits = Datasets.open(options);
    return new RetrievalSplits(
        splits.name(),
        splits.description(),
        splits.train().first(config.maxTrainItems()),
        splits.query().first(config.maxEvalItems()),
        splits.gallery() == null ? null : splits.gallery().first(config.maxEvalItems()));
  }
}
