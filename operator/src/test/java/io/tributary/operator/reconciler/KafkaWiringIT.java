package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.operator.model.PodTemplates;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import io.tributary.operator.testing.StrimziKafkas;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the operator reaches Kafka: the bootstrap address Strimzi publishes in the Kafka resource's
 * status, and the TLS/authentication settings of the Admin client for plain-Kafka topics.
 */
class KafkaWiringIT {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    client.apiextensions().v1().customResourceDefinitions().resource(StrimziKafkas.crd()).create();
    cluster.startOperator(Fixtures.FAST_RECHECKS);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void componentsUseTheAddressTheKafkaResourcePublishesAndRollWhenItMoves() {
    publishKafka("k1-cluster", "k1-cluster-kafka-bootstrap.default.svc.cluster.local:9092");
    Pipeline pipeline = Fixtures.strimziPipeline("k1");
    pipeline.getSpec().getKafka().getStrimzi().setCluster("k1-cluster");
    client.resource(pipeline).create();
    client.resource(Fixtures.marketDataProducer("k1-feed", "k1")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(runtimeConfig("k1-feed")).contains("k1-cluster-kafka-bootstrap.default.svc.cluster.local:9092");
      assertThat(pipeline("k1").getStatus().getBootstrapServers())
          .isEqualTo("k1-cluster-kafka-bootstrap.default.svc.cluster.local:9092");
      // the ConfigMap is written before the Deployment
      assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("k1-feed-producer").get()).isNotNull();
    });
    String hash = configHash("k1-feed");

    publishKafka("k1-cluster", "k1-kafka.elsewhere.example:9092");
    cluster.edit(Producer.class, "k1-feed", p -> {
      p.getSpec().setReplicas(2);
      return p;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(runtimeConfig("k1-feed")).contains("k1-kafka.elsewhere.example:9092");
      assertThat(configHash("k1-feed")).isNotEqualTo(hash);
    });
  }

  @Test
  void withoutAKafkaResourceTheConventionalAddressIsUsed() {
    Pipeline pipeline = Fixtures.strimziPipeline("k2");
    pipeline.getSpec().getKafka().getStrimzi().setCluster("not-there");
    client.resource(pipeline).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pipeline("k2").getStatus().getBootstrapServers())
        .isEqualTo("not-there-kafka-bootstrap.default.svc:9092"));
  }

  @Test
  void plainKafkaTopicsAreManagedWithThePipelinesTlsAndScramCredentials() {
    client.resource(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: k3, namespace: default}
        spec:
          kafka:
            bootstrapServers: kafka-k3:9093
            tls: {caSecretRef: {name: k3-cluster-ca, key: ca.crt}}
            authentication: {type: scram-sha-512, secretRef: {name: k3-user}}
          redis: {url: "redis://redis:6379/0"}
          topics:
            - {name: k3-events, partitions: 2}
        """, Pipeline.class)).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = pipeline("k3").getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("SecretNotUsable");
      assertThat(ready.getMessage()).isEqualTo(
          "spec.kafka.tls.caSecretRef of Pipeline \"k3\": Secret \"k3-cluster-ca\" not found in namespace \"default\"");
    });
    assertThat(cluster.topicAdmin().topics("kafka-k3:9093")).isEmpty();

    // issue 14: Secrets that did not opt in are not read, nothing is applied
    client.resource(Fixtures.secret("k3-cluster-ca", false,
        Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\nK3\n-----END CERTIFICATE-----\n"))).create();
    client.resource(Fixtures.secret("k3-user", false, Map.of("password", "k3-s3cret"))).create();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      var ready = pipeline("k3").getStatus().condition("Ready");
      assertThat(ready.getReason()).isEqualTo("SecretNotUsable");
      assertThat(ready.getMessage()).startsWith("spec.kafka.tls.caSecretRef of Pipeline \"k3\": Secret \"k3-cluster-ca\""
          + " in namespace \"default\" does not carry the label tributary.io/usable-by-pipelines: \"true\"");
    });
    assertThat(cluster.topicAdmin().topics("kafka-k3:9093")).isEmpty();
    label("k3-cluster-ca");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(pipeline("k3").getStatus().condition("Ready")
        .getMessage()).startsWith("spec.kafka.authentication.secretRef of Pipeline \"k3\": Secret \"k3-user\""));
    assertThat(cluster.topicAdmin().topics("kafka-k3:9093")).isEmpty();
    label("k3-user");

    // Secrets are not watched: the Pipeline is looked at again (Rechecks#refused)
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      assertThat(cluster.topicAdmin().topics("kafka-k3:9093")).containsKey("k3-events");
      assertThat(cluster.topicAdmin().clientProperties("kafka-k3:9093"))
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("sasl.jaas.config",
              "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"k3-user\" password=\"k3-s3cret\";")
          .containsEntry("ssl.truststore.type", "PEM")
          .containsEntry("ssl.truststore.certificates", "-----BEGIN CERTIFICATE-----\nK3\n-----END CERTIFICATE-----\n");
      assertThat(pipeline("k3").getStatus().condition("Ready").getStatus()).isEqualTo("True");
    });
  }

  @Test
  void plainKafkaComponentsGetTheirAclsForThePipelinesPrincipalAndSayWhenTheBrokerEnforcesNone() {
    client.resource(Fixtures.secret("k4-user", true, Map.of("password", "k4-s3cret"))).create();
    client.resource(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: k4, namespace: default}
        spec:
          kafka:
            bootstrapServers: kafka-k4:9092
            authentication: {type: scram-sha-512, secretRef: {name: k4-user}}
          redis: {url: "redis://redis:6379/0"}
          topics:
            - {name: market-data-stream, partitions: 2}
        """, Pipeline.class)).create();
    client.resource(Fixtures.marketDataProducer("k4-feed", "k4")).create();
    client.resource(Fixtures.cacheWorker("k4-cache", "k4")).create();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var applied = client.resources(Producer.class).inNamespace(NAMESPACE).withName("k4-feed").get().getStatus()
          .condition("KafkaAclsApplied");
      assertThat(applied.getStatus()).isEqualTo("True");
      assertThat(applied.getReason()).isEqualTo("AclsApplied");
      assertThat(applied.getMessage()).isEqualTo("2 ACLs of User:k4-user (shared by the components of Pipeline \"k4\"):"
          + " Write topic market-data-stream, Describe topic market-data-stream");
      // one principal for the Pipeline: the union of its components' ACLs
      assertThat(cluster.topicAdmin().acls("kafka-k4:9092", "User:k4-user")).extracting(a -> a.operation() + " " + a.name())
          .containsExactlyInAnyOrder("WRITE market-data-stream", "DESCRIBE market-data-stream", "READ market-data-stream",
              "READ k4.k4-cache", "WRITE k4.dlq");
    });

    cluster.topicAdmin().noAuthorizer(true);
    try {
      cluster.edit(Producer.class, "k4-feed", p -> {
        p.getSpec().setReplicas(2);
        return p;
      });
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var applied = client.resources(Producer.class).inNamespace(NAMESPACE).withName("k4-feed").get().getStatus()
            .condition("KafkaAclsApplied");
        assertThat(applied.getStatus()).isEqualTo("False");
        assertThat(applied.getReason()).isEqualTo("NoAuthorizer");
        assertThat(applied.getMessage()).isEqualTo("the brokers at kafka-k4:9092 have no authorizer: ACLs are not enforced,"
            + " User:k4-user may read and write every topic");
      });
    } finally {
      cluster.topicAdmin().noAuthorizer(false);
    }
  }

  @Test
  void plainKafkaPodsRollWhenThePipelinesKafkaPasswordChanges() {
    client.resource(Fixtures.secret("k5-user", true, Map.of("password", "k5-old"))).create();
    client.resource(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: k5, namespace: default}
        spec:
          kafka:
            bootstrapServers: kafka-k5:9092
            authentication: {type: scram-sha-512, secretRef: {name: k5-user}}
          redis: {url: "redis://redis:6379/0"}
          topics:
            - {name: market-data-stream, partitions: 2}
        """, Pipeline.class)).create();
    client.resource(Fixtures.marketDataProducer("k5-feed", "k5")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> credentialsHash("k5-feed") != null);
    String before = credentialsHash("k5-feed");

    // the pods read the password once, at start: a new one must roll them (Secrets are not watched)
    client.secrets().inNamespace(NAMESPACE).withName("k5-user").edit(secret -> {
      secret.setData(null);
      secret.setStringData(Map.of("password", "k5-new"));
      return secret;
    });

    await().atMost(Duration.ofSeconds(90)).until(() -> !before.equals(credentialsHash("k5-feed")));
  }

  private static String credentialsHash(String producer) {
    Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName(producer + "-producer").get();
    return d == null ? null
        : d.getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplates.KAFKA_CREDENTIALS_HASH_ANNOTATION);
  }

  private static void publishKafka(String name, String plainBootstrap) {
    StrimziKafkas.publish(client, NAMESPACE, name, plainBootstrap);
  }

  private static void label(String name) {
    client.secrets().inNamespace(NAMESPACE).withName(name).edit(secret -> {
      secret.getMetadata().setLabels(java.util.Map.of("tributary.io/usable-by-pipelines", "true"));
      return secret;
    });
  }

  private static Pipeline pipeline(String name) {
    return client.resources(Pipeline.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static String runtimeConfig(String producer) {
    return client.configMaps().inNamespace(NAMESPACE).withName(producer + "-producer-config").get()
        .getData().get("config.json");
  }

  private static String configHash(String producer) {
    Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName(producer + "-producer").get();
    return d.getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplates.CONFIG_HASH_ANNOTATION);
  }
}
