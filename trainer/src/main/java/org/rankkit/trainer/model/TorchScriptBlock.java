package org.rankkit.trainer.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A trainable TorchScript module as a DJL block.
 *
 * <p>DJL's {@link PtSymbolBlock} runs a forward pass with {@code training = false} under PyTorch's
 * inference mode, whose tensors cannot be used by autograd; but RankKit's batch strategies forward
 * with {@code training = false} <em>and</em> gradients when BatchNorm is frozen. This wrapper maps
 * the training flag to the module's {@code train()} / {@code eval()} state only, and always runs
 * the forward pass outside inference mode, so gradients reach the module's parameters whenever a
 * gradient collector is recording (outside one, no graph is built).
 */
final class TorchScriptBlock extends AbstractBlock {

  private final PtSymbolBlock module;
  private Boolean trainingMode;

  TorchScriptBlock(PtSymbolBlock module) {
    this.module = addChildBlock("torchscript", module);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    if (trainingMode == null || trainingMode != training) {
      if (training) {
        JniUtils.enableTrainingMode(module);
      } else {
        JniUtils.enableInferenceMode(module);
      }
      trainingMode = training;
    }
    return IValueUtils.forward(module, inputs, true);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    module.initialize(manager, dataType, inputShapes); // its parameters come from the file
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return module.getOutputShapes(inputShapes);
  }
}
