package org.rankkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rankkit.api.plugin.PluginDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rankkit plugins}: lists every discovered plugin factory. */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    description = "List discovered plugins: kind, id, parameters with defaults, providing jar.")
final class PluginsCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Option(
      names = "--json",
      description =
          "Print a JSON array with one object per plugin: kind (loss, augmentation, batch-strategy, dataset, metric, or a kind a plugin jar defines), id, params (parameter names with their defaults), source (the jar or class-path entry it came from), plugin (the implementing class) and description (what it does).")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    List<PluginDescriptor> plugins = context.registry().describe();
    Printing.jsonOrTable(context.out(), json, json(plugins), table(plugins));
    return 0;
  }

  private static List<Map<String, Object>> json(List<PluginDescriptor> plugins) {
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
    return rows;
  }

  private static List<String[]> table(List<PluginDescriptor> plugins) {
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"KIND", "ID", "PARAMETERS (defaults)", "SOURCE"});
    for (PluginDescriptor d : plugins) {
      StringBuilder params = new StringBuilder();
      d.params()
          .forEach(
              (k, v) -> params.append(params.isEmpty() ? "" : " ").append(k).append('=').append(v));
      table.add(new String[] {d.kind(), d.id(), params.toString(), d.source()});
    }
    return table;
  }
}
