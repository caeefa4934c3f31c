/** The smooth-ap and fast-ap plugins: average-precision surrogates. */
package org.rankkit.loss.ap;
