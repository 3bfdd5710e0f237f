package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 §1, "the operator's own user only what it uses": a Strimzi Pipeline with {@code
 * spec.kafka.authentication} gets a KafkaUser for the operator itself, in the Kafka namespace, with
 * exactly {@link KafkaAcls#operatorAcls} of its Workers (updated when one is added); until Strimzi's
 * User Operator — played by the test — wrote its Secret the Pipeline says {@code
 * KafkaUserReady=False KafkaUserNotReady} naming it; then the operator's own Kafka clients use that
 * Secret, never {@code spec.kafka.authentication.secretRef}; it goes with the Pipeline and when the
 * Pipeline stops asking for authentication.
 */
class OperatorKafkaUserIT {
  private static final String KAFKA_NS = "kafka";
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    try (InputStream in = Files.newInputStream(MockCluster.schemas().resolve("strimzi-1.2.0-kafkauser.crd.yaml"))) {
      for (HasMetadata item : client.load(in).items()) {
        client.apiextensions().v1().customResourceDefinitions().resource((CustomResourceDefinition) item).create();
      }
    }
    // a secretRef a Pipeline still names from before: labelled and readable, yet never used with Strimzi
    client.resource(Fixtures.secret("old-operator-kafka", true, Map.of("password", "from-secret-ref"))).create();
    cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void theOperatorsKafkaUserHasItsAclsFollowsTheWorkersFeedsItsClientsAndGoesWithThePipeline() {
    client.resource(pipeline("o1", "c-o1", "secretRef: {name: old-operator-kafka}")).create();
    client.resource(Fixtures.cacheWorker("o1-cache", "o1")).create();
    String user = "default.o1.tributary-operator";

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      GenericKubernetesResource kafkaUser = kafkaUser(user);
      assertThat(kafkaUser).as("KafkaUser %s/%s", KAFKA_NS, user).isNotNull();
      assertThat(kafkaUser.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "c-o1");
      assertThat(acls(kafkaUser)).containsExactlyElementsOf(acls(expected("o1")));
      assertThat(acls(kafkaUser)).contains("topic market-data-stream literal [Read, Write]", "topic o1.dlq literal [Read]",
          "group o1.o1-cache literal [Read]", "group tributary-redrive.default.o1-cache. prefix [Read]",
          "transactionalId tributary-redrive.default." + worker("o1-cache").getMetadata().getUid() + ". prefix [Write]");
      Condition ready = pipeline("o1").getStatus().condition("KafkaUserReady");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("KafkaUserNotReady");
      assertThat(ready.getMessage()).isEqualTo("the operator's KafkaUser kafka/" + user + ": Secret kafka/" + user
          + " not written yet by Strimzi's User Operator");
      assertThat(pipeline("o1").getMetadata().getAnnotations()).containsEntry("tributary.io/kafka-user", "kafka/" + user);
    });

    // a second Worker: its group, input and redrive prefixes join the operator's ACLs
    client.resource(Fixtures.cacheWorker("o1-sums", "o1")).create();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(acls(kafkaUser(user))).containsExactlyElementsOf(acls(expected("o1")))
          .contains("group o1.o1-sums literal [Read]", "group tributary-redrive.default.o1-sums. prefix [Read]");
    });

    // Strimzi writes the users' Secrets: the Workers run, their dead-letter scans use the operator's own
    userOperatorWrites("default.o1.worker.o1-cache", Map.of("password", "w1"));
    userOperatorWrites("default.o1.worker.o1-sums", Map.of("password", "w2"));
    userOperatorWrites(user, Map.of("password", "op-pw", "sasl.jaas.config", "ignored"));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Condition ready = pipeline("o1").getStatus().condition("KafkaUserReady");
      assertThat(ready.getStatus()).isEqualTo("True");
      assertThat(ready.getMessage()).startsWith("the operator's KafkaUser kafka/" + user + " with ");
      assertThat(cluster.topicAdmin().clientProperties("c-o1-kafka-bootstrap.kafka.svc:9092"))
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("sasl.jaas.config",
              "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"op-pw\";");
    });
    assertThat(cluster.topicAdmin().clientProperties("c-o1-kafka-bootstrap.kafka.svc:9092").toString())
        .doesNotContain("from-secret-ref").doesNotContain("old-operator-kafka");

    // the Pipeline's finalizer deletes it (no owner reference reaches the Kafka namespace)
    client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("o1").delete();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(kafkaUser(user)).isNull();
      assertThat(pipeline("o1")).isNull();
    });
  }

  @Test
  void withoutSecretRefTheOperatorsKafkaUserIsMadeAndGoesWhenAuthenticationIsTurnedOff() {
    client.resource(pipeline("o2", "c-o2", "")).create();
    String user = "default.o2.tributary-operator";
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(kafkaUser(user)).isNotNull();
      assertThat(acls(kafkaUser(user))).containsExactly("topic o2.dlq literal [Read]");
      assertThat(pipeline("o2").getStatus().condition("KafkaUserReady").getReason()).isEqualTo("KafkaUserNotReady");
      assertThat(pipeline("o2").getStatus().condition("Ready").getReason())
          .as("secretRef left out is no Secret to wait for").isNotEqualTo("SecretNotUsable");
    });

    cluster.edit(Pipeline.class, "o2", p -> {
      p.getSpec().getKafka().setAuthentication(null);
      return p;
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(kafkaUser(user)).isNull();
      assertThat(pipeline("o2").getStatus().condition("KafkaUserReady")).isNull();
      // the record goes too (the mock server keeps a merge patch's null as a value; a real API server removes the key)
      Map<String, String> annotations = pipeline("o2").getMetadata().getAnnotations();
      assertThat(annotations == null ? null : annotations.get("tributary.io/kafka-user")).isNull();
    });
  }

  /** The operator's KafkaUser as the model renders it for the live Pipeline and Workers. */
  private static GenericKubernetesResource expected(String pipeline) {
    List<Worker> workers = client.resources(Worker.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(w -> pipeline.equals(w.getSpec().getPipeline()))
        .sorted(Comparator.comparing(w -> w.getMetadata().getName())).toList();
    return KafkaAcls.operatorKafkaUser(pipeline(pipeline), workers);
  }

  private static Pipeline pipeline(String name, String cluster, String authentication) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: default}
        spec:
          kafka:
            strimzi: {cluster: %s, namespace: kafka, listener: plain}
            authentication: {type: scram-sha-512, %s}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics:
            - {name: market-data-stream, partitions: 2}
        """.formatted(name, cluster, authentication), Pipeline.class);
  }

  /** What Strimzi's User Operator does for a ready KafkaUser: its Secret, same name and namespace. */
  private static void userOperatorWrites(String user, Map<String, String> data) {
    client.secrets().inNamespace(KAFKA_NS).resource(new SecretBuilder().withNewMetadata().withName(user)
        .withLabels(Map.of("strimzi.io/kind", "KafkaUser")).endMetadata()
        .withStringData(data).build()).create();
  }

  private static GenericKubernetesResource kafkaUser(String name) {
    return client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_USER)).inNamespace(KAFKA_NS)
        .withName(name).get();
  }

  /** "type name pattern [operations]" of each ACL rule of a KafkaUser, in its order. */
  @SuppressWarnings("unchecked")
  private static List<String> acls(GenericKubernetesResource user) {
    Map<String, Object> spec = Serialization.unmarshal(Serialization.asJson(user.getAdditionalProperties().get("spec")), Map.class);
    List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) spec.get("authorization")).get("acls");
    return rules.stream().map(r -> {
      Map<String, Object> resource = (Map<String, Object>) r.get("resource");
      return resource.get("type") + " " + resource.get("name") + " " + resource.get("patternType") + " " + r.get("operations");
    }).toList();
  }

  private static Pipeline pipeline(String name) {
    return client.resources(Pipeline.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static Worker worker(String name) {
    return client.resources(Worker.class).inNamespace(NAMESPACE).withName(name).get();
  }
}
