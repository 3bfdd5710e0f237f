package io.tributary.operator;

import io.tributary.operator.sandbox.SandboxCommand;
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
  /**
   * The operator's logback configuration (classpath resource). The runtime's {@code logback.xml}
   * is on the classpath too and would win logback's default lookup.
   */
  public static final String LOGBACK_CONFIGURATION = "tributary-operator-logback.xml";

  public static void main(String[] args) {
    useOperatorLogging();
    System.exit(execute(args));
  }

  /**
   * Points logback at {@link #LOGBACK_CONFIGURATION} unless the user chose a file with
   * {@code -Dlogback.configurationFile}; must run before the first logger is created.
   */
  static void useOperatorLogging() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
    }
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
