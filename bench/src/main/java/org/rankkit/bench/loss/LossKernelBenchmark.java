package org.rankkit.bench.loss;

import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.plugin.PluginRegistry;

/**
 * JMH benchmark of the loss kernels that {@code rankkit bench loss} times: one forward+backward
 * (similarities, optional simix, loss, dL/dE) per invocation, float32, 4 items per class, on the
 * CPU. Sweeps the loss, the batch size and simix; one invocation is seconds long at the largest
 * sizes, so it uses single-shot iterations. Run (after {@code mvn -o -q install -pl bench -am
 * -DskipTests}):
 *
 * <pre>
 * java -cp "$(cat bench/target/benchmark.classpath):bench/target/classes" org.openjdk.jmh.Main \
 *     LossKernelBenchmark -p loss=recall-at-k -p batch=1000 -p simix=false,true
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true"})
public class LossKernelBenchmark {

  /** Loss id. */
  @Param({"recall-at-k", "smooth-ap", "fast-ap", "contrastive"})
  public String loss;

  /** Real items per batch. */
  @Param({"1000", "4000"})
  public int batch;

  /** Whether simix (all same-label pairs) extends the batch. */
  @Param({"false", "true"})
  public boolean simix;

  /** Embedding dimension. */
  @Param({"512"})
  public int dim;

  private LossKernel kernel;

  /** Discovers the plugins and prepares the embeddings, once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    DjlDefaults.applyOffline();
    PluginRegistry registry = PluginRegistry.discover(LossKernelBenchmark.class.getClassLoader());
    kernel =
        new LossKernel(
            new LossBenchConfig(
                loss, Map.of(), simix, batch, 4, dim, 1, 0, DataType.FLOAT32, false, 1L),
            registry);
  }

  /** Frees the embeddings. */
  @TearDown(Level.Trial)
  public void tearDown() {
    kernel.close();
  }

  /**
   * One forward+backward.
   *
   * @return the outcome (consumed by JMH, so nothing is optimised away)
   */
  @Benchmark
  public LossKernel.Outcome forwardBackward() {
    return kernel.run();
  }
}
