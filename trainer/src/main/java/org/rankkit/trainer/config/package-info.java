/**
 * Training configuration: the documented flat keys with defaults ({@link
 * org.rankkit.trainer.config.TrainingConfig}), each declared once as a {@link
 * org.rankkit.trainer.config.Key} component and bound by {@link
 * org.rankkit.trainer.config.RecordKeys}, their types, and YAML/JSON configuration files.
 */
package org.rankkit.trainer.config;
