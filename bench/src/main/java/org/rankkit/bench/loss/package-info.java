/**
 * The loss benchmark behind {@code rankkit bench loss} and the JMH benchmarks of the same kernels.
 *
 * <p>{@link org.rankkit.bench.loss.LossBench} times forward+backward of one loss (optionally after
 * {@code simix}) on random unit embeddings with a fixed number of items per class; {@link
 * org.rankkit.bench.loss.LossKernel} is one prepared forward+backward that both the driver and
 * {@link org.rankkit.bench.loss.LossKernelBenchmark} (JMH) run; {@link
 * org.rankkit.api.step.ProcessMemory} reads the process's resident-set figures.
 */
package org.rankkit.bench.loss;
