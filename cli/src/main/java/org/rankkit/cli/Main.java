package org.rankkit.cli;

import org.rankkit.api.DjlDefaults;

/** Process entry point of {@code rankkit}. */
public final class Main {

  private Main() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    DjlDefaults.applyOffline();
    System.exit(RankKitCommand.commandLine().execute(args));
  }
}
