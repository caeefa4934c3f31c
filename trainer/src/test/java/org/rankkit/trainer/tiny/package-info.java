/**
 * The tiny training runs that tests of several modules share, declared once: {@link
 * org.rankkit.trainer.tiny.TinyGlyphs} (the installed glyph fonts) and {@link
 * org.rankkit.trainer.tiny.TinyFashionMnist} (small subsets of the installed Fashion-MNIST files),
 * each with the check that skips (outside CI) or fails (in CI) when its data is not installed.
 *
 * <p>Published as trainer's test-jar (only this package), used by trainer's, inference's and cli's
 * tests with {@code <type>test-jar</type>}.
 */
package org.rankkit.trainer.tiny;
