/**
 * Optimisers (Adam and AdamW with per-parameter learning-rate multipliers and saveable state) and
 * learning-rate schedules.
 */
package org.rankkit.trainer.optim;
