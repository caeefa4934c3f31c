package org.rankkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Settings (configuration keys and values) as {@code rankkit} command-line arguments: the keys that
 * have a flag of their own ({@code --loss}, {@code --dataset}, {@code --epochs}, {@code --batch},
 * {@code --per-class}) as that flag, every other key as {@code --set key=value}; a list value is
 * written comma-separated, as {@code --set} reads it.
 */
final class SettingArguments {

  private static final Map<String, String> FLAGS =
      Map.of(
          "loss", "--loss",
          "dataset", "--dataset",
          "epochs", "--epochs",
          "batch", "--batch",
          "perClass", "--per-class");

  private SettingArguments() {}

  /**
   * The arguments for {@code settings}, in its order.
   *
   * @param settings configuration keys and values
   * @return the arguments
   */
  static List<String> of(Map<String, ?> settings) {
    List<String> args = new ArrayList<>();
    settings.forEach(
        (key, value) -> {
          String text =
              value instanceof List<?> list
                  ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                  : String.valueOf(value);
          String flag = FLAGS.get(key);
          args.addAll(flag == null ? List.of("--set", key + "=" + text) : List.of(flag, text));
        });
    return args;
  }

  /**
   * The command line {@code command settings... more...}.
   *
   * @param command the subcommand, such as {@code train}
   * @param settings configuration keys and values
   * @param more further arguments, such as {@code --out DIR}
   * @return the whole argument array
   */
  static String[] command(String command, Map<String, ?> settings, String... more) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(of(settings));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }
}
