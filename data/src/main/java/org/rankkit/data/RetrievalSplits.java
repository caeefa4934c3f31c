package org.rankkit.data;

import java.util.Objects;

/**
 * The splits of a retrieval dataset: a training set and an evaluation set made of queries and a
 * gallery.
 *
 * @param name the dataset's name (e.g. {@code fashion-mnist})
 * @param description one line saying where the data came from and which protocol is used
 * @param train the training split
 * @param query the evaluation queries
 * @param gallery the evaluation gallery, or {@code null} for leave-one-out retrieval on {@code
 *     query} (each query searched among all other queries)
 */
public record RetrievalSplits(
    String name, String description, ImageSet train, ImageSet query, ImageSet gallery) {

  /**
   * Validates that the name, description, training and query splits are present.
   *
   * @param name the dataset's name
   * @param description one line on the data's origin and protocol
   * @param train the training split
   * @param query the evaluation queries
   * @param gallery the evaluation gallery, or {@code null} for leave-one-out
   * @throws NullPointerException if {@code name}, {@code description}, {@code train} or {@code
   *     query} is null
   */
  public RetrievalSplits {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(query, "query");
  }

  /** {@return true when evaluation is leave-one-out on {@link #query()} (no separate gallery)} */
  public boolean leaveOneOut() {
    return gallery == null;
  }

  /**
   * Returns training and leave-one-out splits described as {@code "<source>: N training images,
   * leave-one-out retrieval on M <tested>"}.
   */
  static RetrievalSplits leaveOneOut(
      String name, String source, ImageSet train, ImageSet test, String tested) {
    return new RetrievalSplits(
        name,
        source
            + ": "
            + train.size()
            + " training images, leave-one-out retrieval on "
            + test.size()
            + " "
            + tested,
        train,
        test,
        null);
  }
}
