package org.rankkit.trainer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A training checkpoint file: a zip archive with {@code state.json} (configuration, sampler
 * position, history, best evaluation, counters), {@code model.params} (DJL's {@code
 * Block.saveParameters} of the whole embedding model, BatchNorm statistics included) and {@code
 * optimizer.bin} (Adam moments and step counts, see {@code AdamOptimizer.save}).
 *
 * <p>Writes are atomic: the archive is written to {@code <name>.tmp} beside the target, forced to
 * disk, and renamed over the target, so a crash or Ctrl-C never leaves a truncated checkpoint (at
 * worst a stale {@code .tmp}, which the next write replaces).
 *
 * @param state the decoded {@code state.json}
 * @param modelParams the bytes of {@code model.params}
 * @param optimizerState the bytes of {@code optimizer.bin}
 */
public record Checkpoint(Map<String, Object> state, byte[] modelParams, byte[] optimizerState) {

  /** File name of the checkpoint written after every epoch (and on Ctrl-C). */
  public static final String LAST = "last.ckpt";

  /** File name of the checkpoint with the best evaluation. */
  public static final String BEST = "best.ckpt";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Something that writes one archive entry. */
  @FunctionalInterface
  public interface EntryWriter {
    /**
     * Writes the entry's bytes.
     *
     * @param out the stream (do not close it)
     * @throws IOException on a write error
     */
    void write(DataOutputStream out) throws IOException;
  }

  /**
   * Writes a checkpoint atomically.
   *
   * @param file the target file
   * @param state the JSON state
   * @param model writes the model parameters
   * @param optimizer writes the optimiser state
   * @throws IOException on a write error (the target is then untouched)
   */
  public static void write(
      Path file, Map<String, Object> state, EntryWriter model, EntryWriter optimizer)
      throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(tmp);
        ZipOutputStream zip = new ZipOutputStream(raw)) {
      zip.putNextEntry(new ZipEntry("state.json"));
      zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
      zip.closeEntry();
      writeEntry(zip, "model.params", model);
      writeEntry(zip, "optimizer.bin", optimizer);
    }
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeEntry(ZipOutputStream zip, String name, EntryWriter writer)
      throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    DataOutputStream data = new DataOutputStream(zip);
    writer.write(data);
    data.flush();
    zip.closeEntry();
  }

  /**
   * Copies a checkpoint atomically (temp file and rename).
   *
   * @param from the source
   * @param to the target
   * @throws IOException on an I/O error
   */
  public static void copy(Path from, Path to) throws IOException {
    Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
    Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Reads a checkpoint.
   *
   * @param file the file
   * @return its contents
   * @throws IOException when it cannot be read or lacks an entry
   */
  public static Checkpoint read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no checkpoint at " + file);
    }
    Map<String, Object> state = null;
    byte[] model = null;
    byte[] optimizer = null;
    try (InputStream raw = Files.newInputStream(file);
        ZipInputStream zip = new ZipInputStream(raw)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        byte[] bytes = readAll(zip);
        switch (e.getName()) {
          case "state.json" ->
              state = JSON.readValue(bytes, new TypeReference<Map<String, Object>>() {});
          case "model.params" -> model = bytes;
          case "optimizer.bin" -> optimizer = bytes;
          default -> {}
        }
      }
    } catch (java.util.zip.ZipException
        | java.io.EOFException
        | com.fasterxml.jackson.core.JacksonException
        | IllegalArgumentException e) {
      throw new IOException(
          file
              + " is damaged or truncated (not a readable RankKit checkpoint: "
              + e.getMessage()
              + ")",
          e);
    }
    if (state == null || model == null || optimizer == null) {
      throw new IOException(
          file
              + " is not a complete RankKit checkpoint (needs state.json, model.params, optimizer.bin)");
    }
    return new Checkpoint(state, model, optimizer);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
