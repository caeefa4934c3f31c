/**
 * An example RankKit plugin: the Multi-Similarity loss, its configuration record and the plugin
 * module that registers it. A template for retrieval teams adding their own loss.
 */
package com.example.retrieval.loss;
