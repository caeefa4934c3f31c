package org.rankkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.golden.LossCase;
import org.rankkit.golden.LossCaseEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rankkit loss-check CASE.json}: evaluates a loss on a case in the golden format of
 * docs/numeric-spec.md and prints {@code {"loss": x, "grad": [[...]]}} (grad = dL/dE for the
 * embeddings given).
 */
@Command(
    name = "loss-check",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a loss on a case in the golden-case format of docs/numeric-spec.md (\"loss\", \"params\","
          + " \"embeddings\", \"labels\", optional \"mix\" applied with simix; \"expected\" is ignored)"
          + " and print one JSON object {\"loss\": x, \"grad\": [[...]]} with grad = dL/dE."
    })
final class LossCheckCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Parameters(index = "0", paramLabel = "CASE.json", description = "The case file.")
  private Path file;

  @Mixin private PrecisionOption dtype = new PrecisionOption(Precision.float64);

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      description = "cpu or gpu (default: ${DEFAULT-VALUE}); gpu needs a CUDA engine and a GPU.")
  private ComputeDevice device = ComputeDevice.cpu;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    LossCase c = LossCase.read(file);
    LossAndGradient result =
        LossCaseEvaluator.run(c, context.registry(), dtype.type(), device.device());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("loss", result.loss());
    json.put("grad", result.gradient());
    PrintWriter out = context.out();
    out.println(new ObjectMapper().writeValueAsString(json));
    out.flush();
    return 0;
  }
}
