/**
 * The RankKit test kit: JUnit 5 conformance tests for plugins.
 *
 * <ul>
 *   <li>{@link org.rankkit.testkit.RankingLossContract}: implement it in a test class, return your
 *       loss (and optionally a similarity augmentation such as {@code simix}) and JUnit runs the
 *       contract: finite loss and gradient on random batches, invariance to permuting the batch and
 *       to relabelling classes, exactly 0 with an all-zero gradient when no query has a positive, a
 *       float64 central finite-difference gradient check, and no NDArray leaks;
 *   <li>{@link org.rankkit.testkit.RankingMetricContract}: implement it in a test class, return
 *       your ranking metric and write it once more as a loop over a query's whole ranking; JUnit
 *       checks the metric against that brute force on random queries, that it reads no rank deeper
 *       than it declares, and that its values are finite and repeatable;
 *   <li>{@link org.rankkit.testkit.GoldenCaseAssertions}: checks a loss against a golden case
 *       (docs/numeric-spec.md tolerances), and {@link org.rankkit.testkit.GoldenCaseTests} makes
 *       one JUnit dynamic test per golden file and data type;
 *   <li>{@link org.rankkit.testkit.LossHarness}: the forward/backward runner they share.
 * </ul>
 *
 * <p>The test kit uses only DJL's API; the plugin's test class path supplies an engine (PyTorch).
 */
package org.rankkit.testkit;
