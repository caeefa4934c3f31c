/**
 * Training configuration: the documented flat keys with defaults ({@link
 * org.rankkit.trainer.config.TrainConfig}), their types, and YAML/JSON configuration files.
 */
package org.rankkit.trainer.config;
