/**
 * The smooth-ap and fast-ap plugins ({@link org.rankkit.loss.ap.ApLossPlugin}, id {@code loss-ap}):
 * average-precision surrogates exactly as docs/numeric-spec.md defines them.
 *
 * <p>Both losses compute their value and analytic gradient {@code dL/dS} on detached similarities
 * and hand them to autograd as a function linear in {@code S}, so the backward pass never holds
 * per-query intermediates. Each has a plain-Java {@code fused-cpu} row kernel run by the api's
 * {@link org.rankkit.api.loss.FusedRowDriver} (default on the CPU) and an {@code engine} path of
 * DJL operations over chunks of queries (default on other devices); both are checked against the
 * golden cases.
 */
package org.rankkit.loss.ap;
