package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.sandbox.node.JavaJarLauncher;
import io.tributary.operator.sandbox.node.LocalNode;
import io.tributary.operator.sandbox.node.LocalNodeSettings;
import io.tributary.operator.sandbox.node.PodLauncher;
import io.tributary.operator.sandbox.node.RuntimeJar;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisCluster;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine (DESIGN §7): an embedded Kubernetes API with the CRDs, a Kafka
 * broker, a redis-server, a stand-in for Strimzi's topic operator, the operator, and a
 * {@link LocalNode} running the pods as child processes. {@link #apply(List)} loads the user's
 * manifests, pointing each Pipeline at the embedded Kafka and Redis. {@link #close()} stops
 * everything and leaves no process behind.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
 *   sandbox.apply(List.of(Path.of("manifests/examples/market-data.yaml")));
 *   ...
 * }
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  private final SandboxOptions options;
  private final Instant startedAt = Instant.now();
  private final List<String> startupNotes = new ArrayList<>();
  private SandboxApi api;
  private KubernetesClient client;
  private EmbeddedKafkaBroker kafka;
  private EmbeddedRedisServer redis;
  private EmbeddedRedisCluster redisCluster;
  private RedisSupervisor redisSupervisor;
  private volatile java.util.function.Consumer<String> reports = line -> { };
  private TopicOperator topics;
  private RunningOperator operator;
  private java.util.concurrent.ScheduledExecutorService refresher;
  private PrometheusRuleFiles ruleFiles;
  private LocalNode node;
  private StatusTable table;
  private boolean closed;

  private Sandbox(SandboxOptions options) {
    this.options = options;
  }

  /**
   * Starts every part, in dependency order; if one cannot start, stops those that did and throws
   * a {@link SandboxStartupException} that says what is wrong.
   */
  public static Sandbox start(SandboxOptions options) {
    PodLauncher launcher = options.launcher().orElseGet(() -> new JavaJarLauncher(runtimeJar(options)));
    requireFreePort(options.apiPort(), "--api-port", "the Kubernetes API");
    if (options.redisCluster() && options.redisPort() != 0) {
      throw new SandboxStartupException("--redis-port " + options.redisPort() + " with --redis-cluster: the cluster's "
          + SandboxOptions.CLUSTER_MASTERS + " nodes each take a free port; drop --redis-port");
    }
    requireFreePort(options.redisPort(), "--redis-port", "redis-server");
    createDirectories(options.outputDir());
    if (options.logToFile()) {
      SandboxLogging.toFile(options.outputDir().resolve("sandbox.log"));
    } else {
      SandboxLogging.quietJul();
    }
    Sandbox sandbox = new Sandbox(options);
    try {
      sandbox.startParts(launcher);
      return sandbox;
    } catch (RuntimeException e) {
      sandbox.close();
      throw e instanceof SandboxStartupException s ? s : new SandboxStartupException(e.getMessage(), e);
    }
  }

  private void startParts(PodLauncher launcher) {
    api = options.api() == SandboxOptions.ApiMode.REAL
        ? step("the real control plane (etcd, kube-apiserver, kube-controller-manager)",
            () -> RealApiServer.start(options.outputDir()))
        : step("the Kubernetes API (fabric8 mock server)", () -> EmbeddedApiServer.start(options.apiPort()));
    client = api.createClient();
    List<String> crds = step("registering the CRDs", () -> new CrdInstaller(client).installAll());
    step("waiting for the CRDs to be served", () -> {
      api.awaitServed(crds);
      return crds;
    });
    startupNotes.addAll(api.notes());
    startupNotes.add("CRDs            " + String.join(", ", crds));
    kafka = step("the Kafka broker", EmbeddedKafkaBroker::start);
    startupNotes.add("Kafka           " + kafka.bootstrapServers());
    if (options.redisCluster()) {
      redisCluster = step("the Redis Cluster (" + SandboxOptions.CLUSTER_MASTERS + " masters)",
          () -> EmbeddedRedisCluster.start(SandboxOptions.CLUSTER_MASTERS, 0));
      startupNotes.add("Redis Cluster   " + redisCluster.url() + " (" + SandboxOptions.CLUSTER_MASTERS
          + " masters; Pipelines get spec.redis.cluster: true)");
    } else {
      redis = step("redis-server", () -> new EmbeddedRedisServer(options.redisPort()).start());
      startupNotes.add("Redis           " + redis.url());
      redisSupervisor = new RedisSupervisor(redis, line -> reports.accept(line), java.time.Clock.systemUTC()).start();
    }
    api.rewritePipelinesWith(rewriter());
    topics = new TopicOperator(client, kafka.admin()).start();
    operator = step("the operator", () -> {
      try {
        return options.operator().start(client, kafka.bootstrapServers());
      } catch (Exception e) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
      }
    });
    node = new LocalNode(client, launcher, LocalNodeSettings.under(options.outputDir())).start();
    startupNotes.add("pod logs        " + node.settings().logDir().toAbsolutePath() + "/<pod>.log");
    table = new StatusTable(client, node);
    operator.metricsUrl().ifPresent(url -> startupNotes.add("operator        " + url));
    PrometheusFiles.writeConfig(options.outputDir().toAbsolutePath(), operator.metricsUrl());
    ruleFiles = new PrometheusRuleFiles(client, prometheusConfig().getParent());
    writeEndpoints();
    startupNotes.add("endpoints       " + endpointsFile().toAbsolutePath());
    startupNotes.add("prometheus      prometheus --config.file="
        + options.outputDir().toAbsolutePath().resolve(PrometheusFiles.DIRECTORY).resolve(PrometheusFiles.CONFIG));
    refresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "sandbox-endpoints");
      thread.setDaemon(true);
      return thread;
    });
    // pods come and go (scaling, ETL runs): scripts and Prometheus read the files, not this JVM
    refresher.scheduleWithFixedDelay(this::refreshEndpoints, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  /**
   * Applies manifests (files or folders): Pipelines are pointed at the embedded Kafka and Redis.
   *
   * @return one line per rewritten Pipeline and per applied object
   */
  public List<String> apply(List<Path> paths) {
    List<Manifests.Manifest> manifests = Manifests.load(paths);
    PipelineRewriter rewriter = rewriter();
    ManifestApplier applier = new ManifestApplier(client);
    List<String> lines = new ArrayList<>();
    // Pipelines first, as kubectl users usually order them; the operator copes either way
    List<Manifests.Manifest> ordered = new ArrayList<>(manifests.stream().filter(m -> m.kind().equals("Pipeline")).toList());
    ordered.addAll(manifests.stream().filter(m -> !m.kind().equals("Pipeline")).toList());
    for (Manifests.Manifest manifest : ordered) {
      rewriter.rewrite(manifest.object()).ifPresent(note -> lines.add("rewrote " + note));
      lines.add(applier.apply(manifest));
    }
    return lines;
  }

  /** The live table (components, schedules) as text. */
  public String statusTable() {
    return table.render(Instant.now());
  }

  /**
   * Writes {@code endpoints.json} and the Prometheus targets with the current pods (the sandbox
   * also does so every second by itself).
   */
  public synchronized void writeEndpoints() {
    if (closed) {
      return;
    }
    List<io.tributary.operator.sandbox.node.LocalPod> pods = node.pods();
    EndpointsFile.write(endpointsFile(), api.url(), kafka.bootstrapServers(), redisUrl(),
        operator.metricsUrl().orElse(null), pods);
    PrometheusFiles.writeTargets(options.outputDir().toAbsolutePath(), pods);
    ruleFiles.sync();
  }

  private void refreshEndpoints() {
    try {
      writeEndpoints();
    } catch (RuntimeException e) {
      LOG.warn("cannot refresh {}: {}", endpointsFile(), e.getMessage());
    }
  }

  /** The operator's {@code /metrics} address, when the operator serves one. */
  public java.util.Optional<String> operatorMetricsUrl() {
    return operator == null ? java.util.Optional.empty() : operator.metricsUrl();
  }

  /** {@code prometheus.yml} for a Prometheus that scrapes this sandbox (see {@link PrometheusFiles}). */
  public Path prometheusConfig() {
    return options.outputDir().toAbsolutePath().resolve(PrometheusFiles.DIRECTORY).resolve(PrometheusFiles.CONFIG);
  }

  /** Sends {@code count} copies of the newest record of {@code topic}; returns the partitions used. */
  public int burst(String topic, int count) {
    return new Burst(kafka.bootstrapServers()).send(topic, count, java.time.Duration.ofSeconds(60));
  }

  /** The input topic of the first autoscaled Worker (else of the first Worker), if any. */
  public java.util.Optional<String> defaultBurstTopic() {
    return Burst.defaultTopic(client);
  }

  /**
   * Where the sandbox reports what happens to its own servers once started (a redis-server that
   * died, its restart); each line also goes to the log.
   */
  public void reportTo(java.util.function.Consumer<String> listener) {
    this.reports = listener;
  }

  public List<String> startupNotes() {
    return List.copyOf(startupNotes);
  }

  public KubernetesClient client() {
    return client;
  }

  public String apiUrl() {
    return api.url();
  }

  /** The API underneath (mock or real). */
  SandboxApi api() {
    return api;
  }

  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  public EmbeddedKafkaBroker kafka() {
    return kafka;
  }

  /** The Redis every Pipeline is pointed at: the redis-server's URL, or the cluster's seed nodes. */
  public String redisUrl() {
    return redisCluster != null ? redisCluster.url() : redis.url();
  }

  /** The redis-server; null with {@code --redis-cluster}. */
  public EmbeddedRedisServer redis() {
    return redis;
  }

  /** The Redis Cluster of {@code --redis-cluster}; null without it. */
  public EmbeddedRedisCluster redisCluster() {
    return redisCluster;
  }

  private PipelineRewriter rewriter() {
    return new PipelineRewriter(kafka.bootstrapServers(), redisUrl(), redisCluster != null);
  }

  public LocalNode node() {
    return node;
  }

  public Path endpointsFile() {
    return options.outputDir().resolve("endpoints.json");
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** Stops the pods first (they need Kafka and Redis to finish cleanly), then everything else. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (refresher != null) {
      refresher.shutdownNow();
    }
    quietly("local node", node);
    quietly("operator", operator);
    quietly("topic operator", topics);
    // first, so that stopping redis-server is not taken for a crash
    quietly("redis-server supervisor", redisSupervisor);
    quietly("redis-server", redis);
    quietly("Redis Cluster", redisCluster);
    quietly("Kafka broker", kafka);
    quietly("API client", client);
    quietly("Kubernetes API", api);
  }

  private static void quietly(String what, AutoCloseable part) {
    if (part == null) {
      return;
    }
    try {
      part.close();
    } catch (Exception e) {
      LOG.warn("stopping the {} failed: {}", what, e.getMessage());
    }
  }

  private static <T> T step(String what, java.util.function.Supplier<T> start) {
    try {
      return start.get();
    } catch (SandboxStartupException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw new SandboxStartupException("cannot start " + what + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }

  private static Path runtimeJar(SandboxOptions options) {
    if (options.runtimeJar().isPresent()) {
      Path jar = options.runtimeJar().get();
      if (!Files.isRegularFile(jar)) {
        throw new SandboxStartupException("runtime jar " + jar.toAbsolutePath() + " does not exist: " + RuntimeJar.BUILD_HINT);
      }
      return jar;
    }
    return RuntimeJar.locate().orElseThrow(() -> new SandboxStartupException(
        "pipeline-runtime.jar not found (looked for " + RuntimeJar.IN_REPOSITORY + " here and in the parent folders,"
            + " and next to the sandbox jar): " + RuntimeJar.BUILD_HINT));
  }

  private static void requireFreePort(int port, String option, String what) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new SandboxStartupException("port " + port + " on 127.0.0.1 is already in use (" + option + ", for "
          + what + "): stop what listens there, or pick another port, or use 0 for any free port");
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SandboxStartupException("cannot create the output folder " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }
}
