package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.TributaryStatus;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * At steady state the operator sends no write request to the API server: not when every resource is
 * reconciled again, not after a restart; and a restart changes no object.
 */
class IdempotenceIT {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aConvergedClusterSeesNoWritesAndARestartChangesNothing() {
    client.resource(Fixtures.strimziPipeline("market-data")).create();
    client.resource(Fixtures.plainPipeline("payments", "Delete")).create();
    client.resource(Fixtures.marketDataProducer("ticker", "market-data")).create();
    client.resource(Fixtures.secret("ingest-token", true, Map.of("token", "t0ken"))).create();
    client.resource(Fixtures.httpProducer("payments-api", "payments")).create();
    client.resource(Fixtures.cacheWorker("cache-writer", "market-data")).create();
    Worker autoscaled = Fixtures.cacheWorker("elastic", "market-data");
    autoscaled.getSpec().setAutoscaling(new WorkerAutoscaling());
    client.resource(autoscaled).create();
    EtlSchedule etl = Fixtures.etl("rollup", "market-data");
    // status.nextScheduleTime moves on when a run time passes: pick one that does not pass during the test
    etl.getSpec().setSchedule("0 0 1 1 *");
    etl.getMetadata().setAnnotations(Map.of("tributary.io/run-now", "once"));
    client.resource(etl).create();

    await().atMost(Duration.ofSeconds(30)).until(() -> kafkaTopics().size() == 2);
    markKafkaTopicsReady();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(allCustomResources()).allSatisfy(IdempotenceIT::observed);
      assertThat(client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("market-data").get()
          .getStatus().condition("Ready").getStatus()).isEqualTo("True");
      assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
    });
    awaitQuiet();
    Map<String, String> before = resourceVersions();

    cluster.stopOperator();
    cluster.drainWrites();
    cluster.startOperator();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(cluster.reconciliations("Pipeline")).isGreaterThanOrEqualTo(2);
      assertThat(cluster.reconciliations("Producer")).isGreaterThanOrEqualTo(2);
      assertThat(cluster.reconciliations("Worker")).isGreaterThanOrEqualTo(2);
      assertThat(cluster.reconciliations("EtlSchedule")).isGreaterThanOrEqualTo(1);
    });
    // JOSDK writes a status after the reconciler returns: collect a little longer, then look
    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    assertThat(cluster.drainWrites()).isEmpty();
    assertThat(resourceVersions()).isEqualTo(before);
  }

  private static void observed(HasMetadata resource) {
    var r = (CustomResource<?, ? extends TributaryStatus>) resource;
    assertThat(r.getStatus()).as(r.getKind() + " " + r.getMetadata().getName()).isNotNull();
    assertThat(r.getStatus().getObservedGeneration()).isEqualTo(r.getMetadata().getGeneration());
  }

  /** Waits until the operator stops writing (converged), failing if it never does. */
  private static void awaitQuiet() {
    List<MockCluster.Write> last = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
        List<MockCluster.Write> writes = cluster.drainWrites();
        last.clear();
        last.addAll(writes);
        return writes.isEmpty();
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("the operator kept writing: " + last.stream()
          .map(w -> w + " " + (w.body() == null ? "" : w.body().substring(0, Math.min(400, w.body().length()))))
          .toList(), e);
    }
  }

  private static void markKafkaTopicsReady() {
    for (GenericKubernetesResource t : kafkaTopics()) {
      t.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));
      client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC)).inNamespace(NAMESPACE).resource(t).updateStatus();
    }
  }

  private static List<GenericKubernetesResource> kafkaTopics() {
    return client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC)).inNamespace(NAMESPACE).list().getItems();
  }

  private static List<HasMetadata> allCustomResources() {
    return Stream.<Class<? extends HasMetadata>>of(Pipeline.class, Producer.class, Worker.class, EtlSchedule.class)
        .flatMap(k -> client.resources(k).inNamespace(NAMESPACE).list().getItems().stream())
        .map(HasMetadata.class::cast)
        .toList();
  }

  private static Map<String, String> resourceVersions() {
    Map<String, String> versions = new TreeMap<>();
    Stream.<List<? extends HasMetadata>>of(
            client.configMaps().inNamespace(NAMESPACE).list().getItems(),
            client.services().inNamespace(NAMESPACE).list().getItems(),
            client.apps().deployments().inNamespace(NAMESPACE).list().getItems(),
            client.batch().v1().cronjobs().inNamespace(NAMESPACE).list().getItems(),
            client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems(),
            kafkaTopics(),
            client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.POD_MONITOR)).inNamespace(NAMESPACE).list().getItems(),
            client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.PROMETHEUS_RULE)).inNamespace(NAMESPACE).list().getItems(),
            client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.GRAFANA_DASHBOARD)).inNamespace(NAMESPACE).list().getItems(),
            allCustomResources())
        .flatMap(List::stream)
        .forEach(r -> versions.put(r.getKind() + "/" + r.getMetadata().getName(), r.getMetadata().getResourceVersion()));
    return versions;
  }
}
