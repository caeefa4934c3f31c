/**
 * Datasets for deep metric learning: formats, image decoding, augmentation and background loading.
 *
 * <p>Entry point: {@link org.rankkit.data.Datasets#open(DataOptions)} turns validated {@link
 * org.rankkit.data.DataOptions} (dataset id, directory, protocol, image size, ...) into {@link
 * org.rankkit.data.RetrievalSplits}: a training {@link org.rankkit.data.ImageSet} and an evaluation
 * query set with an optional gallery (none = leave-one-out). An {@code ImageSet} decodes items to
 * normalised float (C, H, W) arrays — the training augmentation or the evaluation transform — and
 * builds (B, C, H, W) NDArray batches. {@link org.rankkit.data.ImageSet#loadFloats} needs no
 * engine, so the trainer decodes upcoming batches on its own threads, with per-batch seeded
 * generators.
 *
 * <p>A dataset is a plugin of the kind {@link org.rankkit.data.Dataset#KIND dataset}, found by id
 * in the plugin registry: {@link org.rankkit.data.DatasetsPlugin} contributes the built-in ones
 * ({@code fashion-mnist}, {@code glyphs}, {@code sop}, {@code cub}, {@code inat}, {@code
 * vehicleid}, {@code folder}, {@code csv}), and a plugin jar adds others without any change here.
 *
 * <p>Fashion-MNIST is read from its IDX files ({@link org.rankkit.data.FashionMnist}); the photo
 * datasets are read with javax.imageio ({@link org.rankkit.data.ImageDecoding}) and transformed by
 * {@link org.rankkit.data.ImageTransform}.
 */
package org.rankkit.data;
