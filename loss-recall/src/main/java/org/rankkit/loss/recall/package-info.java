/** The recall-at-k plugin: the smooth Recall@k surrogate of Patel, Tolias and Matas (CVPR 2022). */
package org.rankkit.loss.recall;
