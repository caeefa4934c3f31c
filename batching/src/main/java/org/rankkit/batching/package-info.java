/** Samplers and the plain and memory-bounded batch-strategy plugins. */
package org.rankkit.batching;
