package io.tributary.operator;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.autoscale.AutoscalerExtension;
import io.tributary.operator.autoscale.LagObservation;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Leader election on the mock server (which serves Leases in CRUD mode): operator A leads and
 * autoscales a Worker; then another identity takes the Lease and keeps renewing it. A must stop
 * writing at once, its reconcilers and its autoscaler alike, and stop being live, so that the
 * kubelet restarts it; and closing it afterwards, or closing a leader deliberately, must not hang.
 */
class LeaseLossIT {
  private static final String LEASE = OperatorSettings.DEFAULT_LEASE_NAME;
  private static final String WORKER = "elastic";
  private static final String DEPLOYMENT = "elastic-worker";
  private static final OperatorSettings ELECTED = OperatorSettings.fromEnvironment(
      Map.of("TRIBUTARY_LEADER_ELECTION", "true", "POD_NAMESPACE", NAMESPACE));

  @Test
  void aLeaderThatLosesItsLeaseStopsWritingAtOnceAndIsNotLive() throws Exception {
    AtomicLong lag = new AtomicLong(300);
    try (MockCluster cluster = MockCluster.start(false)) {
      KubernetesClient client = cluster.client();
      TributaryOperator a = operator(cluster, lag);
      ScheduledExecutorService b = Executors.newSingleThreadScheduledExecutor();
      try {
        client.resource(pipeline()).create();
        client.resource(worker()).create();
        // A leads: it reconciles, and its autoscaler scales (lag 300 / 100 per replica) and writes the status
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          assertThat(replicas(client)).isEqualTo(3);
          assertThat(worker(client).getStatus().getLag()).isEqualTo(300L);
        });
        String identityOfA = lease(client).getSpec().getHolderIdentity();
        assertThat(identityOfA).isNotBlank();

        // B takes the Lease and keeps it, as a new leader would
        b.scheduleWithFixedDelay(() -> hold(client, "operator-b"), 0, 300, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(15)).until(() -> !a.health().live());
        assertThat(a.health().fatalProblem()).contains("lost the leader lease");
        assertThat(a.health().ready()).isFalse();
        Thread.sleep(300); // what A had sent before it knew reaches the server
        cluster.drainWrites();

        // what A would act on if it still ran: a larger backlog (autoscaler) and a new spec (reconciler)
        lag.set(900);
        cluster.edit(Worker.class, WORKER, w -> {
          w.getSpec().getErrorPolicy().setMaxAttempts(5);
          return w;
        });
        Thread.sleep(5000); // five polls of the autoscaler

        List<MockCluster.Write> fromA = cluster.drainWrites().stream()
            .filter(w -> !w.path().contains("/leases/")) // B's renewals
            .filter(w -> !w.path().endsWith("/workers/" + WORKER)) // the test's own edit of the spec
            .toList();
        assertThat(fromA).as("writes after A lost the Lease").isEmpty();
        assertThat(replicas(client)).isEqualTo(3);
        Worker worker = worker(client);
        assertThat(worker.getStatus().getObservedGeneration()).isLessThan(worker.getMetadata().getGeneration());
        assertThat(lease(client).getSpec().getHolderIdentity()).isEqualTo("operator-b");
        assertThat(a.health().live()).as("liveness stays red: the kubelet restarts A").isFalse();
      } finally {
        b.shutdownNow();
        assertTimeoutPreemptively(Duration.ofSeconds(20), a::close, "closing A after the loss");
      }
    }
  }

  @Test
  void aDeliberateStopOfALeaderDoesNotHangAndIsNoLostLease() throws Exception {
    try (MockCluster cluster = MockCluster.start(false)) {
      KubernetesClient client = cluster.client();
      TributaryOperator a = operator(cluster, new AtomicLong());
      await().atMost(Duration.ofSeconds(30)).until(() -> a.health().ready() && lease(client) != null
          && lease(client).getSpec().getHolderIdentity() != null);

      assertTimeoutPreemptively(Duration.ofSeconds(20), a::close, "closing a leader (SIGTERM)");
      assertThat(a.health().live()).as("a deliberate stop is not a lost Lease").isTrue();
    }
  }

  private static TributaryOperator operator(MockCluster cluster, AtomicLong lag) {
    return TributaryOperator.builder(cluster.client())
        .settings(ELECTED)
        .topicAdmins(cluster.topicAdmin())
        .extension(new AutoscalerExtension(services -> target -> LagObservation.ofTotals(Instant.now(), lag.get(), 1_000_000,
            1_000_000 - lag.get(), 12)))
        .build()
        .start();
  }

  /** What a new leader does every retry period: hold the Lease under its identity. */
  private static void hold(KubernetesClient client, String identity) {
    try {
      client.leases().inNamespace(NAMESPACE).withName(LEASE).edit(l -> {
        l.getSpec().setHolderIdentity(identity);
        l.getSpec().setLeaseDurationSeconds(15);
        l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
        return l;
      });
    } catch (RuntimeException conflict) {
      // A renewed in between: the next round takes it
    }
  }

  private static Lease lease(KubernetesClient client) {
    return client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
  }

  private static Worker worker(KubernetesClient client) {
    return client.resources(Worker.class).inNamespace(NAMESPACE).withName(WORKER).get();
  }

  private static int replicas(KubernetesClient client) {
    Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).get();
    return d == null || d.getSpec().getReplicas() == null ? -1 : d.getSpec().getReplicas();
  }

  private static Pipeline pipeline() {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: market-data, namespace: default}
        spec:
          kafka: {bootstrapServers: "kafka-0.kafka:9092"}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics:
            - {name: market-data-stream, partitions: 12, replicas: 1, retention: 1d}
        """, Pipeline.class);
  }

  private static Worker worker() {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s, namespace: default}
        spec:
          pipeline: market-data
          input: {topic: {name: market-data-stream}}
          processors: [{log: {}}]
          errorPolicy: {maxAttempts: 3}
          autoscaling: {minReplicas: 1, maxReplicas: 12, lagThreshold: 100, pollIntervalSeconds: 1}
        """.formatted(WORKER), Worker.class);
  }
}
