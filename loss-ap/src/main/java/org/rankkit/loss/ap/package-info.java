/**
 * The smooth-ap and fast-ap plugins ({@link org.rankkit.loss.ap.ApLossPlugin}, id {@code loss-ap}):
 * average-precision surrogates exactly as docs/numeric-spec.md defines them.
 *
 * <p>Both losses compute their value and analytic gradient {@code dL/dS} on detached similarities,
 * query chunk by query chunk, and hand them to autograd as a function linear in {@code S}, so the
 * backward pass never holds per-query intermediates. Each has a plain-Java {@code fused-cpu} kernel
 * (default on the CPU) and an {@code engine} path of DJL operations (default on other devices);
 * both are checked against the golden cases.
 */
package org.rankkit.loss.ap;
