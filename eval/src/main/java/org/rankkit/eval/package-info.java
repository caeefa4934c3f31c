/** Exact blocked retrieval search and retrieval metrics. */
package org.rankkit.eval;
