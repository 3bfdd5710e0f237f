package io.tributary.operator.sandbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sandbox -f <file or folder>...}: starts a {@link Sandbox}, applies the files, prints the
 * live table every {@code --interval}, optionally sends a {@code --burst}, and runs until Ctrl-C
 * or {@code --duration}. Exit code 0 after a clean stop, 1 if the sandbox cannot start or a file is
 * refused.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = {"Run the whole system on this machine: an embedded Kubernetes API, Kafka, Redis, the operator,",
        "and a local node that runs every pod as a child process of the runtime jar."})
public final class SandboxCommand implements Callable<Integer> {

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "<file or folder>",
      description = "Manifests to apply (YAML, multi-document; folders: every *.yaml/*.yml/*.json). Repeatable.")
  List<Path> files;

  @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "<duration>",
      description = "Stop after this long (e.g. 60s, 5m). Default: run until Ctrl-C.")
  Duration duration;

  @Option(names = "--burst", paramLabel = "N", defaultValue = "0",
      description = "Send N extra records (copies of the newest one) into an autoscaled Worker's input topic.")
  int burst;

  @Option(names = "--burst-topic", paramLabel = "<topic>",
      description = "Topic for --burst. Default: the input topic of the first autoscaled Worker.")
  String burstTopic;

  @Option(names = "--burst-delay", converter = DurationConverter.class, defaultValue = "20s", paramLabel = "<duration>",
      description = "Wait this long after start before the burst (default: ${DEFAULT-VALUE}).")
  Duration burstDelay;

  @Option(names = "--interval", converter = DurationConverter.class, defaultValue = "5s", paramLabel = "<duration>",
      description = "How often the live table is printed (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--api", defaultValue = "mock", converter = ApiModeConverter.class, paramLabel = "mock|real",
      description = {"The Kubernetes API: 'mock' (default; the fabric8 mock server, needs only a JDK) or 'real'",
          "(etcd, kube-apiserver and kube-controller-manager built from .ci/kube with Go on first use)."})
  SandboxOptions.ApiMode api;

  @Option(names = "--api-port", defaultValue = "0", description = "Port of the Kubernetes API on 127.0.0.1 (0: any free port).")
  int apiPort;

  @Option(names = "--redis-port", defaultValue = "0", description = "Port of redis-server on 127.0.0.1 (0: any free port).")
  int redisPort;

  @Option(names = "--redis-cluster", description = {"Run a Redis Cluster of 3 masters (each on a free port) instead of one",
      "redis-server, and give every Pipeline spec.redis.cluster: true. A Worker whose keys cannot share a slot is refused."})
  boolean redisCluster;

  @Option(names = "--runtime-jar", paramLabel = "<jar>",
      description = "The runtime jar. Default: pipeline-runtime/target/pipeline-runtime.jar of this repository, or next to the sandbox jar.")
  Path runtimeJar;

  @Option(names = "--output-dir", defaultValue = "target/sandbox", paramLabel = "<dir>",
      description = "Where endpoints.json, sandbox.log and pods/<pod>.log go (default: ${DEFAULT-VALUE}).")
  Path outputDir;

  private final PrintStream out;
  private final PrintStream err;
  private final OperatorStarter operator;

  public SandboxCommand() {
    this(System.out, System.err, new ProductionOperator());
  }

  SandboxCommand(PrintStream out, PrintStream err, OperatorStarter operator) {
    this.out = out;
    this.err = err;
    this.operator = operator;
  }

  @Override
  public Integer call() {
    SandboxOptions options = SandboxOptions.defaults().withOutputDir(outputDir).withApiPort(apiPort)
        .withRedisPort(redisPort).withOperator(operator).withLogToFile(true).withApi(api).withRedisCluster(redisCluster);
    if (runtimeJar != null) {
      options = options.withRuntimeJar(runtimeJar);
    }
    Sandbox sandbox;
    try {
      out.println("sandbox: starting (logs of this process: " + outputDir.resolve("sandbox.log") + ")");
      sandbox = Sandbox.start(options);
    } catch (SandboxStartupException e) {
      err.println("sandbox: cannot start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      out.println("sandbox: stopping (Ctrl-C)");
      sandbox.close();
      stopped.countDown();
    }, "sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
      Thread thread = new Thread(r, "sandbox-table");
      thread.setDaemon(true);
      return thread;
    });
    try {
      sandbox.startupNotes().forEach(note -> out.println("sandbox: " + note));
      sandbox.reportTo(line -> out.println("sandbox: " + line));
      try {
        sandbox.apply(files).forEach(line -> out.println("sandbox: " + line));
      } catch (SandboxStartupException e) {
        err.println("sandbox: " + e.getMessage());
        return 1;
      }
      timers.scheduleWithFixedDelay(() -> printTable(sandbox), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
      if (burst > 0) {
        timers.schedule(() -> sendBurst(sandbox), burstDelay.toMillis(), TimeUnit.MILLISECONDS);
      }
      out.println("sandbox: running" + (duration == null ? "; Ctrl-C stops everything" : " for " + duration.toSeconds() + "s"));
      if (duration == null) {
        stopped.await();
      } else if (!stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
        out.println("sandbox: --duration reached, stopping");
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      timers.shutdownNow();
      sandbox.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is closing the sandbox
      }
      List<Long> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
      out.println(left.isEmpty() ? "sandbox: stopped; no process left behind"
          : "sandbox: stopped, but these child processes are still running: " + left);
    }
  }

  private void printTable(Sandbox sandbox) {
    try {
      String table = sandbox.statusTable();
      long up = Duration.between(sandbox.startedAt(), Instant.now()).toSeconds();
      out.printf("%n--- tributary sandbox, up %dm%02ds --- api %s  kafka %s  redis %s%n%s", up / 60, up % 60,
          sandbox.apiUrl(), sandbox.kafkaBootstrapServers(), sandbox.redisUrl(), table);
    } catch (RuntimeException e) {
      out.println("sandbox: (table unavailable: " + e.getMessage() + ")");
    }
  }

  private void sendBurst(Sandbox sandbox) {
    try {
      String topic = burstTopic != null ? burstTopic : sandbox.defaultBurstTopic().orElseThrow(() ->
          new IllegalStateException("no Worker reads a topic; name one with --burst-topic"));
      out.println("sandbox: burst: sending " + burst + " records into " + topic + " ...");
      int partitions = sandbox.burst(topic, burst);
      out.println("sandbox: burst: " + burst + " records sent into " + topic + " (" + partitions
          + " partitions); watch LAG and READY of its Worker");
    } catch (RuntimeException e) {
      err.println("sandbox: burst failed: " + e.getMessage());
    }
  }
}
