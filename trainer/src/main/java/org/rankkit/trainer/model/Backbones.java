package org.rankkit.trainer.model;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates backbones from their configuration name.
 *
 * <ul>
 *   <li>{@code small-cnn}: {@link SmallResidualCnn} with the given width;
 *   <li>{@code resnet18}, {@code resnet34}, {@code resnet50}, {@code resnet101}, {@code resnet152}:
 *       DJL's {@link ResNetV1} for the dataset's image shape, without its classifier layer;
 *   <li>any other value is a TorchScript file ({@code .pt}) holding a feature extractor that maps
 *       {@code (B, C, H, W)} images to {@code (B, F)} features (or a feature map); it is loaded
 *       with its parameters trainable, so training fine-tunes it. Export recipe: see the trainer
 *       README ({@code torch.jit.trace(net.eval(), example)} or {@code torch.jit.script(net)}, then
 *       {@code .save("model.pt")}).
 * </ul>
 */
public final class Backbones {

  private static final Pattern RESNET = Pattern.compile("resnet(\\d+)");
  private static final List<Integer> RESNET_DEPTHS = List.of(18, 34, 50, 101, 152);

  private Backbones() {}

  /**
   * Creates a backbone.
   *
   * @param name {@code small-cnn}, {@code resnet<N>} or a TorchScript file path
   * @param cnnWidth the small CNN's first-stage width
   * @param cnnNorm the small CNN's normalisation ({@code batch}, {@code layer}, {@code none})
   * @param itemShape shape {@code (C, H, W)} of one input image
   * @param manager the model's manager (TorchScript modules are loaded into it, on its device)
   * @return the uninitialised backbone (TorchScript: initialised from the file)
   * @throws IllegalArgumentException for an unknown ResNet depth, or a TorchScript file that is
   *     missing or cannot be loaded
   */
  public static Block create(
      String name, int cnnWidth, String cnnNorm, Shape itemShape, NDManager manager) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("small-cnn")) {
      return SmallResidualCnn.builder().width(cnnWidth).norm(cnnNorm).build();
    }
    Matcher m = RESNET.matcher(lower);
    if (m.matches()) {
      int depth = Integer.parseInt(m.group(1));
      if (!RESNET_DEPTHS.contains(depth)) {
        throw new IllegalArgumentException(
            "backbone " + name + ": DJL's ResNetV1 has depths " + RESNET_DEPTHS);
      }
      return resnet(depth, itemShape);
    }
    return torchScript(Path.of(name), manager);
  }

  /**
   * Returns DJL's ResNetV1 of a depth without its final linear classifier (it ends with global
   * average pooling and flattening, so it outputs {@code (B, F)} features).
   *
   * @param depth 18, 34, 50, 101 or 152
   * @param itemShape {@code (C, H, W)} of one image
   * @return the backbone
   */
  public static Block resnet(int depth, Shape itemShape) {
    SequentialBlock full =
        ResNetV1.builder().setImageShape(itemShape).setNumLayers(depth).setOutSize(1).build();
    SequentialBlock features = new SequentialBlock();
    for (Pair<String, Block> child : full.getChildren()) {
      if (child.getValue() instanceof Linear) {
        break;
      }
      features.add(child.getValue());
    }
    return features;
  }

  /**
   * Loads a TorchScript module with trainable parameters.
   *
   * @param file the {@code .pt} file
   * @param manager a PyTorch manager; the module lives on its device
   * @return the module as a block
   * @throws IllegalArgumentException when the file is missing or not a TorchScript module
   */
  public static Block torchScript(Path file, NDManager manager) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "backbone '"
              + file
              + "' is neither small-cnn, resnet18/34/50/101/152 nor an existing"
              + " TorchScript file");
    }
    if (!(manager instanceof PtNDManager pt)) {
      throw new IllegalArgumentException(
          "TorchScript backbones need the PyTorch engine, but the model uses "
              + manager.getEngine().getEngineName());
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
        throw new IllegalArgumentException(
            "backbone '"
                + file
                + "' is not a TorchScript file (a zip archive written by"
                + " torch.jit.save / ScriptModule.save); see the export recipe in the trainer README");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "backbone '" + file + "' cannot be read: " + e.getMessage(), e);
    }
    try {
      return new TorchScriptBlock(
          JniUtils.loadModule(pt, file, true, new String[0], new String[0], true));
    } catch (EngineException e) {
      throw new IllegalArgumentException(
          "backbone '"
              + file
              + "' could not be loaded as TorchScript: "
              + firstLine(e.getMessage()),
          e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
