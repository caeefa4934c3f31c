/** Similarity augmentations: the simix plugin (SiMix, similarity mixup). */
package org.rankkit.mixup;
