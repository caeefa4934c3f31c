package org.rankkit.testkit;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.golden.LossCase;

/**
 * Builds JUnit 5 dynamic tests from a directory of golden loss cases: one test per file and data
 * type (float64, then float32), named {@code <file> [float64]}. Use from a {@code @TestFactory}:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> goldenCases() {
 *   return GoldenCaseTests.fromResources("golden/losses", RankKit.registry());
 * }
 * }</pre>
 *
 * <p>A file that cannot be read becomes a failing test (not a silently skipped one); an empty
 * directory is an error, so a misplaced directory cannot pass.
 */
public final class GoldenCaseTests {

  private GoldenCaseTests() {}

  /**
   * One dynamic test per golden file in a directory and per data type, on the CPU.
   *
   * @param dir the directory of {@code *.json} cases
   * @param registry where the losses (and {@code simix}) are found
   * @return the tests
   */
  public static Stream<DynamicTest> forDirectory(Path dir, PluginRegistry registry) {
    return forDirectory(dir, registry, Device.cpu(), file -> true);
  }

  /**
   * One dynamic test per selected golden file in a directory and per data type.
   *
   * @param dir the directory of {@code *.json} cases
   * @param registry where the losses (and {@code simix}) are found
   * @param device where to compute
   * @param select which files to use (by path)
   * @return the tests
   * @throws IllegalArgumentException when no file is selected
   */
  public static Stream<DynamicTest> forDirectory(
      Path dir, PluginRegistry registry, Device device, Predicate<Path> select) {
    DjlDefaults.applyOffline();
    List<Path> files;
    try {
      files = LossCase.jsonFiles(dir).stream().filter(select).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list golden cases in " + dir, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no golden case (*.json) selected in " + dir);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : files) {
      for (DataType dtype : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
        String name =
            file.getFileName() + " [" + dtype.name().toLowerCase(java.util.Locale.ROOT) + "]";
        tests.add(
            DynamicTest.dynamicTest(
                name,
                file.toUri(),
                () ->
                    GoldenCaseAssertions.assertMatches(
                        LossCase.read(file), registry, dtype, device)));
      }
    }
    return tests.stream();
  }

  /**
   * One dynamic test per golden file in a class-path resource directory (e.g. {@code
   * src/test/resources/golden/losses}) and per data type, on the CPU.
   *
   * @param resourceDir the resource directory, e.g. {@code golden/losses}
   * @param registry where the losses (and {@code simix}) are found
   * @return the tests
   * @throws IllegalArgumentException when the directory is not on the class path as a directory
   */
  public static Stream<DynamicTest> fromResources(String resourceDir, PluginRegistry registry) {
    return forDirectory(resourceDirectory(resourceDir), registry);
  }

  /**
   * Resolves a class-path resource directory to a file-system path.
   *
   * @param resourceDir the resource directory
   * @return its path
   * @throws IllegalArgumentException when it is missing or not a directory on the file system
   */
  public static Path resourceDirectory(String resourceDir) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    URL url =
        (loader != null ? loader : GoldenCaseTests.class.getClassLoader()).getResource(resourceDir);
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new IllegalArgumentException(
          "resource directory '"
              + resourceDir
              + "' not found on the class path as a directory ("
              + url
              + ")");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad resource URL " + url, e);
    }
  }
}
