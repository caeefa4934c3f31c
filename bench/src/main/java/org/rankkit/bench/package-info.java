/** JMH benchmarks and the drivers behind rankkit bench. */
package org.rankkit.bench;
