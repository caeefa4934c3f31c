package org.rankkit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards for tests that need data installed from a Debian package (Fashion-MNIST, the CJK fonts of
 * {@code glyphs}). Outside CI a missing package skips the test with a reason naming the package; in
 * CI (environment variable {@code CI=true}, which {@code .ci/run} runs under) it fails, because CI
 * installs every package and a skip there would hide a broken install step.
 *
 * <p>Such tests also carry the JUnit tag {@value #TAG}, so that a build without the packages can
 * leave them out explicitly: {@code mvn test -DexcludedGroups=installed-data}.
 */
public final class InstalledData {

  /** The JUnit tag of tests that need installed data: {@value}. */
  public static final String TAG = "installed-data";

  private InstalledData() {}

  /**
   * Requires that every path exists, or skips (outside CI) or fails (in CI) naming the packages.
   *
   * @param what what the test needs, e.g. "the glyphs fonts"
   * @param paths files or directories that the packages install
   * @param packages the Debian packages that install them
   */
  public static void require(String what, List<Path> paths, List<String> packages) {
    List<Path> missing = paths.stream().filter(p -> !Files.exists(p)).toList();
    if (missing.isEmpty()) {
      return;
    }
    String reason =
        what
            + " not installed (missing "
            + missing.get(0)
            + (missing.size() > 1 ? " and " + (missing.size() - 1) + " more" : "")
            + "); apt-get install "
            + String.join(" ", packages);
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI must install the test data: " + reason);
    }
    Assumptions.abort(reason);
  }
}
