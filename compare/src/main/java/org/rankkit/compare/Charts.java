package org.rankkit.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rankkit.eval.metric.RecallAtK;
import org.rankkit.trainer.EpochRecord;

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
      XYSeries series =
          new XYSeries(new RunColours.Key(RunColours.key(s.name(), s.sweepValue()), s.label()));
      s.mean()
          .forEach(
              (m, v) -> {
                OptionalInt k = RecallAtK.cutoff(m);
                if (k.isPresent()) {
                  series.add(k.getAsInt(), v);
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
    XYSeriesCollection loss = historySeries(records, EpochRecord::loss);
    if (loss.getSeriesCount() > 0) {
      written.add(
          save(
              directory,
              "training-loss.png",
              epochAxis(line("Training loss over epochs", "epoch", "loss", loss, colours))));
    }
    String recall1Key = RecallAtK.key(1);
    XYSeriesCollection recall1 =
        historySeries(
            records, r -> r.evaluation().map(e -> e.metrics().get(recall1Key)).orElse(null));
    if (recall1.getSeriesCount() > 0) {
      written.add(
          save(
              directory,
              "recall1-over-epochs.png",
              epochAxis(line("Recall@1 over epochs", "epoch", "Recall@1", recall1, colours))));
    }
    if (sweepKey != null) {
      XYSeriesCollection sweep = new XYSeriesCollection();
      Map<String, XYSeries> byName = new java.util.LinkedHashMap<>();
      for (Summary s : summaries) {
        Double r1 = s.mean().get(recall1Key);
        Double x = parse(s.sweepValue());
        if (r1 != null && x != null) {
          byName.computeIfAbsent(s.name(), XYSeries::new).add(x, r1);
        }
      }
      byName.values().forEach(sweep::addSeries);
      if (sweep.getSeriesCount() > 0) {
        JFreeChart chart =
            line("Recall@1 against " + sweepKey, sweepKey, "Recall@1", sweep, Map.of());
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
    axis.setNumberFormatOverride(
        new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    return axis;
  }

  /** One series per run: {@code value} of every epoch record that has one, against the epoch. */
  private static XYSeriesCollection historySeries(
      List<RunRecord> records, Function<EpochRecord, Double> value) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (RunRecord r : records) {
      String label =
          r.plan().run().name()
              + (r.plan().sweepValue() == null ? "" : " @ " + r.plan().sweepValue())
              + " (seed "
              + r.plan().seed()
              + ")";
      XYSeries series =
          new XYSeries(
              new RunColours.Key(
                  RunColours.key(r.plan().run().name(), r.plan().sweepValue()), label),
              true,
              true);
      for (EpochRecord epoch : r.outcome().history()) {
        Double v = value.apply(epoch);
        if (v != null) {
          series.addOrUpdate((double) epoch.epoch(), v.doubleValue());
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
        ChartFactory.createXYLineChart(
            title, x, y, data, PlotOrientation.VERTICAL, true, false, false);
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

  /**
   * Writes a chart as PNG through an in-memory image stream. ImageIO's default stream for an
   * OutputStream caches in a temporary file that a JVM shutdown hook closes: on Ctrl-C during a
   * chart write, that hook would close the stream under this thread and fail the write.
   */
  private static String save(Path directory, String name, JFreeChart chart) throws IOException {
    BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
    AtomicFiles.write(
        directory.resolve(name),
        out -> {
          try (ImageOutputStream png = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(image, "png", png)) {
              throw new IOException("no PNG writer is installed in this Java runtime");
            }
          }
        });
    return name;
  }
}
