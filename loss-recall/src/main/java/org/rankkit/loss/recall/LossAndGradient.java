package org.rankkit.loss.recall;

import ai.djl.ndarray.NDArray;

/**
 * A loss value with its gradient with respect to the similarities, before both are handed to
 * autograd.
 *
 * @param loss the loss value (mean over valid queries; 0 when there is none)
 * @param gradient {@code dL/dS}, {@code N × N}, in the similarities' data type and on their device
 */
record LossAndGradient(double loss, NDArray gradient) {}
