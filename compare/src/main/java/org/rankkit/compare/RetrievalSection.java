package org.rankkit.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rankkit.trainer.outputs.RetrievalPicture;

/**
 * The {@code report.md} section that shows retrieval side by side: the {@code retrieval.png} of the
 * best training run and of each baseline, in one table row. Every picture shows the same queries
 * (they are chosen from the evaluation split alone, see {@link RetrievalPicture}), so the columns
 * compare what each run retrieves for the same images.
 */
final class RetrievalSection {

  private RetrievalSection() {}

  /**
   * Renders the section, or an empty string when no run has a picture.
   *
   * @param directory the comparison directory (pictures are linked relative to it)
   * @param records finished runs
   * @param summaries their summaries (the best run is the first training run by {@link
   *     Report#RANK_BY})
   * @return Markdown
   */
  static String markdown(Path directory, List<RunRecord> records, List<Summary> summaries) {
    List<String> labels = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (Summary best : Summary.ranked(summaries, Report.RANK_BY)) {
      RunRecord record = first(records, best, true);
      if (record != null && add(directory, record, "best: " + best.label(), labels, images)) {
        break;
      }
    }
    for (Summary s : summaries) {
      RunRecord record = first(records, s, false);
      if (record != null) {
        add(directory, record, "baseline: " + s.label(), labels, images);
      }
    }
    if (images.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("\n## Retrieval\n\n");
    sb.append("The same ")
        .append(RetrievalPicture.QUERIES)
        .append(
            " evaluation queries (left column of each"
                + " picture, chosen with a fixed seed) and their top ")
        .append(RetrievalPicture.TOP)
        .append(" results: green frame = same label as the query, red = another label.\n\n");
    sb.append("| ").append(String.join(" | ", labels)).append(" |\n");
    sb.append("|").append("---|".repeat(labels.size())).append('\n');
    sb.append("| ").append(String.join(" | ", images)).append(" |\n");
    return sb.toString();
  }

  /** The first seed's record of a summary's run, if it is (or is not) a training run. */
  private static RunRecord first(List<RunRecord> records, Summary s, boolean trains) {
    for (RunRecord r : records) {
      if (r.plan().run().trains() == trains
          && r.plan().run().name().equals(s.name())
          && java.util.Objects.equals(r.plan().sweepValue(), s.sweepValue())) {
        return r;
      }
    }
    return null;
  }

  private static boolean add(
      Path directory, RunRecord record, String label, List<String> labels, List<String> images) {
    Path png =
        directory
            .resolve("runs")
            .resolve(record.plan().directoryName())
            .resolve(RetrievalPicture.FILE);
    if (!Files.isRegularFile(png)) {
      return false;
    }
    String link = directory.relativize(png).toString().replace('\\', '/');
    labels.add(label.replace("|", "\\|"));
    images.add("![" + label.replace("|", "\\|").replace("]", "") + "](" + link + ")");
    return true;
  }
}
