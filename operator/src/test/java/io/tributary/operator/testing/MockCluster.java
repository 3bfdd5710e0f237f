package io.tributary.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.config.OperatorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fabric8 mock API server in CRUD mode with the CRDs registered, plus the operator built exactly as
 * in production ({@link TributaryOperator}), and a record of the write requests the server saw.
 */
public final class MockCluster implements AutoCloseable {
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final FakeTopicAdmin topicAdmin = new FakeTopicAdmin();
  private io.micrometer.core.instrument.MeterRegistry meters = new SimpleMeterRegistry();
  private TributaryOperator operator;

  static {
    // statuses appear some time after creation; reading one too early is not a failure
    org.awaitility.Awaitility.ignoreExceptionsByDefault();
  }

  private MockCluster(boolean upstreamCrds) throws IOException {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new NoRbacCrudDispatcher(), false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
    try (Stream<Path> files = Files.list(repoRoot().resolve("crds"))) {
      for (Path crd : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        register(crd);
      }
    }
    if (upstreamCrds) {
      for (String file : List.of("strimzi-1.2.0-kafkatopic.crd.yaml", "prometheus-operator-0.93.1-podmonitors.crd.yaml",
          "prometheus-operator-0.93.1-servicemonitors.crd.yaml", "prometheus-operator-0.93.1-prometheusrules.crd.yaml",
          "grafana-operator-grafanadashboards.crd.yaml", "keda-scaledobjects.crd.yaml")) {
        register(schemas().resolve(file));
      }
    }
  }

  /** A cluster with our CRDs and, when asked, Strimzi's, the Prometheus Operator's and the grafana-operator's. */
  public static MockCluster start(boolean upstreamCrds) throws IOException {
    return new MockCluster(upstreamCrds);
  }

  /** The repository root (the directory holding {@code crds/}). */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("crds")) ) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** {@code ../shared/schemas} of the repository: the upstream CRDs. */
  public static Path schemas() {
    return repoRoot().resolveSibling("shared").resolve("schemas");
  }

  private void register(Path crdFile) throws IOException {
    try (InputStream in = Files.newInputStream(crdFile)) {
      for (HasMetadata item : client.load(in).items()) {
        if (item instanceof CustomResourceDefinition crd) {
          client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
      }
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public FakeTopicAdmin topicAdmin() {
    return topicAdmin;
  }

  public io.micrometer.core.instrument.MeterRegistry meters() {
    return meters;
  }

  /** Starts the operator (stopping a running one first), with fresh meters. */
  public TributaryOperator startOperator() {
    return startOperator(OperatorSettings.defaults());
  }

  public TributaryOperator startOperator(OperatorSettings settings) {
    return startOperator(settings, new SimpleMeterRegistry());
  }

  /** Starts the operator with the given settings and meter registry (stopping a running one first). */
  public TributaryOperator startOperator(OperatorSettings settings, io.micrometer.core.instrument.MeterRegistry registry) {
    stopOperator();
    meters = registry;
    operator = TributaryOperator.builder(client).settings(settings).topicAdmins(topicAdmin).meters(meters).build().start();
    return operator;
  }

  /** Starts the operator with the given settings and Redis admin connections (a fake), stopping a running one first. */
  public TributaryOperator startOperator(OperatorSettings settings,
      io.tributary.operator.reconciler.RedisAclAdmin.Factory redisAclAdmins) {
    stopOperator();
    meters = new SimpleMeterRegistry();
    operator = TributaryOperator.builder(client).settings(settings).topicAdmins(topicAdmin).meters(meters)
        .redisAclAdmins(redisAclAdmins).build().start();
    return operator;
  }

  /** Liveness and readiness of the running operator. */
  public boolean operatorHealthy() {
    return operator != null && operator.health().live() && operator.health().ready();
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /**
   * Edits a resource like {@code kubectl edit} would: read, change, write, again on a conflict (the
   * operator writes statuses concurrently).
   */
  public <T extends HasMetadata> T edit(Class<T> kind, String name, java.util.function.UnaryOperator<T> change) {
    return Conflicts.retry(() -> client.resources(kind).inNamespace(Fixtures.NAMESPACE).withName(name).edit(change));
  }

  /** Reconciliations of a kind since the operator started. */
  public double reconciliations(String kind) {
    var counter = meters.find("tributary.reconciliations").tag("kind", kind).counter();
    return counter == null ? 0 : counter.count();
  }

  /** One write request the API server received. */
  public record Write(String method, String path, String body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Drains the server's request log and returns the write requests (POST, PUT, PATCH, DELETE). */
  public List<Write> drainWrites() {
    List<Write> writes = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        if (WRITES.contains(request.getMethod())) {
          writes.add(new Write(request.getMethod(), request.getPath(), request.getUtf8Body()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return writes;
  }

  /** One request the API server received (any method), for benches and request-counting tests. */
  public record Request(String method, String path) {}

  /** Drains the server's request log and returns every request (reads, watches and writes). */
  public List<Request> drainRequests() {
    List<Request> requests = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        requests.add(new Request(request.getMethod(), request.getPath()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests;
  }

  @Override
  public void close() {
    stopOperator();
    client.close();
    server.destroy();
  }
}
