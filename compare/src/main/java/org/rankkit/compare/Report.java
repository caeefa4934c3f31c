package org.rankkit.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.rankkit.eval.metric.MapAtR;
import org.rankkit.eval.metric.MeanAveragePrecision;
import org.rankkit.eval.metric.Nmi;
import org.rankkit.eval.metric.RPrecision;
import org.rankkit.eval.metric.RecallAtK;

/**
 * Renders the ranked results table (Markdown for {@code report.md}, aligned text for a terminal).
 */
public final class Report {

  /** The metric that ranks the runs. */
  public static final String RANK_BY = RecallAtK.key(1);

  private Report() {}

  /**
   * Returns the columns to show: recall@k in increasing k, then the other metrics present.
   *
   * @param summaries the summaries
   * @return metric names
   */
  public static List<String> metricColumns(List<Summary> summaries) {
    TreeMap<Integer, String> recalls = new TreeMap<>();
    List<String> others = new ArrayList<>();
    for (Summary s : summaries) {
      for (String m : s.mean().keySet()) {
        OptionalInt k = RecallAtK.cutoff(m);
        if (k.isPresent()) {
          recalls.put(k.getAsInt(), m);
        } else if (!others.contains(m)) {
          others.add(m);
        }
      }
    }
    List<String> order = new ArrayList<>(recalls.values());
    for (String preferred :
        List.of(RPrecision.KEY, MapAtR.KEY, MeanAveragePrecision.KEY, Nmi.KEY)) {
      if (others.remove(preferred)) {
        order.add(preferred);
      }
    }
    order.addAll(others);
    return order;
  }

  /**
   * Returns the rows of the ranked table, header first.
   *
   * @param summaries the summaries
   * @return rows of cells
   */
  public static List<String[]> rows(List<Summary> summaries) {
    List<String> metrics = metricColumns(summaries);
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("#", "run"));
    header.addAll(metrics);
    header.addAll(List.of("train s", "peak MiB"));
    rows.add(header.toArray(String[]::new));
    int rank = 1;
    for (Summary s : Summary.ranked(summaries, RANK_BY)) {
      List<String> row = new ArrayList<>(List.of(Integer.toString(rank++), s.label()));
      for (String m : metrics) {
        Double mean = s.mean().get(m);
        if (mean == null) {
          row.add("-");
        } else if (s.seeds() > 1) {
          row.add(String.format(Locale.ROOT, "%.4f ± %.4f", mean, s.std().get(m)));
        } else {
          row.add(String.format(Locale.ROOT, "%.4f", mean));
        }
      }
      row.add(String.format(Locale.ROOT, "%.0f", s.trainSeconds()));
      row.add(String.format(Locale.ROOT, "%.0f", s.peakMemoryBytes() / (1024.0 * 1024.0)));
      rows.add(row.toArray(String[]::new));
    }
    return rows;
  }

  /**
   * Renders a Markdown table.
   *
   * @param rows rows, header first
   * @return the table
   */
  public static String markdown(List<String[]> rows) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      sb.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
      if (i == 0) {
        sb.append("|").append("---|".repeat(rows.get(0).length)).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Renders an aligned plain-text table for a terminal.
   *
   * @param rows rows, header first
   * @return the table
   */
  public static String text(List<String[]> rows) {
    return TextTable.render(rows, column -> column != 1); // the run's name left, numbers right
  }

  /**
   * Renders {@code report.md}: the ranked table, the shared settings and the charts.
   *
   * @param suiteInfo the {@code suite} object of results.json
   * @param summaries the summaries
   * @param charts chart file names to embed
   * @return the Markdown document
   */
  public static String document(
      Map<String, Object> suiteInfo, List<Summary> summaries, List<String> charts) {
    StringBuilder sb = new StringBuilder();
    sb.append("# RankKit comparison: ").append(suiteInfo.get("name")).append("\n\n");
    sb.append("Ranked by mean ").append(RANK_BY);
    Object seeds = suiteInfo.get("seeds");
    if (seeds instanceof Number n && n.intValue() > 1) {
      sb.append(" (mean ± standard deviation over ").append(n).append(" seeds)");
    }
    sb.append(".\n\n").append(markdown(rows(summaries))).append('\n');
    sb.append(
        "`train s`: wall-clock training seconds (mean over seeds; evaluation excluded). `peak MiB`:"
            + " the process's peak resident set size during the run (largest over seeds), measured"
            + " from the run's start; runs share one JVM, so memory that the JVM and the native"
            + " allocator kept from earlier runs counts.\n\n");
    sb.append("## Shared settings\n\n");
    if (suiteInfo.get("settings") instanceof Map<?, ?> settings) {
      settings.forEach(
          (k, v) -> sb.append("- `").append(k).append("` = `").append(v).append("`\n"));
    }
    suiteInfo.forEach(
        (k, v) -> {
          if (!k.equals("settings") && !k.equals("name")) {
            sb.append("- ").append(k).append(": ").append(v).append('\n');
          }
        });
    if (!charts.isEmpty()) {
      sb.append("\n## Charts\n\n");
      for (String c : charts) {
        sb.append("![").append(c).append("](").append(c).append(")\n\n");
      }
    }
    return sb.toString();
  }
}
