/**
 * The driver behind {@code rankkit bench step}: trains steps of a small image CNN with recall-at-k
 * under a batch strategy and reports the median time per step and the process's peak resident
 * memory.
 */
package org.rankkit.bench.step;
