package org.rankkit.api.step;

/**
 * What one optimisation step reports: an immutable value, safe to share between threads.
 *
 * @param loss the loss value of the step
 * @param seconds wall-clock seconds the step took (forward, loss, backward and optimiser update)
 * @param peakMemoryBytes peak memory observed during the step, in bytes: device memory on a GPU,
 *     the process's peak resident set size on a CPU
 * @param stepped false when the optimiser update was skipped because every gradient was zero (for
 *     example a batch in which no query has a positive)
 */
public record StepResult(double loss, double seconds, long peakMemoryBytes, boolean stepped) {}
