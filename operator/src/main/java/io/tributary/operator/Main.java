package io.tributary.operator;

import io.tributary.runtime.BuildInfo;
import io.tributary.runtime.CommandHelp;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the operator jar.
 *
 * <p>{@code run} (the default): the operator in a cluster, see {@link RunCommand}. The sandbox (DESIGN §7)
 * is not in this jar: it is {@code operator/sandbox/target/tributary-sandbox.jar} (module operator/sandbox).
 */
@Command(
    name = "tributary-operator",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {RunCommand.class},
    description = "Kubernetes operator for streaming data pipelines on Kafka and Redis.")
public final class Main implements java.util.concurrent.Callable<Integer> {
  /**
   * The operator's logback configuration (classpath resource). The runtime's {@code logback.xml}
   * is on the classpath too and would win logback's default lookup.
   */
  public static final String LOGBACK_CONFIGURATION = "tributary-operator-logback.xml";

  /** How the sandbox starts from the repository root (README command 1), named when asked for {@code sandbox}. */
  static final String SANDBOX_COMMAND = "java -jar operator/sandbox/target/tributary-sandbox.jar -f <file or folder>...";

  public static void main(String[] args) {
    useOperatorLogging();
    System.exit(execute(args));
  }

  /**
   * Points logback at {@link #LOGBACK_CONFIGURATION} unless the user chose a file with
   * {@code -Dlogback.configurationFile}; must run before the first logger is created (also by the sandbox jar).
   */
  public static void useOperatorLogging() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
    }
  }

  /** Runs the command line and returns the exit code (no {@code System.exit}, for tests). */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Like {@link #execute(String...)}, help and version to {@code out}, usage errors to {@code err}. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = CommandHelp.fullDescriptionsInCommandList(new CommandLine(new Main()));
    commandLine.setOut(out);
    commandLine.setErr(err);
    try {
      if (args.length > 0 && args[0].equals("sandbox")) {
        err.println("tributary-operator: the sandbox is not in the operator jar; it is the sandbox jar: "
            + SANDBOX_COMMAND + " (README)");
        return CommandLine.ExitCode.USAGE;
      }
      return commandLine.execute(args.length == 0 ? new String[] {"run"} : args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** No sub-command but other arguments: run, like the default. */
  @Override
  public Integer call() {
    return new RunCommand().call();
  }

  /** {@code tributary-operator <version>}: the Maven project version ({@link BuildInfo}, shared with the runtime). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tributary-operator " + BuildInfo.version()};
    }
  }
}
