package org.rankkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rankkit.inference.ModelExport;
import org.rankkit.inference.ModelInfo;
import org.rankkit.inference.TorchScriptExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rankkit export}: a run's checkpoint as a self-contained model directory. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Write a trained run as a model directory: model.json (backbone, head, embedding size,"
            + " channels, image size, normalisation, RankKit version, the run's configuration) and"
            + " weights.params; for a TorchScript backbone also backbone.pt and embedder.pt"
            + " (composed with a Python that has PyTorch). Load it with rankkit embed or"
            + " RankKitModels.embedder(dir).")
final class ExportCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Option(
      names = "--run",
      required = true,
      paramLabel = "DIR",
      description = "Run directory of rankkit train.")
  private Path run;

  @Option(names = "--checkpoint", paramLabel = "WHICH", description = "best (default) or last.")
  private String checkpoint = "best";

  @Option(
      names = "--out",
      required = true,
      paramLabel = "MODEL_DIR",
      description = "New (or empty) model directory.")
  private Path out;

  @Option(
      names = "--python",
      paramLabel = "PATH",
      description =
          "Python with PyTorch that composes embedder.pt (default: /usr/bin/python3, else python3).")
  private Path python;

  @Option(
      names = "--no-torchscript",
      description = "Do not run Python; write compose_embedder.py only.")
  private boolean noTorchScript;

  @Override
  public Integer call() throws Exception {
    Path py = noTorchScript ? null : python != null ? python : TorchScriptExport.defaultPython();
    ModelInfo info = ModelExport.export(run, checkpoint, out, py);
    PrintWriter console = context.out();
    console.printf(
        "Exported %s (%s checkpoint, epoch %d) to %s%n", run, info.checkpoint(), info.epoch(), out);
    console.printf(
        "  backbone %s, embedding size %d, input %s %dx%d, %d channel(s)%n",
        info.backbone(),
        info.embeddingSize(),
        info.input().transform(),
        info.input().imageSize(),
        info.input().imageSize(),
        info.input().channels());
    if (ModelInfo.TORCHSCRIPT.equals(info.backbone())) {
      console.println(
          info.torchScript() != null
              ? "  embedder.pt: backbone + head + normalisation as TorchScript (torch.jit.load)"
              : "  embedder.pt not written (no Python with PyTorch); run: python3 "
                  + out.resolve(TorchScriptExport.SCRIPT)
                  + " "
                  + out);
    }
    console.flush();
    return 0;
  }
}
