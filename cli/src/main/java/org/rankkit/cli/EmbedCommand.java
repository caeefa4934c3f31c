package org.rankkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rankkit.data.BadImageException;
import org.rankkit.data.ImageDecoding;
import org.rankkit.data.ImageSet;
import org.rankkit.data.RetrievalSplits;
import org.rankkit.inference.Embedder;
import org.rankkit.inference.EmbeddingOutput;
import org.rankkit.inference.ImageList;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.run.Devices;
import org.rankkit.trainer.run.RunData;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rankkit embed}: embeddings of images with an exported model. */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description =
        "Embed images with an exported model (rankkit export): a folder, a list file, or a split of"
            + " a dataset. Writes FILE.npy (float32, N x d), FILE.ids.txt and, where labels exist,"
            + " FILE.labels.npy: the files rankkit eval and rankkit search read.")
final class EmbedCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL_DIR",
      description = "Directory written by rankkit export.")
  private Path model;

  @ArgGroup(multiplicity = "1")
  private Source source;

  static final class Source {
    @Option(
        names = "--data",
        paramLabel = "DIR",
        description =
            "Every image under DIR; ids are relative paths; first-level subfolders are the labels.")
    Path data;

    @Option(
        names = "--list",
        paramLabel = "FILE",
        description = "One image per line: PATH or PATH,LABEL.")
    Path list;

    @Option(
        names = "--dataset",
        paramLabel = "NAME",
        description =
            "A dataset as rankkit train opens it; the model's run settings, then --set, apply.")
    String dataset;
  }

  @Option(
      names = "--split",
      paramLabel = "SPLIT",
      description = "With --dataset: test (default; the evaluation queries), gallery, or train.")
  private String split = "test";

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "With --dataset: a data key (e.g. glyphClasses=24).")
  private Map<String, String> sets = new LinkedHashMap<>();

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.npy",
      description = "Embeddings file.")
  private Path out;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "Images per forward pass (default: the run's evalBatch).")
  private Integer batch;

  @Option(
      names = "--skip-bad-images",
      description =
          "Leave out images that are missing or cannot be decoded (counted), instead of stopping at the first.")
  private boolean skipBadImages;

  @Option(names = "--device", paramLabel = "DEVICE", description = "auto (default), cpu or gpu.")
  private String device = "auto";

  @Override
  public Integer call() throws Exception {
    PrintWriter console = context.out();
    if (source.dataset == null && (!sets.isEmpty() || !"test".equals(split))) {
      throw new IllegalArgumentException("--set and --split go with --dataset only");
    }
    context.registry(); // the jars of --plugins join discovery, so their datasets open too
    try (Embedder embedder =
        Embedder.load(model, Devices.resolve(device.toLowerCase(Locale.ROOT)))) {
      int perPass = batch != null ? batch : runEvalBatch(embedder);
      float[][] rows;
      List<String> ids;
      long[] labels;
      if (source.dataset != null) {
        ImageSet set = split(embedder);
        int n = set.size();
        rows = new float[n][];
        try (ProgressBar bar = bar(n)) {
          for (int start = 0; start < n; start += perPass) {
            int count = Math.min(perPass, n - start);
            int[] indices = java.util.stream.IntStream.range(start, start + count).toArray();
            float[][] chunk =
                embedder.embedInputs(set.loadFloats(indices, false, null), count, perPass);
            System.arraycopy(chunk, 0, rows, start, count);
            step(bar, count);
          }
        }
        ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ids.add(split + ":" + i);
        }
        labels = set.labels();
      } else {
        ImageList images =
            source.data != null ? ImageList.folder(source.data) : ImageList.list(source.list);
        int n = images.files().size();
        List<float[]> kept = new ArrayList<>(n);
        List<String> keptIds = new ArrayList<>(n);
        List<Long> keptLabels = new ArrayList<>(n);
        List<Path> bad = new ArrayList<>();
        int length = embedder.inputLength();
        try (ProgressBar bar = bar(n)) {
          for (int start = 0; start < n; start += perPass) {
            int count = Math.min(perPass, n - start);
            float[] inputs = new float[count * length];
            List<Integer> good = new ArrayList<>(count);
            for (int i = start; i < start + count; i++) {
              try {
                float[] x = embedder.preprocess(ImageDecoding.readRgb(images.files().get(i)));
                System.arraycopy(x, 0, inputs, good.size() * length, length);
                good.add(i);
              } catch (BadImageException e) {
                if (!skipBadImages) {
                  throw new IllegalArgumentException(
                      e.getMessage() + "; use --skip-bad-images to leave such images out", e);
                }
                bad.add(images.files().get(i));
              }
            }
            float[][] chunk =
                embedder.embedInputs(
                    java.util.Arrays.copyOf(inputs, good.size() * length), good.size(), perPass);
            for (int j = 0; j < good.size(); j++) {
              kept.add(chunk[j]);
              keptIds.add(images.ids().get(good.get(j)));
              if (images.labels() != null) {
                keptLabels.add(images.labels()[good.get(j)]);
              }
            }
            step(bar, count);
          }
        }
        if (!bad.isEmpty()) {
          console.printf(
              "skipped %d of %d images that are missing or cannot be decoded (first: %s)%n",
              bad.size(), n, bad.subList(0, Math.min(3, bad.size())));
        }
        if (kept.isEmpty()) {
          throw new IllegalArgumentException("none of the " + n + " images could be decoded");
        }
        rows = kept.toArray(float[][]::new);
        ids = keptIds;
        labels =
            images.labels() == null
                ? null
                : keptLabels.stream().mapToLong(Long::longValue).toArray();
      }
      EmbeddingOutput.write(out, rows, ids, labels);
      console.printf(
          "Embedded %d images (%d dimensions) into %s; ids in %s%s%n",
          rows.length,
          embedder.dim(),
          out,
          EmbeddingOutput.idsFile(out),
          labels == null ? "" : "; labels in " + EmbeddingOutput.labelsFile(out));
      console.flush();
    }
    return 0;
  }

  private static int runEvalBatch(Embedder embedder) {
    Object b = embedder.info().config().get("evalBatch");
    return b instanceof Number n ? n.intValue() : Embedder.DEFAULT_BATCH;
  }

  private ImageSet split(Embedder embedder) {
    Map<String, Object> values = new LinkedHashMap<>(embedder.info().config());
    if (!source.dataset.equals(values.get("dataset"))) {
      values.put("dataset", source.dataset);
      values.put("data", "");
    }
    values.putAll(sets);
    RetrievalSplits splits = RunData.open(TrainingConfig.fromMap(values));
    ImageSet set =
        switch (split.toLowerCase(Locale.ROOT)) {
          case "test", "query" -> splits.query();
          case "gallery" -> {
            if (splits.gallery() == null) {
              throw new IllegalArgumentException(
                  "--split gallery: "
                      + splits.name()
                      + " is evaluated leave-one-out on its test split; use --split test");
            }
            yield splits.gallery();
          }
          case "train" -> splits.train();
          default ->
              throw new IllegalArgumentException(
                  "--split must be test, gallery or train, got '" + split + "'");
        };
    long channels = set.itemShape().get(0);
    long size = set.itemShape().get(1);
    if (channels != embedder.info().input().channels()
        || size != embedder.info().input().imageSize()) {
      throw new IllegalArgumentException(
          "the dataset gives "
              + channels
              + "x"
              + size
              + "x"
              + size
              + " images but the model takes "
              + embedder.info().input().channels()
              + "x"
              + embedder.info().input().imageSize()
              + "x"
              + embedder.info().input().imageSize()
              + " (set imageSize)");
    }
    return set;
  }

  private static ProgressBar bar(int total) {
    if (System.console() == null) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("embed")
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" img", 1)
        .build();
  }

  private static void step(ProgressBar bar, int count) {
    if (bar != null) {
      bar.stepBy(count);
    }
  }
}
