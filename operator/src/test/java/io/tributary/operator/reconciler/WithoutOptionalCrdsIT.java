package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cluster without Strimzi and the Prometheus Operator: the operator works and says what it skipped. */
class WithoutOptionalCrdsIT {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(false);
    client = cluster.client();
    cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void skipsOptionalKindsSaysWhyAndStillDeploysTheComponents() {
    client.resource(Fixtures.strimziPipeline("bare")).create();
    client.resource(Fixtures.marketDataProducer("bare-feed", "bare")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Pipeline p = client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("bare").get();
      var topics = p.getStatus().condition("TopicsReady");
      assertThat(topics.getStatus()).isEqualTo("False");
      assertThat(topics.getReason()).isEqualTo("KafkaTopicCrdMissing");
      assertThat(topics.getMessage()).contains("kafkatopics.kafka.strimzi.io").contains("install Strimzi");
      var monitoring = p.getStatus().condition("Monitoring");
      assertThat(monitoring.getReason()).isEqualTo("Skipped");
      assertThat(monitoring.getMessage())
          .contains("podmonitors.monitoring.coreos.com")
          .contains("prometheusrules.monitoring.coreos.com")
          .contains("applied: dashboard ConfigMap bare-pipeline-dashboard")
          .contains("GrafanaDashboard skipped: CRD grafanadashboards.grafana.integreatly.org");
    });
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("bare-pipeline-dashboard").get()).isNotNull();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> client.apps().deployments().inNamespace(NAMESPACE).withName("bare-feed-producer").get() != null);
    assertThat(cluster.operatorHealthy()).isTrue();
  }

  @Test
  void aStrimziPipelineWithAuthenticationSaysItsComponentsNeedTheKafkaUserCrd() {
    Pipeline pipeline = Fixtures.strimziPipeline("bare-auth");
    var authentication = new io.tributary.api.v1alpha1.KafkaAuthentication();
    authentication.setType(io.tributary.api.v1alpha1.KafkaAuthenticationType.SCRAM_SHA_512);
    var secret = new io.tributary.api.v1alpha1.SecretReference();
    secret.setName("operator-kafka");
    authentication.setSecretRef(secret);
    pipeline.getSpec().getKafka().setAuthentication(authentication);
    client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("operator-kafka")
        .withNamespace(NAMESPACE).withLabels(java.util.Map.of(io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_LABEL,
            io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_VALUE)).endMetadata()
        .withStringData(java.util.Map.of("password", "operator")).build()).create();
    client.resource(pipeline).create();
    client.resource(Fixtures.marketDataProducer("bare-auth-feed", "bare-auth")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var status = client.resources(io.tributary.api.v1alpha1.Producer.class).inNamespace(NAMESPACE)
          .withName("bare-auth-feed").get().getStatus();
      assertThat(status.condition("Ready").getReason()).isEqualTo("KafkaUserCrdMissing");
      assertThat(status.condition("Ready").getMessage()).isEqualTo("spec.kafka.authentication with spec.kafka.strimzi:"
          + " the Producer needs a KafkaUser of its own, but KafkaUser skipped: CRD kafkausers.kafka.strimzi.io"
          + " (kafka.strimzi.io/v1) is not served; install Strimzi (with its User Operator)");
      assertThat(status.condition("Stalled").getStatus()).isEqualTo("True");
    });
    assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("bare-auth-feed-producer").get()).isNull();
  }
}
