package org.rankkit.trainer;

import java.io.Console;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rankkit.eval.EvaluationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows training progress: on a terminal ({@link System#console()} present) a progress bar per
 * epoch with images per second, the running loss and the ETA; otherwise a plain SLF4J log line
 * every {@code intervalSeconds} and at the end of each epoch.
 */
public final class TrainingProgress implements TrainingListener {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingProgress.class);

  private final boolean bar;
  private final double intervalSeconds;
  private int epochs;
  private int batchItems;
  private ProgressBar progress;
  private double lossSum;
  private int lossCount;
  private long lastLog;
  private long epochStart;
  private int itemsThisEpoch;

  private TrainingProgress(boolean bar, double intervalSeconds) {
    this.bar = bar;
    this.intervalSeconds = intervalSeconds;
  }

  /**
   * Returns a progress bar on a terminal, log lines every 10 seconds otherwise.
   *
   * @return the listener
   */
  public static TrainingProgress auto() {
    Console console = System.console();
    return new TrainingProgress(console != null, 10);
  }

  /**
   * Returns a listener that only logs, every {@code intervalSeconds}.
   *
   * @param intervalSeconds seconds between log lines
   * @return the listener
   */
  public static TrainingProgress logEvery(double intervalSeconds) {
    return new TrainingProgress(false, intervalSeconds);
  }

  @Override
  public void onStart(TrainingRun run, int stepsPerEpoch) {
    epochs = run.config().epochs();
    batchItems = run.batchSize();
  }

  @Override
  public void onEpochStart(int epoch, int steps, int firstStep) {
    lossSum = 0;
    lossCount = 0;
    itemsThisEpoch = 0;
    epochStart = System.nanoTime();
    lastLog = epochStart;
    if (bar) {
      progress =
          new ProgressBarBuilder()
              .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
              .setInitialMax((long) steps * batchItems)
              .setUnit(" img", 1)
              .showSpeed()
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .build();
      progress.stepTo((long) firstStep * batchItems);
    }
  }

  @Override
  public void onStep(StepEvent step) {
    lossSum += step.loss();
    lossCount++;
    itemsThisEpoch += step.items();
    String message =
        String.format(Locale.ROOT, "loss %.4f lr %.2e", lossSum / lossCount, step.learningRate());
    if (progress != null) {
      progress.stepBy(step.items());
      progress.setExtraMessage(message);
      return;
    }
    long now = System.nanoTime();
    if ((now - lastLog) / 1e9 >= intervalSeconds) {
      lastLog = now;
      double seconds = (now - epochStart) / 1e9;
      double rate = itemsThisEpoch / Math.max(1e-9, seconds);
      int remaining = step.stepsInEpoch() - step.step() - 1;
      LOG.info(
          String.format(
              Locale.ROOT,
              "epoch %d/%d step %d/%d, %s, %.0f img/s, ETA %.0f s",
              step.epoch(),
              epochs,
              step.step() + 1,
              step.stepsInEpoch(),
              message,
              rate,
              remaining * (double) step.items() / Math.max(1e-9, rate)));
    }
  }

  @Override
  public void onEvaluation(int epoch, EvaluationResult result) {
    closeBar();
    String metrics =
        String.join(
            ", ",
            result.metrics().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .toList());
    LOG.info(
        "evaluation after epoch {}: {} ({} queries, {} s)",
        epoch,
        metrics,
        result.queries(),
        String.format(Locale.ROOT, "%.1f", result.seconds()));
  }

  @Override
  public void onEpochEnd(EpochRecord record) {
    closeBar();
  }

  @Override
  public void onEnd(TrainingResult result) {
    closeBar();
  }

  private void closeBar() {
    if (progress != null) {
      progress.close();
      progress = null;
    }
  }
}
