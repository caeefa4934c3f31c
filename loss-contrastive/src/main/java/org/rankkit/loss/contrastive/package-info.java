/**
 * The contrastive plugin ({@link org.rankkit.loss.contrastive.ContrastiveLossPlugin}, id {@code
 * loss-contrastive}): the pairwise contrastive loss on similarities exactly as docs/numeric-spec.md
 * defines it, computed by a fused CPU row kernel (or engine operations in chunks of rows) and
 * handed to autograd as a function linear in {@code S}.
 */
package org.rankkit.loss.contrastive;
