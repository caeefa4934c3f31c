package org.rankkit.testkit;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.opentest4j.AssertionFailedError;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.golden.LossCase;
import org.rankkit.golden.LossCaseEvaluator;

/**
 * Checks a loss against a golden case with the tolerances of docs/numeric-spec.md and issue 3: in
 * float64 the loss and every gradient entry within {@code 1e-7} absolute; in float32 within {@code
 * 1e-4 + 1e-3·|expected|}.
 */
public final class GoldenCaseAssertions {

  /** Absolute tolerance in float64. */
  public static final double FLOAT64_ABSOLUTE = 1e-7;

  /** Absolute part of the float32 tolerance. */
  public static final double FLOAT32_ABSOLUTE = 1e-4;

  /** Relative part of the float32 tolerance. */
  public static final double FLOAT32_RELATIVE = 1e-3;

  private GoldenCaseAssertions() {}

  /**
   * Returns the allowed absolute difference from an expected value.
   *
   * @param dtype float32 or float64
   * @param expected the expected value
   * @return the tolerance
   */
  public static double tolerance(DataType dtype, double expected) {
    if (dtype == DataType.FLOAT64) {
      return FLOAT64_ABSOLUTE;
    }
    if (dtype == DataType.FLOAT32) {
      return FLOAT32_ABSOLUTE + FLOAT32_RELATIVE * Math.abs(expected);
    }
    throw new IllegalArgumentException(
        "unsupported data type " + dtype + "; use float32 or float64");
  }

  /**
   * Evaluates the case on the CPU and asserts that loss and gradient match its expected values.
   *
   * @param c the case (must have {@code expected})
   * @param registry where the case's loss (and {@code simix}, for a mix) is found
   * @param dtype float32 or float64
   * @throws AssertionFailedError naming the case, the worst entry and the tolerance
   */
  public static void assertMatches(LossCase c, PluginRegistry registry, DataType dtype) {
    assertMatches(c, registry, dtype, Device.cpu());
  }

  /**
   * Evaluates the case on a device and asserts that loss and gradient match its expected values.
   *
   * @param c the case (must have {@code expected})
   * @param registry where the case's loss (and {@code simix}, for a mix) is found
   * @param dtype float32 or float64
   * @param device the device
   * @throws AssertionFailedError naming the case, the worst entry and the tolerance
   */
  public static void assertMatches(
      LossCase c, PluginRegistry registry, DataType dtype, Device device) {
    if (c.expected() == null) {
      throw new IllegalArgumentException("case '" + c.name() + "' has no \"expected\" values");
    }
    LossAndGradient actual = LossCaseEvaluator.run(c, registry, dtype, device);
    String where = "case '" + c.name() + "' (" + c.loss() + ", " + dtype + ", " + device + ")";
    assertMatches(
        where, new LossAndGradient(c.expected().loss(), c.expected().grad()), actual, dtype);
  }

  /**
   * Asserts that a loss and its gradient match expected ones, entry by entry, within {@link
   * #tolerance}.
   *
   * @param where what is compared, for the message
   * @param expectedResult the expected loss and gradient
   * @param actual the loss and gradient computed
   * @param dtype float32 or float64, the data type the actual values were computed in
   * @throws AssertionFailedError naming {@code where}, the worst entry and the tolerance
   */
  public static void assertMatches(
      String where, LossAndGradient expectedResult, LossAndGradient actual, DataType dtype) {
    double expectedLoss = expectedResult.loss();
    double lossTol = tolerance(dtype, expectedLoss);
    if (!(Math.abs(actual.loss() - expectedLoss) <= lossTol)) {
      throw new AssertionFailedError(
          where
              + ": loss "
              + actual.loss()
              + " differs from expected "
              + expectedLoss
              + " by "
              + Math.abs(actual.loss() - expectedLoss)
              + " > tolerance "
              + lossTol,
          expectedLoss,
          actual.loss());
    }
    double[][] expected = expectedResult.gradient();
    double[][] grad = actual.gradient();
    int failures = 0;
    double worstExcess = -1;
    String worst = null;
    for (int i = 0; i < expected.length; i++) {
      if (expected[i].length != grad[i].length) {
        throw new AssertionFailedError(
            where
                + ": expected.grad row "
                + i
                + " has "
                + expected[i].length
                + " entries but the gradient has "
                + grad[i].length);
      }
      for (int k = 0; k < expected[i].length; k++) {
        double tol = tolerance(dtype, expected[i][k]);
        double diff = Math.abs(grad[i][k] - expected[i][k]);
        if (!(diff <= tol)) {
          failures++;
          double excess = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / tol;
          if (excess > worstExcess) {
            worstExcess = excess;
            worst =
                "grad["
                    + i
                    + "]["
                    + k
                    + "] = "
                    + grad[i][k]
                    + ", expected "
                    + expected[i][k]
                    + " (difference "
                    + diff
                    + " > tolerance "
                    + tol
                    + ")";
          }
        }
      }
    }
    if (failures > 0) {
      throw new AssertionFailedError(
          where + ": " + failures + " gradient entries outside tolerance; worst: " + worst);
    }
  }
}
