/**
 * The {@code rankkit} command-line application: one picocli command per subcommand, wired to the
 * plugins discovered on the class path and in {@code --plugins DIR}.
 */
package org.rankkit.cli;
