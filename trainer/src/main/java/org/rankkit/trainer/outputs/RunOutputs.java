package org.rankkit.trainer.outputs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.rankkit.data.ImageSet;
import org.rankkit.data.RetrievalSplits;
import org.rankkit.eval.io.Matrix;
import org.rankkit.trainer.TrainingResult;
import org.rankkit.trainer.run.RunEvaluation;

/**
 * Writes the outputs of a finished run: {@code result.json}, {@link InputSpec} and {@link
 * RetrievalPicture}.
 */
public final class RunOutputs {

  /** The file name of the result in the run directory. */
  public static final String RESULT = "result.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunOutputs() {}

  /**
   * Writes {@code result.json} atomically: to a temporary file beside it, then renamed over it.
   *
   * @param runDir the run directory
   * @param result the result ({@link TrainingResult#toJson()})
   * @throws IOException when writing fails
   */
  public static void writeResult(Path runDir, TrainingResult result) throws IOException {
    Path file = runDir.resolve(RESULT);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), result.toJson());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Writes {@code input.json} and {@code retrieval.png} of the trained model into the run directory
   * (embedding the evaluation split once more).
   *
   * @param runDir the run directory
   * @param trainer the trainer holding the final model
   * @param splits the run's data
   * @param batch images per forward pass
   * @throws IOException when writing fails
   */
  public static void write(Path runDir, Trainer trainer, RetrievalSplits splits, int batch)
      throws IOException {
    InputSpec.of(splits.query()).write(runDir);
    try (NDManager manager = trainer.getManager().newSubManager()) {
      Matrix q = matrix("queries", RunEvaluation.embed(trainer, splits.query(), manager, batch));
      Matrix g =
          splits.leaveOneOut()
              ? null
              : matrix("gallery", RunEvaluation.embed(trainer, splits.gallery(), manager, batch));
      RetrievalPicture.write(
          runDir.resolve(RetrievalPicture.FILE), splits.query(), splits.gallery(), q, g);
    }
  }

  /**
   * Writes {@code retrieval.png} for embeddings computed elsewhere (e.g. a baseline's pixels).
   *
   * @param runDir the run directory
   * @param query the evaluation queries
   * @param gallery the gallery, or null for leave-one-out
   * @param queryRows one row per query
   * @param galleryRows one row per gallery item, or null
   * @throws IOException when writing fails
   */
  public static void writePicture(
      Path runDir, ImageSet query, ImageSet gallery, NDArray queryRows, NDArray galleryRows)
      throws IOException {
    RetrievalPicture.write(
        runDir.resolve(RetrievalPicture.FILE),
        query,
        gallery,
        matrix("queries", queryRows),
        galleryRows == null ? null : matrix("gallery", galleryRows));
  }

  private static Matrix matrix(String name, NDArray rows) {
    return new Matrix(
        name,
        (int) rows.getShape().get(0),
        (int) rows.getShape().get(1),
        rows.toFloatArray(),
        null);
  }
}
