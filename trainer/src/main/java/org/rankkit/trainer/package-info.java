/** Embedding models, optimisers, schedules, checkpoints and the common training loop. */
package org.rankkit.trainer;
