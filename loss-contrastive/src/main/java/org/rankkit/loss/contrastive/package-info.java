/** The contrastive plugin: pairwise contrastive loss on similarities. */
package org.rankkit.loss.contrastive;
