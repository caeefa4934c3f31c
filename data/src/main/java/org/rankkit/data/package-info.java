/** Dataset formats, image decoding, augmentation and background loading. */
package org.rankkit.data;
