package org.rankkit.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.data.ImageSet;
import org.rankkit.trainer.outputs.InputSpec;
import org.rankkit.trainer.run.RunData;
import org.rankkit.trainer.tiny.TinyGlyphs;

/**
 * A TorchScript backbone written by PyTorch, fine-tuned by a tiny glyphs run, exported, and loaded
 * back by PyTorch ({@code torch.jit.load("embedder.pt")}): its embeddings of test images equal the
 * JVM embedder's to 1e-5. Needs a Python with PyTorch (Debian's python3-torch at /usr/bin/python3,
 * installed by .ci/run); skipped with the reason where it is absent.
 */
class TorchScriptRoundTripTest {

  private static final String BACKBONE =
      String.join(
          "\n",
          "import sys, torch",
          "class Net(torch.nn.Module):",
          "    def __init__(self):",
          "        super().__init__()",
          "        self.conv1 = torch.nn.Conv2d(1, 6, 3, padding=1)",
          "        self.conv2 = torch.nn.Conv2d(6, 12, 3, stride=2, padding=1)",
          "    def forward(self, x):",
          "        return torch.relu(self.conv2(torch.relu(self.conv1(x))))",
          "torch.manual_seed(0)",
          "torch.jit.script(Net()).save(sys.argv[1])",
          "");

  private static final String EMBED =
      String.join(
          "\n",
          "import sys, torch",
          "n, c, s = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])",
          "data = bytearray(open(sys.argv[2], 'rb').read())",
          "x = torch.frombuffer(data, dtype=torch.float32).reshape(n, c, s, s)",
          "m = torch.jit.load(sys.argv[1])",
          "m.eval()",
          "with torch.no_grad():",
          "    e = m(x).contiguous()",
          "open(sys.argv[6], 'wb').write(e.numpy().astype('<f4').tobytes())",
          "");

  @Test
  void embedderPtGivesTheSameEmbeddingsInPyTorch(@TempDir Path dir) throws Exception {
    Path python = TorchScriptExport.defaultPython();
    Assumptions.assumeTrue(
        TorchScriptExport.hasTorch(python),
        python
            + " cannot import torch (install Debian's python3-torch): TorchScript round trip not tested");
    TinyGlyphs.requireFonts();
    Path backbone = dir.resolve("backbone-in.pt");
    run(python, dir, "make_backbone.py", BACKBONE, backbone.toString());

    Map<String, Object> extra = Map.of("backbone", backbone.toString());
    TinyGlyphs.trainRecall(dir.resolve("run"), extra);
    Path model = dir.resolve("model");
    ModelInfo info = ModelExport.export(dir.resolve("run"), "last", model, python);
    assertThat(info.backbone()).isEqualTo(ModelInfo.TORCHSCRIPT);
    assertThat(info.torchScript()).isEqualTo(TorchScriptExport.FILE);
    assertThat(model.resolve(TorchScriptExport.FILE)).isNotEmptyFile();
    assertThat(model.resolve(ModelInfo.BACKBONE_FILE)).isNotEmptyFile();

    ImageSet test = RunData.open(TinyGlyphs.recallConfig(extra)).query();
    int n = 10;
    InputSpec in = info.input();
    int length = in.channels() * in.imageSize() * in.imageSize();
    float[] inputs = test.loadFloats(java.util.stream.IntStream.range(0, n).toArray(), false, null);
    float[][] expected;
    try (Embedder embedder = Embedder.load(model, Device.cpu())) {
      expected = embedder.embedInputs(inputs, n);
    }
    // embedder.pt takes pixels in [0, 1]: undo the normalisation
    ByteBuffer pixels = ByteBuffer.allocate(n * length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : inputs) {
      pixels.putFloat(v * in.std().get(0) + in.mean().get(0));
    }
    Path pixelFile = dir.resolve("pixels.f32");
    Files.write(pixelFile, pixels.array());
    Path out = dir.resolve("embeddings.f32");
    run(
        python,
        dir,
        "embed.py",
        EMBED,
        model.resolve(TorchScriptExport.FILE).toString(),
        pixelFile.toString(),
        Integer.toString(n),
        Integer.toString(in.channels()),
        Integer.toString(in.imageSize()),
        out.toString());
    ByteBuffer got = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(got.remaining()).isEqualTo(n * info.embeddingSize() * 4);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < info.embeddingSize(); d++) {
        worst = Math.max(worst, Math.abs(got.getFloat() - expected[i][d]));
      }
    }
    assertThat(worst).as("largest |PyTorch - RankKit| over %d embeddings", n).isLessThan(1e-5);
  }

  private static void run(Path python, Path dir, String name, String code, String... args)
      throws IOException, InterruptedException {
    Path script = dir.resolve(name);
    Files.writeString(script, code);
    String[] command = new String[args.length + 2];
    command[0] = python.toString();
    command[1] = script.toString();
    System.arraycopy(args, 0, command, 2, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }
}
