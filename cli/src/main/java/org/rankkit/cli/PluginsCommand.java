package org.rankkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rankkit.api.plugin.PluginDescriptor;
import org.rankkit.compare.TextTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rankkit plugins}: lists every discovered plugin factory. */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    description = "List discovered plugins: kind, id, parameters with defaults, providing jar.")
final class PluginsCommand implements Callable<Integer> {

  @ParentCommand private RankKitCommand parent;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--json",
      description =
          "Print a JSON array with one object per plugin: kind (loss, augmentation, batch-strategy, dataset, metric, or a kind a plugin jar defines), id, params (parameter names with their defaults), source (the jar or class-path entry it came from), plugin (the implementing class) and description (what it does).")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    List<PluginDescriptor> plugins = parent.registry().describe();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (PluginDescriptor d : plugins) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", d.kind());
        row.put("id", d.id());
        row.put("params", d.params());
        row.put("source", d.source());
        row.put("plugin", d.plugin());
        row.put("description", d.description());
        rows.add(row);
      }
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      List<String[]> table = new ArrayList<>();
      table.add(new String[] {"KIND", "ID", "PARAMETERS (defaults)", "SOURCE"});
      for (PluginDescriptor d : plugins) {
        StringBuilder params = new StringBuilder();
        d.params()
            .forEach(
                (k, v) ->
                    params.append(params.isEmpty() ? "" : " ").append(k).append('=').append(v));
        table.add(new String[] {d.kind(), d.id(), params.toString(), d.source()});
      }
      out.print(TextTable.render(table));
    }
    out.flush();
    return 0;
  }
}
