/**
 * The test kit for dataset plugins: {@link org.rankkit.testkit.dataset.DatasetContract}, the JUnit
 * 5 contract a {@link org.rankkit.data.Dataset} must pass, and {@link
 * org.rankkit.testkit.dataset.DatasetFixtures}, tiny datasets in every published layout that
 * RankKit reads.
 */
package org.rankkit.testkit.dataset;
