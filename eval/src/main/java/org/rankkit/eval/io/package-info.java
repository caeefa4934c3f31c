/**
 * Readers of embedding matrices and label vectors: NumPy {@code .npy} files (float32, float64,
 * int32, int64; little-endian, C order; format versions 1 to 3) and delimited text ({@code .csv},
 * {@code .tsv}, one row per item). Every error names the file and, where there is one, the row and
 * the offending value.
 */
package org.rankkit.eval.io;
