/**
 * The picocli command line: one class per command. A user's mistake becomes a
 * {@link io.smoothkd.experiments.cli.UserInputException}, printed as one line with exit code 2.
 */
package io.smoothkd.experiments.cli;
