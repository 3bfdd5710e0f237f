package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.operator.status.StatusMeters;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kstatus conditions (Flux, Argo CD, {@code kubectl wait}) and the Ready gauge, through the
 * running operator: a Producer whose Pipeline is missing is {@code Stalled}, one whose pods are
 * starting is {@code Reconciling}, a ready one has neither; {@code tributary_resource_ready}
 * follows Ready and goes with the Producer.
 */
class KstatusConditionsIT {
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

  private static Producer live(String name) {
    return client.resources(Producer.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static Condition condition(String name, String type) {
    Producer p = live(name);
    return p == null || p.getStatus() == null ? null : p.getStatus().condition(type);
  }

  private static Double readyGauge(String name) {
    Gauge g = cluster.meters().find(StatusMeters.READY)
        .tags("kind", "Producer", "namespace", NAMESPACE, "name", name).gauge();
    return g == null ? null : g.value();
  }

  @Test
  void stalledOnAMissingPipelineReconcilingWhilePodsStartNeitherWhenReady() {
    client.resource(Fixtures.marketDataProducer("ks1", "ks-pipeline")).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Condition stalled = condition("ks1", "Stalled");
      assertThat(stalled).isNotNull();
      assertThat(stalled.getStatus()).isEqualTo("True");
      assertThat(stalled.getReason()).isEqualTo("PipelineNotFound");
      assertThat(condition("ks1", "Reconciling")).isNull();
      assertThat(readyGauge("ks1")).isEqualTo(0.0);
    });

    client.resource(Fixtures.strimziPipeline("ks-pipeline")).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Condition reconciling = condition("ks1", "Reconciling");
      assertThat(reconciling).isNotNull();
      assertThat(reconciling.getStatus()).isEqualTo("True");
      assertThat(reconciling.getReason()).isEqualTo("PodsNotReady");
      assertThat(condition("ks1", "Stalled")).isNull();
    });

    Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName("ks1-producer").get();
    d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
    client.resource(d).updateStatus();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(condition("ks1", "Ready").getStatus()).isEqualTo("True");
      assertThat(live("ks1").getStatus().getConditions()).extracting(Condition::getType).containsExactly("Ready");
      assertThat(readyGauge("ks1")).isEqualTo(1.0);
    });

    client.resource(live("ks1")).delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(readyGauge("ks1")).isNull());
  }
}
