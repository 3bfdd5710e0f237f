package io.tributary.operator;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the operator jar.
 *
 * <ul>
 *   <li>{@code run} (the default): the operator in a cluster, see {@link RunCommand};
 *   <li>{@code sandbox}: the whole system on one machine (DESIGN §7), see {@link SandboxCommand}.
 * </ul>
 */
@Command(
    name = "tributary-operator",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {RunCommand.class, SandboxCommand.class},
    description = "Kubernetes operator for streaming data pipelines on Kafka and Redis.")
public final class Main implements java.util.concurrent.Callable<Integer> {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (no {@code System.exit}, for tests). */
  public static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    if (args.length == 0) {
      return commandLine.execute("run");
    }
    return commandLine.execute(args);
  }

  /** No sub-command but other arguments: run, like the default. */
  @Override
  public Integer call() {
    return new RunCommand().call();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"tributary-operator " + (version == null ? "dev" : version)};
    }
  }
}
