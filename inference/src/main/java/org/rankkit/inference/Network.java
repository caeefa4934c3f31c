package org.rankkit.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.rankkit.trainer.model.Backbones;
import org.rankkit.trainer.model.EmbeddingModel;

/** Rebuilds a trained embedding network (as the trainer assembles it) and loads its weights. */
final class Network {

  private Network() {}

  /**
   * Builds the network that a model description names into {@code model} and loads its parameters.
   *
   * @param model the DJL model that will hold the block (its manager and device are used)
   * @param info the description: the small CNN's width and normalisation, the embedding size and
   *     the input's channels and side
   * @param backbone the backbone's configuration name, or a TorchScript file
   * @param weights the network's parameters in DJL's format
   * @param source names the weights in messages
   * @return the network
   * @throws IllegalArgumentException when the weights do not fit the network
   * @throws IOException when reading fails
   */
  static EmbeddingModel build(
      Model model, ModelInfo info, String backbone, InputStream weights, String source)
      throws IOException {
    int channels = info.input().channels();
    int imageSize = info.input().imageSize();
    Shape item = new Shape(channels, imageSize, imageSize);
    Block b =
        Backbones.create(
            backbone,
            Math.max(1, info.cnnWidth()),
            info.cnnNorm() == null ? "batch" : info.cnnNorm(),
            item,
            model.getNDManager());
    EmbeddingModel net = EmbeddingModel.builder().backbone(b).dim(info.embeddingSize()).build();
    model.setBlock(net.block());
    net.block()
        .initialize(
            model.getNDManager(), DataType.FLOAT32, new Shape(2, channels, imageSize, imageSize));
    try {
      net.block().loadParameters(model.getNDManager(), new DataInputStream(weights));
    } catch (MalformedModelException | RuntimeException e) {
      throw new IllegalArgumentException(
          source
              + " does not fit the network that model.json describes ("
              + firstLine(e.getMessage())
              + ")",
          e);
    }
    return net;
  }

  /**
   * Finds the TorchScript module inside a backbone, or null when the backbone is not TorchScript.
   *
   * @param backbone the backbone block
   * @return the module
   */
  static PtSymbolBlock torchScriptModule(Block backbone) {
    if (backbone instanceof PtSymbolBlock pt) {
      return pt;
    }
    for (Pair<String, Block> child : backbone.getChildren()) {
      PtSymbolBlock found = torchScriptModule(child.getValue());
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * The backbone argument for {@link Backbones#create}: the configuration name, or for TorchScript
   * the model directory's {@code backbone.pt}.
   *
   * @param info the model description
   * @param dir the model directory
   * @return the name or path
   */
  static String backboneArgument(ModelInfo info, Path dir) {
    return ModelInfo.TORCHSCRIPT.equals(info.backbone())
        ? dir.resolve(ModelInfo.BACKBONE_FILE).toString()
        : info.backbone();
  }
}
