package org.rankkit.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A CSV list of images: one line {@code path,label,split} per image (an optional header line {@code
 * path,label,split}; fields may be double-quoted, with {@code ""} for a quote). Relative paths are
 * resolved against the CSV file's directory. {@code split} is {@code train}, {@code test}, {@code
 * query} or {@code gallery}: evaluation is leave-one-out on {@code test}, or {@code query} against
 * {@code gallery} (a list uses one of the two schemes). Labels that are all integers are used as
 * they are; otherwise the distinct label strings are numbered in sorted order.
 *
 * <p>The data path is the CSV file, or a directory holding exactly one {@code .csv} file.
 */
final class CsvList implements Dataset {

  /** The dataset id: {@code csv}. */
  static final String ID = "csv";

  static final List<String> SPLITS = List.of("train", "test", "query", "gallery");

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  CsvList() {}

  private record Row(Path file, String label, String split) {}

  @Override
  public RetrievalSplits open(DataOptions options) {
    Path csv = csvFile(options.dataDir());
    List<Row> rows = parse(csv);
    boolean numeric = rows.stream().allMatch(r -> r.label().matches("-?\\d{1,18}"));
    Map<String, Long> ids =
        numeric ? Map.of() : LabelledFiles.numberSorted(rows.stream().map(Row::label).toList());
    Map<String, List<Row>> bySplit = new LinkedHashMap<>();
    for (String split : SPLITS) {
      bySplit.put(split, new ArrayList<>());
    }
    for (Row row : rows) {
      bySplit.get(row.split()).add(row);
    }
    boolean hasTest = !bySplit.get("test").isEmpty();
    boolean hasQuery = !bySplit.get("query").isEmpty();
    boolean hasGallery = !bySplit.get("gallery").isEmpty();
    if (bySplit.get("train").isEmpty()) {
      throw new DataException(csv + ": no rows with split 'train'");
    }
    if (hasTest && (hasQuery || hasGallery)) {
      throw new DataException(
          csv
              + ": mixes split 'test' (leave-one-out) with 'query'/'gallery';"
              + " use one evaluation scheme");
    }
    if (!hasTest && !(hasQuery && hasGallery)) {
      throw new DataException(
          csv
              + ": needs evaluation rows: split 'test' (leave-one-out) or both"
              + " 'query' and 'gallery'");
    }
    ImageSet train = set(csv, bySplit.get("train"), "train", numeric, ids, options);
    if (hasTest) {
      ImageSet test = set(csv, bySplit.get("test"), "test", numeric, ids, options);
      return RetrievalSplits.leaveOneOut(ID, "CSV list " + csv, train, test, "test images");
    }
    ImageSet query = set(csv, bySplit.get("query"), "query", numeric, ids, options);
    ImageSet gallery = set(csv, bySplit.get("gallery"), "gallery", numeric, ids, options);
    return new RetrievalSplits(
        "csv",
        "CSV list "
            + csv
            + ": "
            + train.size()
            + " training images, "
            + query.size()
            + " queries against a gallery of "
            + gallery.size(),
        train,
        query,
        gallery);
  }

  static Path csvFile(Path path) {
    if (Files.isRegularFile(path)) {
      return path;
    }
    if (!Files.isDirectory(path)) {
      throw new DataException(
          "csv: " + path + " not found; pass the CSV file (path,label,split) with --data FILE");
    }
    try (Stream<Path> entries = Files.list(path)) {
      List<Path> csvs =
          entries
              .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
      if (csvs.size() != 1) {
        throw new DataException(
            "csv: "
                + path
                + " holds "
                + csvs.size()
                + " .csv files "
                + csvs
                + "; pass the CSV file itself with --data FILE");
      }
      return csvs.get(0);
    } catch (IOException e) {
      throw new DataException("csv: cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  private static List<Row> parse(Path csv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException("csv: cannot read " + csv + ": " + e.getMessage(), e);
    }
    Path base = csv.toAbsolutePath().getParent();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (i == 0 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
        text = text.substring(1);
      }
      if (text.isBlank()) {
        continue;
      }
      List<String> fields = fields(text, csv, i + 1);
      if (rows.isEmpty()
          && fields.size() == 3
          && fields.get(0).strip().equalsIgnoreCase("path")
          && fields.get(1).strip().equalsIgnoreCase("label")
          && fields.get(2).strip().equalsIgnoreCase("split")) {
        continue; // header
      }
      if (fields.size() != 3) {
        throw new DataException(
            csv
                + " line "
                + (i + 1)
                + ": expected 3 fields path,label,split, got "
                + fields.size());
      }
      String path = fields.get(0).strip();
      String label = fields.get(1).strip();
      String split = fields.get(2).strip().toLowerCase(Locale.ROOT);
      if (path.isEmpty() || label.isEmpty()) {
        throw new DataException(csv + " line " + (i + 1) + ": empty path or label");
      }
      if (!SPLITS.contains(split)) {
        throw new DataException(
            csv
                + " line "
                + (i + 1)
                + ": split '"
                + fields.get(2).strip()
                + "' is not one of "
                + String.join(", ", SPLITS));
      }
      rows.add(new Row(base.resolve(path), label, split));
    }
    return rows;
  }

  /** Splits one CSV line into fields; double quotes enclose fields, {@code ""} is a quote. */
  static List<String> fields(String line, Path csv, int number) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new DataException(csv + " line " + number + ": unterminated quote");
    }
    fields.add(field.toString());
    return fields;
  }

  private static ImageSet set(
      Path csv,
      List<Row> rows,
      String split,
      boolean numeric,
      Map<String, Long> ids,
      DataOptions options) {
    LabelledFiles files = new LabelledFiles();
    for (Row row : rows) {
      files.add(row.file(), numeric ? Long.parseLong(row.label()) : ids.get(row.label()));
    }
    return files.toImageSet("csv " + split + " split (" + csv.getFileName() + ")", options);
  }
}
