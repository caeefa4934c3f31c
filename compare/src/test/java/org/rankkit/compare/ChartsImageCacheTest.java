package org.rankkit.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts are encoded without ImageIO's file cache. That cache's streams are closed by a JVM
 * shutdown hook, so a Ctrl-C during a chart write failed the write (and, in {@code rankkit
 * compare}, lost the resume message). Here the cache directory vanishes before the suite writes its
 * charts: any write through the file cache fails ("Can't create cache file!").
 */
class ChartsImageCacheTest {

  private File cacheBefore;

  @AfterEach
  void restoreImageIo() {
    ImageIO.setCacheDirectory(cacheBefore);
    ImageIO.setUseCache(true);
  }

  @Test
  void chartsAreWrittenWithoutImageIoFileCache(@TempDir Path dir) throws Exception {
    cacheBefore = ImageIO.getCacheDirectory();
    Path cache = Files.createDirectories(dir.resolve("imageio-cache"));
    ImageIO.setUseCache(true);
    ImageIO.setCacheDirectory(cache.toFile());
    Files.delete(cache);

    Suite suite = Suite.defaultSuite();
    List<PlannedRun> plan = SuitePlan.expand(suite, true, Map.of(), 1, null);
    SuiteRunner runner =
        new SuiteRunner(new SuiteRunnerTest.FakeExecutor(), new PrintWriter(new StringWriter()));
    Path out = dir.resolve("suite");
    runner.run(Map.of("name", suite.name(), "settings", suite.settings()), plan, out, false);

    for (String png : List.of("recall-at-k.png", "training-loss.png", "recall1-over-epochs.png")) {
      byte[] bytes = Files.readAllBytes(out.resolve(png));
      assertThat(bytes.length).as(png).isGreaterThan(1000);
      assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
          .as(png)
          .isEqualTo("PNG");
    }
  }
}
