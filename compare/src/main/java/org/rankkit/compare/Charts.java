package org.rankkit.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws the comparison's PNG charts with JFreeChart (headless). */
public final class Charts {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  private Charts() {}

  /**
   * Writes every chart that the results support and returns their file names.
   *
   * @param directory output directory
   * @param records finished runs
   * @param summaries their summaries
   * @param sweepKey the swept setting, or null
   * @return chart file names, relative to {@code directory}
   * @throws IOException when writing fails
   */
  public static List<String> writeAll(
      Path directory, List<RunRecord> records, List<Summary> summaries, String sweepKey)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<String> written = new ArrayList<>();
    Map<String, Color> colours = RunColours.of(summaries);
    XYSeriesCollection recallAtK = new XYSeriesCollection();
    for (Summary s : summaries) {
      XYSeries series = new XYSeries(new RunColours.Key(RunColours.key(s.name(), s.sweepValue()), s.label()));
      s.mean().forEach((m, v) -> {
        if (m.startsWith("recall@")) {
          series.add(Integer.parseInt(m.substring(7)), v);
        }
      });
      if (series.getItemCount() > 0) {
        recallAtK.addSeries(series);
      }
    }
    if (recallAtK.getSeriesCount() > 0) {
      JFreeChart chart = line("Recall@k against k", "k", "Recall@k", recallAtK, colours);
      chart.getXYPlot().setDomainAxis(log2Axis("k"));
      written.add(save(directory, "recall-at-k.png", chart));
    }
    XYSeriesCollection loss = historySeries(records, "loss");
    if (loss.getSeriesCount() > 0) {
      written.add(save(directory, "training-loss.png",
          epochAxis(line("Training loss over epochs", "epoch", "loss", loss, colours))));
    }
    XYSeriesCollection recall1 = historySeries(records, "recall@1");
    if (recall1.getSeriesCount() > 0) {
      written.add(
          save(directory, "recall1-over-epochs.png",
              epochAxis(line("Recall@1 over epochs", "epoch", "Recall@1", recall1, colours))));
    }
    if (sweepKey != null) {
      XYSeriesCollection sweep = new XYSeriesCollection();
      Map<String, XYSeries> byName = new java.util.LinkedHashMap<>();
      for (Summary s : summaries) {
        Double r1 = s.mean().get("recall@1");
        Double x = parse(s.sweepValue());
        if (r1 != null && x != null) {
          byName.computeIfAbsent(s.name(), XYSeries::new).add(x, r1);
        }
      }
      byName.values().forEach(sweep::addSeries);
      if (sweep.getSeriesCount() > 0) {
        JFreeChart chart = line("Recall@1 against " + sweepKey, sweepKey, "Recall@1", sweep, Map.of());
        if (sweep.getDomainLowerBound(false) > 0
            && sweep.getDomainUpperBound(false) >= 4 * sweep.getDomainLowerBound(false)) {
          // geometric sweeps (batch=64,256,1024) are read on a log scale
          chart.getXYPlot().setDomainAxis(log2Axis(sweepKey));
        }
        written.add(
            save(directory, "sweep-" + sweepKey.replaceAll("[^A-Za-z0-9]", "") + ".png", chart));
      }
    }
    return written;
  }

  /** A base-2 logarithmic axis with ticks at powers of two, labelled as plain numbers. */
  private static LogAxis log2Axis(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setBase(2);
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    axis.setNumberFormatOverride(new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    return axis;
  }

  private static XYSeriesCollection historySeries(List<RunRecord> records, String key) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (RunRecord r : records) {
      String label = r.plan().run().name() + (r.plan().sweepValue() == null ? "" : " @ " + r.plan().sweepValue())
          + " (seed " + r.plan().seed() + ")";
      XYSeries series = new XYSeries(new RunColours.Key(RunColours.key(r.plan().run().name(), r.plan().sweepValue()), label),
          true, true);
      for (Map<String, Object> epoch : r.outcome().history()) {
        Object e = epoch.get("epoch");
        Object v = epoch.get(key);
        if (v == null && epoch.get("eval") instanceof Map<?, ?> eval) {
          v = eval.get(key);
        }
        if (e instanceof Number en && v instanceof Number vn) {
          series.addOrUpdate(en.doubleValue(), vn.doubleValue());
        }
      }
      if (series.getItemCount() > 0) {
        data.addSeries(series);
      }
    }
    return data;
  }

  private static Double parse(String value) {
    try {
      return value == null ? null : Double.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Integer epoch ticks: one epoch gives one tick, not a repeated {@code 1E0}. */
  private static JFreeChart epochAxis(JFreeChart chart) {
    NumberAxis axis = (NumberAxis) chart.getXYPlot().getDomainAxis();
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    axis.setAutoRangeIncludesZero(false);
    axis.setAutoRangeMinimumSize(2.0);
    return chart;
  }

  private static JFreeChart line(
      String title, String x, String y, XYSeriesCollection data, Map<String, Color> colours) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      if (data.getSeriesKey(i) instanceof RunColours.Key key && colours.containsKey(key.run())) {
        renderer.setSeriesPaint(i, colours.get(key.run()));
      }
    }
    plot.setRenderer(renderer);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    return chart;
  }

  private static String save(Path directory, String name, JFreeChart chart) throws IOException {
    AtomicFiles.write(directory.resolve(name), out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
    return name;
  }
}
