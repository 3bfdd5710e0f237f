package io.tributary.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.runtime.config.ParsedConfig;
import io.tributary.runtime.config.Redaction;
import io.tributary.runtime.config.Role;
import io.tributary.runtime.config.AllowedHosts;
import io.tributary.runtime.config.HostOverrides;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import io.tributary.runtime.config.ValidateCommand;
import io.tributary.runtime.etl.EtlRole;
import io.tributary.runtime.ops.JsonLineLayout;
import io.tributary.runtime.ops.Lifecycle;
import io.tributary.runtime.ops.LogSettings;
import io.tributary.runtime.ops.OpsServer;
import io.tributary.runtime.ops.RoleContext;
import io.tributary.runtime.ops.RuntimeIdentity;
import io.tributary.runtime.ops.RuntimeMetrics;
import io.tributary.runtime.producer.ProducerRole;
import io.tributary.runtime.worker.WorkerRole;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Entry point of the shared runtime:
 * {@code java -jar pipeline-runtime.jar producer|worker|etl|validate [config.json]}, plus
 * {@code --help}, {@code --version} and {@code <command> --help} (picocli, like the operator).
 *
 * <p>The operator's pods run it with the role as the only argument (the config path comes from
 * {@code $TRIBUTARY_CONFIG}); the sandbox runs the same command as a child process. The config path
 * defaults to {@code $TRIBUTARY_CONFIG}, else {@code /etc/tributary/config.json}. An invalid
 * configuration, or a {@code TRIBUTARY_LOG_LEVEL}/{@code TRIBUTARY_LOG_FORMAT} logback would
 * misread ({@link LogSettings}), is refused with exit code 2 before anything is connected. The
 * variables of {@link HostOverrides} adapt it to the host (ports, termination log, the ops
 * server's bind address). Exit codes: 0 done or stopped cleanly (and {@code --help},
 * {@code --version}), 1 failed, 2 usage or configuration error ({@code validate} returns 1 for
 * an invalid file).
 */
public final class Main {
  /** Exit code for a bad command line or an invalid configuration. */
  public static final int EXIT_CONFIG = 2;
  /** Exit code of a role that failed. */
  public static final int EXIT_FAILED = 1;

  private static final String USAGE = "usage: pipeline-runtime producer|worker|etl|validate [config.json]"
      + " (pipeline-runtime --help for more)";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System::getenv, System.out, System.err));
  }

  /** Runs one command and returns its exit code (testable without exiting the JVM). */
  public static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    CommandLine commandLine = CommandHelp.fullDescriptionsInCommandList(new CommandLine(new TopCommand(errWriter)));
    for (Role role : Role.values()) {
      CommandLine sub = new CommandLine(new RoleCommand(role, env));
      sub.getCommandSpec().usageMessage().description(RoleCommand.description(role));
      commandLine.addSubcommand(role.jsonName(), sub);
    }
    commandLine.addSubcommand("validate", new ValidateSubcommand(env, out));
    commandLine.setSubcommandsCaseInsensitive(true);
    commandLine.setOut(outWriter);
    commandLine.setErr(errWriter);
    commandLine.setParameterExceptionHandler(Main::usageError);
    try {
      return commandLine.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** A bad command line: what is wrong and the short usage, exit 2; an unknown word names the commands. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    boolean topLevel = e.getCommandLine().getParent() == null;
    if (topLevel && e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
      err.println("unknown command \"" + unmatched.getUnmatched().get(0) + "\": use producer, worker, etl or validate");
    } else {
      err.println(e.getMessage());
    }
    err.println(USAGE);
    return EXIT_CONFIG;
  }

  @Command(name = "pipeline-runtime", mixinStandardHelpOptions = true, versionProvider = Version.class,
      synopsisSubcommandLabel = "(producer | worker | etl | validate)",
      description = "The shared runtime of Tributary: one role per process, configured by one JSON file"
          + " (pipeline-runtime/CONFIG.md).",
      commandListHeading = "%nCommands:%n",
      footerHeading = "%nEnvironment:%n",
      footer = {
          "  TRIBUTARY_CONFIG      the configuration when none is given",
          "                        (default /etc/tributary/config.json)",
          "  TRIBUTARY_LOG_LEVEL   TRACE, DEBUG, INFO (default), WARN, ERROR or OFF",
          "  TRIBUTARY_LOG_FORMAT  json (default: ECS JSON lines) or text",
          "  and those of CONFIG.md (credentials, ports, bind address)"},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done, or stopped cleanly", "1:the role failed", "2:bad command line or configuration"})
  static final class TopCommand implements Callable<Integer> {
    private final PrintWriter err;

    TopCommand(PrintWriter err) {
      this.err = err;
    }

    /** No command: the short usage, exit 2 (a pod started without a role is a mistake). */
    @Override
    public Integer call() {
      err.println(USAGE);
      return EXIT_CONFIG;
    }
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Version.class,
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done, or stopped cleanly (SIGTERM)", "1:the role failed",
          "2:bad command line or configuration (nothing was connected)"})
  static final class RoleCommand implements Callable<Integer> {
    private final Role role;
    private final Function<String, String> env;
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "<config.json>",
        description = "The configuration (default: $TRIBUTARY_CONFIG, else /etc/tributary/config.json).")
    Path config;

    RoleCommand(Role role, Function<String, String> env) {
      this.role = role;
      this.env = env;
    }

    static String[] description(Role role) {
      String what = switch (role) {
        case PRODUCER -> "Run a producer: records from the configured source into a Kafka topic.";
        case WORKER -> "Run a worker: records from a Kafka topic or a Redis stream through the processors.";
        case ETL -> "Run one ETL job (extract, transform, load) and exit with its result.";
      };
      return new String[] {what, "Serves /metrics, /healthz and /readyz on the metrics port; stops on SIGTERM."};
    }

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      Optional<String> logProblem = LogSettings.problem(env);
      if (logProblem.isPresent()) {
        err.println("pipeline-runtime: " + logProblem.get());
        return EXIT_CONFIG;
      }
      Path path = config != null ? config : RuntimeConfigs.configPath(env);
      ParsedConfig parsed = RuntimeConfigs.load(path);
      if (!parsed.isValid()) {
        err.println(path + ": invalid configuration, not starting:");
        parsed.problems().forEach(problem -> err.println("  " + problem));
        return EXIT_CONFIG;
      }
      RuntimeConfig loaded = parsed.config();
      if (loaded.role() != role) {
        err.println(path + ": the configuration is for role \"" + loaded.role() + "\", not \"" + role + "\"");
        return EXIT_CONFIG;
      }
      err.flush();
      return runRole(loaded, env, Lifecycle.withSignalHandlers());
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Check a configuration without connecting to anything: every problem on its own line"
          + " (<field>: <message>), or \"<file>: valid <role> configuration\".",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:valid", "1:invalid or unreadable", "2:bad command line"})
  static final class ValidateSubcommand implements Callable<Integer> {
    private final Function<String, String> env;
    private final PrintStream out;

    @Parameters(arity = "0..1", paramLabel = "<config.json>",
        description = "The configuration (default: $TRIBUTARY_CONFIG, else /etc/tributary/config.json).")
    Path config;

    ValidateSubcommand(Function<String, String> env, PrintStream out) {
      this.env = env;
      this.out = out;
    }

    @Override
    public Integer call() {
      return ValidateCommand.run(config != null ? config : RuntimeConfigs.configPath(env), out);
    }
  }

  /** {@code pipeline-runtime <version>}: the Maven project version ({@link BuildInfo}). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"pipeline-runtime " + BuildInfo.version()};
    }
  }

  /** Starts the ops server and runs the configured role until it returns; the sandbox may call this. */
  public static int runRole(RuntimeConfig config, Function<String, String> env, Lifecycle lifecycle) {
    return runRole(config, env, lifecycle, ops -> { });
  }

  /**
   * Like {@link #runRole(RuntimeConfig, Function, Lifecycle)}; {@code started} receives the ops
   * server (bound port, registry) before the role starts.
   */
  public static int runRole(RuntimeConfig configured, Function<String, String> env, Lifecycle lifecycle,
      java.util.function.Consumer<OpsServer> started) {
    RuntimeConfig config;
    try {
      config = HostOverrides.apply(configured, env);
      Optional<String> refused = AllowedHosts.fromEnv(env).refusal(config, env);
      if (refused.isPresent()) {
        throw new IllegalArgumentException(refused.get());
      }
    } catch (IllegalArgumentException e) {
      System.err.println(Redaction.text(e.getMessage()));
      lifecycle.roleFinished();
      return EXIT_CONFIG;
    }
    RuntimeIdentity identity = new RuntimeIdentity(config.pipeline(), config.component(), config.role().jsonName());
    JsonLineLayout.setIdentity(identity);
    Logger log = LoggerFactory.getLogger(Main.class);
    PrometheusMeterRegistry registry = RuntimeMetrics.create(identity);
    int port = config.metricsPort();
    String bind = env.apply(HostOverrides.METRICS_BIND);
    java.net.InetSocketAddress address = bind == null || bind.isBlank()
        ? new java.net.InetSocketAddress(port) : new java.net.InetSocketAddress(bind.trim(), port);
    try (OpsServer ops = OpsServer.start(address, registry)) {
      started.accept(ops);
      RoleContext context = new RoleContext(config, registry, ops, lifecycle, env);
      log.info("starting role {} (metrics on port {})", config.role(), ops.port());
      switch (config.role()) {
        case WORKER:
          return WorkerRole.run(context);
        case ETL:
          return EtlRole.run(context);
        default:
          return ProducerRole.run(context);
      }
    } catch (RuntimeException e) {
      log.error("role {} failed: {}", config.role(), Redaction.text(e.getMessage()), e);
      return EXIT_FAILED;
    } finally {
      lifecycle.roleFinished();
    }
  }
}
