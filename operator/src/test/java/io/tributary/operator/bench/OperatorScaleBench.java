package io.tributary.operator.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.autoscale.AutoscalerExtension;
import io.tributary.operator.autoscale.LagObservation;
import io.tributary.operator.autoscale.LagObservationException;
import io.tributary.operator.autoscale.LagSource;
import io.tributary.operator.autoscale.LagTarget;
import io.tributary.operator.model.Labels;
import io.tributary.operator.testing.MockCluster;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Issue #12, the scale of the operator: {@value #DEFAULT_WORKERS} autoscaled Workers across
 * {@value #DEFAULT_PIPELINES} Pipelines on the fabric8 mock API server in CRUD mode (the fast ITs'
 * {@link MockCluster}), the operator in this JVM with the autoscaler extension and a fake lag
 * source, one of whose Kafka clusters never answers (each observation of it waits as long as the
 * real source's four serial Admin calls with their 5 s timeouts, then fails).
 *
 * <p>Measures, in one run: time from the first create to every Worker {@code Ready=True} against
 * the time of creating the same objects (the CRs and the children the operator made) directly
 * in a fresh mock server, each set ready by the same fake Deployment controller (ratio, target
 * ≤ 2); GETs and writes the API server sees in a steady window; whether every Worker on a
 * reachable cluster was observed within its {@code pollIntervalSeconds}; writes over three resyncs
 * (the operator restarted three times, which reconciles every resource against unchanged children:
 * JOSDK's own periodic resync is 10 h); heap and RSS of this JVM (the operator shares it with the
 * bench and the mock server, so RSS is an upper bound of the operator's).
 *
 * <p>Not a test: {@code ./mvnw -B -Pbench -pl operator verify} (after installing crds and
 * pipeline-runtime). Sizes: {@code -Dbench.workers -Dbench.pipelines -Dbench.pollSeconds
 * -Dbench.windowSeconds}. No figure is asserted; the table is printed and written to
 * {@code target/operator-scale-bench.md}.
 */
class OperatorScaleBench {
  static final int DEFAULT_WORKERS = 1000;
  static final int DEFAULT_PIPELINES = 10;
  static final String NS = "default";
  static final String UNREACHABLE = "kafka-0.unreachable:9092";
  /** What one observation of an unreachable cluster costs the real source: 4 serial calls, 5 s each. */
  static final long UNREACHABLE_MS = 4 * AutoscalerExtension.OBSERVATION_TIMEOUT.toMillis();

  /** The mock server logs every request at INFO: at this scale that logging would be most of the bench. */
  static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  final int workers = Integer.getInteger("bench.workers", DEFAULT_WORKERS);
  final int pipelines = Integer.getInteger("bench.pipelines", DEFAULT_PIPELINES);
  final int pollSeconds = Integer.getInteger("bench.pollSeconds", 10);
  final int windowSeconds = Integer.getInteger("bench.windowSeconds", 60);

  @Test
  void scaleOfTheOperator() throws Exception {
    List<String> rows = new ArrayList<>();
    double operatorSeconds;
    List<HasMetadata> children;
    RecordingLagSource lag = new RecordingLagSource();
    try (MockCluster cluster = MockCluster.start(false)) {
      KubernetesClient client = cluster.client();
      SharedIndexInformer<Deployment> controller = fakeDeploymentController(client);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      TributaryOperator operator = start(client, cluster, meters, lag);
      long t0 = System.nanoTime();
      createCustomResources(client);
      waitUntil(() -> readyWorkers(client) == workers, 900);
      operatorSeconds = (System.nanoTime() - t0) / 1e9;
      rows.add(row("operator: create " + pipelines + " Pipelines + " + workers + " Workers -> all Ready",
          String.format(Locale.ROOT, "%.1f s", operatorSeconds)));
      children = children(client);
      rows.add(row("children the operator created", Integer.toString(children.size())));

      // steady window: who is polled on time, what the API server sees
      waitSeconds(2 * pollSeconds); // first polls done, statuses written
      cluster.drainRequests();
      lag.reset();
      long windowStart = System.nanoTime();
      waitSeconds(windowSeconds);
      long windowEnd = System.nanoTime();
      List<MockCluster.Request> steady = cluster.drainRequests();
      long gets = steady.stream().filter(r -> r.method().equals("GET") && !r.path().contains("watch=true")).count();
      long writes = steady.stream().filter(r -> !r.method().equals("GET")).count();
      int expectedPolls = windowSeconds / pollSeconds;
      PollLag polls = lag.summary(windowStart, windowEnd, pollSeconds, workers - workers / pipelines);
      rows.add(row("steady " + windowSeconds + " s: GETs (not watches) at the API server", Long.toString(gets)));
      rows.add(row("steady " + windowSeconds + " s: GETs per Worker observation",
          polls.observations == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) gets / polls.observations)));
      rows.add(row("steady " + windowSeconds + " s: writes at the API server", Long.toString(writes)));
      rows.add(row("Workers on reachable clusters (" + polls.reachable + "): observed within pollIntervalSeconds="
          + pollSeconds + " every time", polls.onTime + " (" + percent(polls.onTime, polls.reachable) + ")"));
      rows.add(row("  ... their observations in the window (expected ~" + expectedPolls + " each)",
          polls.reachableObservations + " (" + String.format(Locale.ROOT, "%.1f", (double) polls.reachableObservations
              / Math.max(1, polls.reachable)) + " each)"));
      rows.add(row("  ... longest gap between two observations of one Worker",
          String.format(Locale.ROOT, "%.1f s", polls.maxGapSeconds)));
      rows.add(row("Workers on the unreachable cluster (" + (workers / pipelines) + "): observed in the window",
          Long.toString(polls.unreachableObserved)));
      System.gc();
      var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      rows.add(row("bench JVM (operator + mock API server + bench): heap used after GC / committed",
          mib(heap.getUsed()) + " / " + mib(heap.getCommitted())));
      rows.add(row("bench JVM RSS (VmRSS; upper bound of the operator's) / VmHWM", rss("VmRSS") + " / " + rss("VmHWM")));
      rows.add(row("bench JVM: max heap (-Xmx or default), available processors",
          mib(Runtime.getRuntime().maxMemory()) + ", " + Runtime.getRuntime().availableProcessors()));

      // three resyncs: every resource reconciled again against unchanged children
      operator.close();
      for (int i = 1; i <= 3; i++) {
        cluster.drainRequests();
        SimpleMeterRegistry again = new SimpleMeterRegistry();
        TributaryOperator restarted = start(client, cluster, again, lag);
        waitUntil(() -> reconciliations(again, "Worker") >= workers && reconciliations(again, "Pipeline") >= pipelines, 600);
        waitSeconds(pollSeconds);
        restarted.close();
        List<MockCluster.Request> resync = cluster.drainRequests();
        List<String> written = resync.stream().filter(r -> !r.method().equals("GET"))
            .filter(r -> !r.path().contains("/leases/")).map(r -> r.method() + " " + r.path()).toList();
        rows.add(row("resync " + i + " (operator restart, " + (int) reconciliations(again, "Worker")
            + " Worker reconciles): writes", written.size() + (written.isEmpty() ? "" : " e.g. " + written.get(0))));
      }
      controller.close();
    }

    double directSeconds;
    try (MockCluster direct = MockCluster.start(false)) {
      KubernetesClient client = direct.client();
      SharedIndexInformer<Deployment> controller = fakeDeploymentController(client);
      long t0 = System.nanoTime();
      createCustomResources(client);
      for (HasMetadata child : children) {
        client.resource(child).create();
      }
      long deployments = children.stream().filter(c -> c instanceof Deployment).count();
      waitUntil(() -> readyDeployments(client) == deployments, 900);
      directSeconds = (System.nanoTime() - t0) / 1e9;
      controller.close();
    }
    rows.add(1, row("direct: create the same CRs + children -> all Deployments ready",
        String.format(Locale.ROOT, "%.1f s", directSeconds)));
    rows.add(2, row("ratio operator / direct (target <= 2)", String.format(Locale.ROOT, "%.2f", operatorSeconds / directSeconds)));

    String table = "Operator scale bench: " + workers + " Workers, " + pipelines + " Pipelines (one Kafka cluster unreachable, "
        + UNREACHABLE_MS / 1000 + " s per observation), pollIntervalSeconds " + pollSeconds + ", load average at end "
        + loadAverage() + "\n\n| measurement | value |\n|---|---:|\n" + String.join("", rows);
    System.out.println("\n" + table);
    Files.writeString(Path.of("target", "operator-scale-bench.md"), table);
  }

  TributaryOperator start(KubernetesClient client, MockCluster cluster, SimpleMeterRegistry meters, LagSource lag) {
    return TributaryOperator.builder(client).topicAdmins(cluster.topicAdmin()).meters(meters)
        .extension(new AutoscalerExtension(services -> new LagSource() {
          @Override
          public LagObservation observe(LagTarget target) throws LagObservationException {
            return lag.observe(target);
          }
        })).build().start();
  }

  void createCustomResources(KubernetesClient client) {
    for (int p = 0; p < pipelines; p++) {
      client.resource(pipeline(p)).create();
    }
    for (int w = 0; w < workers; w++) {
      client.resource(worker(w, w % pipelines)).create();
    }
  }

  Pipeline pipeline(int p) {
    String bootstrap = p == 0 ? UNREACHABLE : "kafka-" + p + ".kafka:9092";
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: p%d, namespace: default}
        spec:
          kafka: {bootstrapServers: "%s"}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics:
            - {name: payments, partitions: 6, replicas: 1, retention: 1d}
        """.formatted(p, bootstrap), Pipeline.class);
  }

  Worker worker(int w, int p) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: w%04d, namespace: default}
        spec:
          pipeline: p%d
          input: {topic: {name: payments}}
          processors: [{log: {}}]
          autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 1000, pollIntervalSeconds: %d}
        """.formatted(w, p, pollSeconds), Worker.class);
  }

  /** What the Deployment controller would report: every replica ready at once. */
  static SharedIndexInformer<Deployment> fakeDeploymentController(KubernetesClient client) {
    ExecutorService writer = Executors.newSingleThreadExecutor();
    ResourceEventHandler<Deployment> handler = new ResourceEventHandler<Deployment>() {
      @Override
      public void onAdd(Deployment d) {
        markReady(d);
      }

      @Override
      public void onUpdate(Deployment old, Deployment d) {
        markReady(d);
      }

      @Override
      public void onDelete(Deployment d, boolean unknown) {}

      private void markReady(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (d.getStatus() != null && Integer.valueOf(replicas).equals(d.getStatus().getReadyReplicas())) {
          return;
        }
        writer.submit(() -> {
          try {
            Deployment live = client.apps().deployments().inNamespace(NS).withName(d.getMetadata().getName()).get();
            if (live != null) {
              int r = live.getSpec().getReplicas() == null ? 1 : live.getSpec().getReplicas();
              live.setStatus(new DeploymentStatusBuilder().withReplicas(r).withReadyReplicas(r).withAvailableReplicas(r)
                  .withUpdatedReplicas(r).withObservedGeneration(live.getMetadata().getGeneration()).build());
              client.resource(live).updateStatus();
            }
          } catch (RuntimeException e) {
            // a newer version arrives as another event
          }
        });
      }
    };
    return client.apps().deployments().inNamespace(NS).inform(handler, 0);
  }

  static long readyWorkers(KubernetesClient client) {
    return client.resources(Worker.class).inNamespace(NS).list().getItems().stream()
        .filter(w -> w.getStatus() != null && w.getStatus().condition("Ready") != null
            && "True".equals(w.getStatus().condition("Ready").getStatus()))
        .count();
  }

  static long readyDeployments(KubernetesClient client) {
    return client.apps().deployments().inNamespace(NS).list().getItems().stream()
        .filter(d -> d.getStatus() != null && d.getStatus().getReadyReplicas() != null && d.getStatus().getReadyReplicas() > 0)
        .count();
  }

  /** Every child the operator made, as it would be created directly (no server-set metadata, no status). */
  static List<HasMetadata> children(KubernetesClient client) {
    List<HasMetadata> all = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : List.of(Deployment.class, ConfigMap.class, Service.class, Secret.class,
        ServiceAccount.class, PodDisruptionBudget.class)) {
      all.addAll(client.resources(kind).inNamespace(NS).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems());
    }
    for (HasMetadata child : all) {
      ObjectMeta m = child.getMetadata();
      m.setResourceVersion(null);
      m.setUid(null);
      m.setCreationTimestamp(null);
      m.setManagedFields(null);
      m.setGeneration(null);
      m.setOwnerReferences(null); // their uids are the first cluster's
      if (child instanceof Deployment d) {
        d.setStatus(null);
      }
    }
    return all;
  }

  static double reconciliations(SimpleMeterRegistry meters, String kind) {
    var counter = meters.find("tributary.reconciliations").tag("kind", kind).counter();
    return counter == null ? 0 : counter.count();
  }

  /** The fake lag source: instant answers, except the unreachable cluster; records when each Worker was observed. */
  static final class RecordingLagSource implements LagSource {
    final Map<String, List<Long>> observedAt = new ConcurrentHashMap<>();

    @Override
    public LagObservation observe(LagTarget target) throws LagObservationException {
      LagTarget.KafkaTopic topic = (LagTarget.KafkaTopic) target;
      observedAt.computeIfAbsent(topic.bootstrapServers() + "|" + topic.group(), k -> new CopyOnWriteArrayList<>())
          .add(System.nanoTime());
      if (topic.bootstrapServers().equals(UNREACHABLE)) {
        try {
          Thread.sleep(UNREACHABLE_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new LagObservationException("Kafka Admin API at " + UNREACHABLE + ": no answer within 5s");
      }
      return LagObservation.ofTotals(Instant.now(), 0, 1000, 1000, 6);
    }

    void reset() {
      observedAt.clear();
    }

    PollLag summary(long start, long end, int pollSeconds, int reachableWorkers) {
      PollLag s = new PollLag();
      long limit = TimeUnit.SECONDS.toNanos(pollSeconds) + TimeUnit.MILLISECONDS.toNanos(500); // fixed delay + slack
      Map<String, List<Long>> byWorker = new java.util.HashMap<>(observedAt);
      for (var e : byWorker.entrySet()) {
        s.observations += e.getValue().size();
        if (e.getKey().startsWith(UNREACHABLE)) {
          s.unreachableObserved++;
        }
      }
      s.reachable = reachableWorkers; // one never observed in the window is late too
      return s.withGaps(byWorker, start, end, limit);
    }
  }

  static final class PollLag {
    int reachable;
    int onTime;
    long observations;
    long reachableObservations;
    long unreachableObserved;
    double maxGapSeconds;

    PollLag withGaps(Map<String, List<Long>> byWorker, long start, long end, long limit) {
      long maxGap = 0;
      for (var e : byWorker.entrySet()) {
        if (e.getKey().startsWith(UNREACHABLE)) {
          continue;
        }
        List<Long> times = e.getValue();
        reachableObservations += times.size();
        long previous = start;
        long worst = 0;
        for (long t : times) {
          worst = Math.max(worst, t - previous);
          previous = t;
        }
        worst = Math.max(worst, end - previous);
        maxGap = Math.max(maxGap, worst);
        if (worst <= limit) {
          onTime++;
        }
      }
      maxGapSeconds = maxGap / 1e9;
      return this;
    }
  }

  static String row(String name, String value) {
    return "| " + name + " | " + value + " |\n";
  }

  static String percent(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", 100.0 * part / whole);
  }

  static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }

  static String rss(String field) {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field + ":"))
          .map(l -> (Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10) + " MiB").findFirst().orElse("?");
    } catch (Exception e) {
      return "?";
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0] + " (1 min, " + Runtime.getRuntime()
          .availableProcessors() + " cores shared with other builds)";
    } catch (Exception e) {
      return "?";
    }
  }

  static void waitSeconds(int seconds) throws InterruptedException {
    Thread.sleep(seconds * 1000L);
  }

  static void waitUntil(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached within " + seconds + " s");
      }
      Thread.sleep(200);
    }
  }
}
