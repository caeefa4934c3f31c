package org.rankkit.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.trainer.EpochRecord;
import org.rankkit.trainer.TrainingListener;

/**
 * The run's {@code metrics.jsonl}: one JSON object per line, with {@code type} {@code step}, {@code
 * epoch} or {@code eval}; this class owns the lines' keys. On resume the file is cut back to its
 * length at the checkpoint, so lines written after it (by a crashed run) do not appear twice. Not
 * thread-safe.
 */
public final class MetricsLog implements Closeable {

  /** The file name in the run directory. */
  public static final String FILE = "metrics.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileChannel channel;
  private final OutputStream out;
  private long size;

  private MetricsLog(FileChannel channel, long size) {
    this.channel = channel;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    this.size = size;
  }

  /**
   * Opens the log for appending after its first {@code keepBytes} bytes.
   *
   * @param file the file (created when absent)
   * @param keepBytes bytes to keep (0 = start empty): the log's length when the checkpoint was
   *     written
   * @return the log
   * @throws IOException on an I/O error, or when the file is shorter than {@code keepBytes} or does
   *     not end a line there (truncated or replaced since the checkpoint)
   */
  public static MetricsLog open(Path file, long keepBytes) throws IOException {
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    long keep = keepBytes;
    try {
      checkAgainstCheckpoint(file, channel, keepBytes);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    channel.truncate(keep);
    channel.position(keep);
    return new MetricsLog(channel, keep);
  }

  /**
   * Checks, on resume, that the log still holds every line the checkpoint counted: at least {@code
   * keepBytes} bytes, the last of them a line end.
   */
  private static void checkAgainstCheckpoint(Path file, FileChannel channel, long keepBytes)
      throws IOException {
    if (keepBytes == 0) {
      return;
    }
    long size = channel.size();
    if (size < keepBytes) {
      throw new IOException(
          file
              + " holds "
              + size
              + " bytes but the checkpoint was written when it held "
              + keepBytes
              + ": the metrics log was truncated or replaced, so the run cannot continue it; restore the"
              + " file or start a new run");
    }
    java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
    channel.read(last, keepBytes - 1);
    if (last.get(0) != '\n') {
      throw new IOException(
          file
              + " does not end a line at byte "
              + keepBytes
              + ", where the checkpoint's last line"
              + " ended: the metrics log was rewritten, so the run cannot continue it; restore the file or"
              + " start a new run");
    }
  }

  /**
   * Appends a {@code step} line: epoch, step, globalStep, loss, lr, seconds, stepped.
   *
   * @param step the step
   * @throws IOException on a write error
   */
  void writeStep(TrainingListener.StepEvent step) throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "step");
    line.put("epoch", step.epoch());
    line.put("step", step.step());
    line.put("globalStep", step.globalStep());
    line.put("loss", step.loss());
    line.put("lr", step.learningRate());
    line.put("seconds", step.seconds());
    line.put("stepped", step.stepped());
    write(line);
  }

  /**
   * Appends an {@code epoch} line: the epoch's record without its evaluation.
   *
   * @param record the epoch
   * @throws IOException on a write error
   */
  void writeEpoch(EpochRecord record) throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "epoch");
    line.putAll(record.toJson());
    line.remove("eval");
    write(line);
  }

  /**
   * Appends an {@code eval} line: the epoch after which it ran (0: the untrained model) and the
   * evaluation's keys ({@link EvaluationResult#toJson()}).
   *
   * @param epoch one-based epoch, or 0
   * @param evaluation the evaluation
   * @throws IOException on a write error
   */
  void writeEvaluation(int epoch, EvaluationResult evaluation) throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "eval");
    line.put("epoch", epoch);
    line.putAll(evaluation.toJson());
    write(line);
  }

  private void write(Map<String, Object> object) throws IOException {
    byte[] line = JSON.writeValueAsBytes(object);
    out.write(line);
    out.write('\n');
    size += line.length + 1;
  }

  /** Flushes buffered lines to the file. */
  void flush() throws IOException {
    out.flush();
  }

  /** Returns the length of the log in bytes, buffered lines included. */
  long size() {
    return size;
  }

  @Override
  public void close() throws IOException {
    out.flush();
    channel.close();
  }
}
