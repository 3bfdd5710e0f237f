package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.sandbox.node.RuntimeJar;
import io.tributary.operator.testing.MockCluster;
import io.tributary.operator.testing.kube.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code sandbox --api real}: the sandbox on the real control plane, with the operator in its
 * production configuration and pods run by the local node. Plain {@code kubectl apply -f} of every
 * example (no {@code --validate=false}), each of the four kinds {@code Ready} ({@code kubectl wait}),
 * a bad CR refused by the server itself, {@code kubectl scale} through the scale subresource, and
 * deletion collected by kube-controller-manager's garbage collector, and a backfill of the payments
 * settlement whose runs the real Job controller starts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxRealApiIT {
  /** The payments Pipeline's Redis names start with its default key prefix (namespace default). */
  private static final String PAYMENTS_PREFIX = io.tributary.runtime.config.KeyPrefix.derived("default", "payments");
  private static Sandbox sandbox;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults()
        .withApi(SandboxOptions.ApiMode.REAL)
        .withOutputDir(Path.of("target", "sandbox-it", "real-api"))
        .withRuntimeJar(RuntimeJar.require()));
    RealApiServer api = (RealApiServer) sandbox.api();
    LocalControlPlane plane = api.controlPlane();
    kubectl = new Kubectl(plane.kubectl(), api.kubeconfig());
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void everyExampleAppliesWithPlainKubectlAndEveryKindBecomesReady() {
    for (String example : List.of("market-data", "payments", "call-stats", "etl")) {
      Kubectl.Result applied = kubectl.run("apply", "-f", "manifests/examples/" + example + ".yaml");
      assertThat(applied.ok()).as("kubectl apply -f %s: %s", example, applied).isTrue();
    }
    {
      KubernetesClient client = sandbox.client(); // the sandbox's own: not closed here
      var pipeline = client.genericKubernetesResources("tributary.io/v1alpha1", "Pipeline")
          .inNamespace("default").withName("market-data").get();
      assertThat(pipeline.getAdditionalProperties().toString())
          .as("the webhook pointed the Pipeline at the sandbox's Kafka")
          .contains(sandbox.kafkaBootstrapServers());
    }
    for (String kind : List.of("pipelines", "producers", "workers", "etlschedules")) {
      Kubectl.Result waited = kubectl.run("wait", "--for=condition=Ready", "--timeout=240s", kind, "--all", "-n", "default");
      assertThat(waited.ok()).as("kubectl wait --for=condition=Ready %s --all: %s%n%s", kind, waited,
          kubectl.run("get", "tributary", "-o", "wide")).isTrue();
    }
  }

  @Test
  @Order(2)
  void theServerRefusesABadWorkerNamingTheField() {
    String bad = """
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: bad-ttl}
        spec:
          pipeline: market-data
          input: {topic: {name: market-data-stream}}
          processors: [{cacheLatest: {key: k, ttl: 5min}}]
        """;
    Kubectl.Result result = kubectl.run(List.of("apply", "-f", "-"), bad);

    assertThat(result.ok()).isFalse();
    assertThat(result.err()).contains("spec.processors[0].cacheLatest.ttl");
  }

  @Test
  @Order(3)
  void kubectlExplainShowsTheWorkerSchema() {
    await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.run("explain", "worker.spec").ok());
    assertThat(kubectl.ok("explain", "worker.spec")).contains("processors", "autoscaling");
  }

  @Test
  @Order(4)
  void kubectlScaleMovesTheDeploymentThroughTheScaleSubresource() {
    String worker = fixedReplicaWorker();
    Kubectl.Result scaled = kubectl.run("scale", "worker", worker, "--replicas=2", "-n", "default");

    assertThat(scaled.ok()).as("kubectl scale: %s", scaled).isTrue();
    {
      KubernetesClient client = sandbox.client(); // the sandbox's own: not closed here
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        List<Deployment> deployments = client.apps().deployments().inNamespace("default")
            .withLabel(io.tributary.operator.model.Labels.INSTANCE, worker).list().getItems();
        assertThat(deployments).singleElement().satisfies(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(2));
      });
    }
    assertThat(kubectl.ok("get", "worker", worker, "-o", "jsonpath={.spec.replicas}")).isEqualTo("2");
  }

  @Test
  @Order(5)
  void deletingAWorkerRemovesItsDeploymentConfigMapAndPods() {
    String worker = fixedReplicaWorker();
    kubectl.ok("delete", "worker", worker, "-n", "default", "--wait=true", "--timeout=60s");

    {
      KubernetesClient client = sandbox.client(); // the sandbox's own: not closed here
      await("garbage collection of " + worker + "'s children").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        assertThat(client.apps().deployments().inNamespace("default")
            .withLabel(io.tributary.operator.model.Labels.INSTANCE, worker).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace("default").withLabel(io.tributary.operator.model.Labels.INSTANCE, worker).list()
            .getItems()).isEmpty();
        assertThat(client.pods().inNamespace("default").withLabel(io.tributary.operator.model.Labels.INSTANCE, worker).list()
            .getItems()).isEmpty();
      });
    }
    await("the local node stops " + worker + "'s pods").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(sandbox.node().pods()).noneSatisfy(pod -> assertThat(pod.name()).startsWith(worker + "-")));
  }

  /**
   * The payments example's settlement on the real control plane (issue #15 §3): a backfill of its
   * two latest daily periods, asked for with {@code kubectl patch}, runs one Job per day through
   * kube-controller-manager's Job controller, each past the example's {@code waitFor} gate on
   * payment-aggregator, and loads exactly the payments stamped inside its day.
   */
  @Test
  @Order(6)
  void aBackfillOfTheSettlementExampleLoadsEachDayOnceThroughTheRealJobController() throws Exception {
    java.time.Instant now = java.time.Instant.now();
    java.time.Instant lastFiring = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plusSeconds(30 * 60);
    if (lastFiring.isAfter(now)) {
      lastFiring = lastFiring.minus(Duration.ofDays(1));
    }
    java.time.Instant from = lastFiring.minus(Duration.ofDays(2));
    java.util.Properties props = new java.util.Properties();
    props.put("bootstrap.servers", sandbox.kafkaBootstrapServers());
    props.put("acks", "all");
    props.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    props.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props)) {
      // merchant rt-early before the range, rt-day1 (2 payments) in the first day, rt-day2 (3) in the second
      java.util.Map<String, java.time.Instant> payments = new java.util.LinkedHashMap<>();
      payments.put("rt-early:1", from.minus(Duration.ofHours(1)));
      payments.put("rt-day1:1", from.plus(Duration.ofHours(1)));
      payments.put("rt-day1:2", from.plus(Duration.ofHours(2)));
      for (int i = 1; i <= 3; i++) {
        payments.put("rt-day2:" + i, from.plus(Duration.ofDays(1)).plus(Duration.ofHours(i)));
      }
      for (var payment : payments.entrySet()) {
        String merchant = payment.getKey().substring(0, payment.getKey().indexOf(':'));
        String id = "rt-" + payment.getKey().replace(':', '-');
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("payments", null,
            payment.getValue().toEpochMilli(), id,
            "{\"payment_id\":\"" + id + "\",\"merchant\":\"" + merchant + "\",\"amount\":10,\"currency\":\"EUR\"}")).get();
      }
    }
    Kubectl.Result patched = kubectl.run("patch", "etlschedule", "payments-settlement", "-n", "default", "--type", "merge",
        "-p", "{\"spec\":{\"backfill\":{\"id\":\"rt-settle\",\"from\":\"" + from + "\",\"to\":\"" + lastFiring + "\"}}}");
    assertThat(patched.ok()).as("kubectl patch: %s", patched).isTrue();

    KubernetesClient client = sandbox.client(); // the sandbox's own: not closed here
    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      var s = client.resources(io.tributary.api.v1alpha1.EtlSchedule.class).inNamespace("default")
          .withName("payments-settlement").get().getStatus();
      return s != null && s.getBackfill() != null && "rt-settle".equals(s.getBackfill().getId())
          && !"Running".equals(s.getBackfill().getPhase());
    });
    var status = client.resources(io.tributary.api.v1alpha1.EtlSchedule.class).inNamespace("default")
        .withName("payments-settlement").get().getStatus();
    assertThat(status.getBackfill().getPhase()).as(status.getBackfill().getMessage()).isEqualTo("Succeeded");
    assertThat(status.getBackfill().getPeriods()).isEqualTo(2);
    assertThat(status.getRecentRuns()).extracting(r -> r.getDataIntervalStart())
        .contains(from.toString(), from.plus(Duration.ofDays(1)).toString());
    var redisClient = io.lettuce.core.RedisClient.create(sandbox.redisUrl());
    try (var redis = redisClient.connect()) {
      assertThat(redis.sync().hget(PAYMENTS_PREFIX + "payments:settlement:rt-day1", "count")).isEqualTo("2");
      assertThat(redis.sync().hget(PAYMENTS_PREFIX + "payments:settlement:rt-day2", "count")).isEqualTo("3");
      assertThat(redis.sync().exists(PAYMENTS_PREFIX + "payments:settlement:rt-early")).isZero();
    } finally {
      redisClient.shutdown();
    }
    // the Job controller made each run's pod, and each run passed the gate before reading
    List<io.tributary.operator.sandbox.node.LocalPod> runs = sandbox.node().pods().stream()
        .filter(p -> p.ownerKind().equals("Job") && p.name().startsWith("payments-settlement")).toList();
    assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
    for (var run : runs) {
      assertThat(java.nio.file.Files.readString(run.logFile())).contains("Worker payment-aggregator is")
          .contains("starting the run");
    }
  }

  /** A Worker of the examples without autoscaling (kubectl scale is then the user's to do). */
  private static String fixedReplicaWorker() {
    {
      KubernetesClient client = sandbox.client(); // the sandbox's own: not closed here
      return client.resources(io.tributary.api.v1alpha1.Worker.class).inNamespace("default").list().getItems().stream()
          .filter(w -> w.getSpec().getAutoscaling() == null)
          .map(w -> w.getMetadata().getName())
          .sorted()
          .findFirst()
          .orElseThrow(() -> new AssertionError("no Worker without autoscaling among the examples"));
    }
  }

  static Path repositoryRoot() {
    return MockCluster.repoRoot();
  }
}
