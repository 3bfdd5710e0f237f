package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue #12: in a steady state the autoscaler's polls read the Worker and its Deployment from
 * informer caches: the API server sees no GET of either (each poll read both before, 1,000
 * autoscaled Workers at 10 s made 200 GETs/s of them alone), and no write.
 */
class AutoscalerReadsIT {
  static final int WORKERS = 3;

  @Test
  void steadyPollsReadNeitherWorkersNorDeploymentsFromTheApi() throws Exception {
    Map<String, AtomicInteger> observations = new ConcurrentHashMap<>();
    try (MockCluster cluster = MockCluster.start(false)) {
      KubernetesClient client = cluster.client();
      AutoscalerExtension extension = new AutoscalerExtension(services -> target -> {
        observations.computeIfAbsent(((LagTarget.KafkaTopic) target).group(), g -> new AtomicInteger()).incrementAndGet();
        return LagObservation.ofTotals(Instant.now(), 0, 1000, 1000, 6);
      });
      try (TributaryOperator operator = TributaryOperator.builder(client).topicAdmins(cluster.topicAdmin())
          .meters(new SimpleMeterRegistry()).extension(extension).build().start()) {
        client.resource(AutoscalerOperatorIT.pipeline("kafka:9092")).create();
        for (int i = 0; i < WORKERS; i++) {
          client.resource(worker("w" + i)).create();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          for (int i = 0; i < WORKERS; i++) {
            Worker w = client.resources(Worker.class).inNamespace("default").withName("w" + i).get();
            Deployment d = client.apps().deployments().inNamespace("default").withName("w" + i + "-worker").get();
            if (d == null || w.getStatus() == null || w.getStatus().condition("ScalerHealthy") == null) {
              return false;
            }
          }
          return true;
        });
        int before = observations.values().stream().mapToInt(AtomicInteger::get).min().orElse(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> observations.values().stream()
            .mapToInt(AtomicInteger::get).min().orElse(0) >= before + 2); // settle: the caches have the last writes
        cluster.drainRequests();
        int settled = observations.values().stream().mapToInt(AtomicInteger::get).min().orElse(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> observations.values().stream()
            .mapToInt(AtomicInteger::get).min().orElse(0) >= settled + 3); // three more polls of every Worker

        List<MockCluster.Request> requests = cluster.drainRequests();
        assertThat(requests).filteredOn(r -> r.method().equals("GET") && !r.path().contains("watch=true"))
            .filteredOn(r -> r.path().contains("/deployments/") || r.path().contains("/workers/"))
            .isEmpty();
        assertThat(requests).filteredOn(r -> !r.method().equals("GET")).isEmpty();
      }
    }
  }

  static Worker worker(String name) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s, namespace: default}
        spec:
          pipeline: market-data
          input: {topic: {name: market-data-stream}}
          processors: [{log: {}}]
          autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, pollIntervalSeconds: 1}
        """.formatted(name), Worker.class);
  }
}
