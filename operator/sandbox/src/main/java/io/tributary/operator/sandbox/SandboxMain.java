package io.tributary.operator.sandbox;

import io.tributary.operator.Main;
import picocli.CommandLine;

/**
 * Entry point of the sandbox jar ({@code operator/sandbox/target/tributary-sandbox.jar}): {@link SandboxCommand}
 * as the top-level command, {@code java -jar tributary-sandbox.jar -f <file or folder>...}. The operator jar
 * ({@link Main}) does not carry the sandbox.
 */
public final class SandboxMain {
  /** The command name in usage and error messages. */
  static final String COMMAND_NAME = "tributary-sandbox";

  private SandboxMain() {}

  public static void main(String[] args) {
    Main.useOperatorLogging();
    System.exit(commandLine().execute(args));
  }

  /** The sandbox's command line (no {@code System.exit}, for tests). */
  static CommandLine commandLine() {
    return new CommandLine(new SandboxCommand()).setCommandName(COMMAND_NAME);
  }
}
