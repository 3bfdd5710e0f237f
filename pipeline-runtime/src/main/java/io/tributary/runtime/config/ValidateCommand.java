package io.tributary.runtime.config;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code java -jar pipeline-runtime.jar validate config.json}: prints the problems, one per line. */
public final class ValidateCommand {
  /** Exit code of a valid configuration. */
  public static final int OK = 0;
  /** Exit code when the configuration has problems or cannot be read. */
  public static final int INVALID = 1;

  private ValidateCommand() {}

  /** Validates {@code config}; problems to stdout, one per line; returns the exit code. */
  public static int run(Path config) {
    return run(config, System.out);
  }

  /**
   * Validates {@code config} and prints {@code <path>: <message>} per problem, or
   * {@code <file>: valid <role> configuration}.
   *
   * @return {@link #OK} or {@link #INVALID}
   */
  public static int run(Path config, PrintStream out) {
    ParsedConfig parsed = RuntimeConfigs.load(config);
    if (parsed.isValid()) {
      out.println(config + ": valid " + parsed.config().role() + " configuration");
      return OK;
    }
    parsed.problems().forEach(out::println);
    out.println(config + ": " + parsed.problems().size() + " problem"
        + (parsed.problems().size() == 1 ? "" : "s"));
    return INVALID;
  }
}
