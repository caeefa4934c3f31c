package org.rankkit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rankkit.compare.TextTable;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Glyphs;
import org.rankkit.data.ImageSet;
import org.rankkit.data.RetrievalSplits;
import org.rankkit.data.SplitExport;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.run.RunData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rankkit dataset}: opens a dataset exactly as {@code train} would and describes its splits;
 * lists the {@code glyphs} faces; exports greyscale splits as {@code .npy} files.
 */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = {
      "Open a dataset with the same keys as train (--dataset, --data, --set, --config) and print its"
          + " splits: items, classes, items per class, image shape.",
      "--faces lists the glyphs faces and whether their Debian packages are installed. --export DIR"
          + " writes a greyscale dataset's splits as train-/test-images.npy (uint8), train-/test-labels.npy"
          + " (int64) and meta.json (normalisation), the input of bench/reference/train_reference.py."
    })
final class DatasetCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      description = "Dataset name (default: fashion-mnist).")
  private String dataset;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Dataset directory (csv: the file; glyphs: the font directory).")
  private Path data;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML or JSON file with configuration keys (as for train).")
  private Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set a configuration key, e.g. glyphClasses=500 (repeatable).")
  private Map<String, String> sets = new LinkedHashMap<>();

  @Option(
      names = "--faces",
      description = "List the glyphs faces, their Debian packages and whether they are installed.")
  private boolean faces;

  @Option(
      names = "--export",
      paramLabel = "DIR",
      description = "Write the splits of a greyscale dataset as .npy files.")
  private Path export;

  @Option(names = "--json", description = "Print the description as JSON.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = context.out();
    Map<String, Object> values =
        LayeredSettings.fromFile(configFile)
            .option("dataset", dataset)
            .option("data", data)
            .thenSets(sets);
    context.registry(); // the jars of --plugins join discovery, so their datasets open too
    TrainingConfig config = TrainingConfig.fromMap(values);
    if (faces) {
      Path dir =
          config.data().isEmpty()
              ? Path.of(DataOptions.GLYPHS_DEFAULT_DIR)
              : Path.of(config.data());
      List<String[]> table = new ArrayList<>();
      table.add(new String[] {"FACE", "PACKAGE", "DEFAULT", "INSTALLED"});
      for (Glyphs.Face face : Glyphs.FACES) {
        table.add(
            new String[] {
              face.name(),
              face.debianPackage(),
              Glyphs.DEFAULT_FACES.contains(face.name()) ? "yes" : "no",
              Files.isRegularFile(dir.resolve(face.file())) ? "yes" : "no"
            });
      }
      out.print(TextTable.render(table));
      out.flush();
      return 0;
    }
    RetrievalSplits splits = RunData.open(config);
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("dataset", splits.name());
    description.put("description", splits.description());
    description.put("train", describe(splits.train()));
    description.put(splits.leaveOneOut() ? "test" : "query", describe(splits.query()));
    if (!splits.leaveOneOut()) {
      description.put("gallery", describe(splits.gallery()));
    }
    if (export != null) {
      if (!splits.leaveOneOut()) {
        throw new IllegalArgumentException(
            "--export writes leave-one-out datasets (train and test splits); "
                + splits.name()
                + " has a query/gallery split");
      }
      Files.createDirectories(export);
      SplitExport.writeGreyscale(
          splits.train(), export.resolve("train-images.npy"), export.resolve("train-labels.npy"));
      SplitExport.writeGreyscale(
          splits.query(), export.resolve("test-images.npy"), export.resolve("test-labels.npy"));
      Map<String, Object> meta = new LinkedHashMap<>(description);
      meta.put("mean", splits.train().normalisation().mean()[0]);
      meta.put("std", splits.train().normalisation().std()[0]);
      meta.put("config", config.toMap());
      Printing.INDENTED_JSON.writeValue(export.resolve("meta.json").toFile(), meta);
      description.put("exported", export.toString());
    }
    if (json) {
      Printing.json(out, description);
    } else {
      out.println(splits.description());
      List<String[]> table = new ArrayList<>();
      table.add(new String[] {"SPLIT", "ITEMS", "CLASSES", "ITEMS/CLASS", "SHAPE"});
      for (String key : List.of("train", "test", "query", "gallery")) {
        if (description.get(key) instanceof Map<?, ?> m) {
          table.add(
              new String[] {
                key,
                String.valueOf(m.get("items")),
                String.valueOf(m.get("classes")),
                String.valueOf(m.get("itemsPerClass")),
                String.valueOf(m.get("itemShape"))
              });
        }
      }
      out.print(TextTable.render(table));
      if (export != null) {
        out.println("Exported to " + export);
      }
    }
    out.flush();
    return 0;
  }

  private static Map<String, Object> describe(ImageSet set) {
    Set<Long> classes = new HashSet<>();
    for (long label : set.labels()) {
      classes.add(label);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", set.size());
    m.put("classes", classes.size());
    m.put(
        "itemsPerClass",
        classes.isEmpty() ? 0 : Math.round(100.0 * set.size() / classes.size()) / 100.0);
    m.put("itemShape", set.itemShape().toString());
    return m;
  }
}
