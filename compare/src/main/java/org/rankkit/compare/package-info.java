/**
 * {@code rankkit compare}: a suite of training runs that share every setting (dataset, protocol,
 * backbone, embedding size, sampler, batch size, epochs, seed, evaluation) and differ only in loss,
 * similarity augmentation and batch strategy; repeated over seeds and swept over any setting, with
 * {@code results.json}, a ranked {@code report.md} and PNG charts.
 */
package org.rankkit.compare;
