package io.tributary.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.runtime.config.ParsedConfig;
import io.tributary.runtime.config.Redaction;
import io.tributary.runtime.config.Role;
import io.tributary.runtime.config.HostOverrides;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import io.tributary.runtime.config.ValidateCommand;
import io.tributary.runtime.etl.EtlRole;
import io.tributary.runtime.ops.JsonLineLayout;
import io.tributary.runtime.ops.Lifecycle;
import io.tributary.runtime.ops.OpsServer;
import io.tributary.runtime.ops.RoleContext;
import io.tributary.runtime.ops.RuntimeIdentity;
import io.tributary.runtime.ops.RuntimeMetrics;
import io.tributary.runtime.producer.ProducerRole;
import io.tributary.runtime.worker.WorkerRole;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the shared runtime:
 * {@code java -jar pipeline-runtime.jar producer|worker|etl|validate [config.json]}.
 *
 * <p>The config path defaults to {@code $TRIBUTARY_CONFIG}, else {@code /etc/tributary/config.json}.
 * An invalid configuration is refused with every problem and exit code 2 before anything is
 * connected. The variables of {@link HostOverrides} adapt it to the host (ports, termination log,
 * the ops server's bind address). Exit codes: 0 done or stopped cleanly, 1 failed, 2 usage or
 * configuration error ({@code validate} returns 1 for an invalid file).
 */
public final class Main {
  /** Exit code for a bad command line or an invalid configuration. */
  public static final int EXIT_CONFIG = 2;
  /** Exit code of a role that failed. */
  public static final int EXIT_FAILED = 1;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System::getenv, System.out, System.err));
  }

  /** Runs one command and returns its exit code (testable without exiting the JVM). */
  public static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
    if (args.length < 1 || args.length > 2) {
      err.println("usage: pipeline-runtime producer|worker|etl|validate [config.json]");
      return EXIT_CONFIG;
    }
    String command = args[0].toLowerCase(Locale.ROOT);
    Path path = args.length == 2 ? Path.of(args[1]) : RuntimeConfigs.configPath(env);
    if (command.equals("validate")) {
      return ValidateCommand.run(path, out);
    }
    Role role;
    try {
      role = Role.fromJson(command);
    } catch (IllegalArgumentException e) {
      err.println("unknown command \"" + args[0] + "\": use producer, worker, etl or validate");
      return EXIT_CONFIG;
    }
    ParsedConfig parsed = RuntimeConfigs.load(path);
    if (!parsed.isValid()) {
      err.println(path + ": invalid configuration, not starting:");
      parsed.problems().forEach(problem -> err.println("  " + problem));
      return EXIT_CONFIG;
    }
    RuntimeConfig config = parsed.config();
    if (config.role() != role) {
      err.println(path + ": the configuration is for role \"" + config.role() + "\", not \"" + role + "\"");
      return EXIT_CONFIG;
    }
    return runRole(config, env, Lifecycle.withSignalHandlers());
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
