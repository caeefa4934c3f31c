package org.rankkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One execution of the {@code rankkit} command line in-process, with its exit code and captured
 * standard output and error.
 *
 * @param exit the exit code
 * @param out what the command printed to standard output
 * @param err what it printed to standard error
 */
record CliRun(int exit, String out, String err) {

  /**
   * Runs {@code rankkit} with RankKit's error handling.
   *
   * @param args the arguments
   * @return the result
   */
  static CliRun of(String... args) {
    CommandLine cl = RankKitCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
