/**
 * What a finished run leaves besides its checkpoints and metrics: {@code retrieval.png} (the {@link
 * org.rankkit.trainer.outputs.RetrievalPicture}) and {@code input.json} (the {@link
 * org.rankkit.trainer.outputs.InputSpec}, the evaluation preprocessing that an exported model
 * repeats).
 */
package org.rankkit.trainer.outputs;
