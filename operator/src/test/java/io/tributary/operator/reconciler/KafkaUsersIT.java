package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.PodTemplates;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import io.tributary.runtime.config.SecretEnv;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strimzi Pipelines with {@code spec.kafka.authentication}: each Producer, Worker and EtlSchedule
 * gets its own KafkaUser in the Kafka cluster's namespace, waits (Ready=False KafkaUserNotReady)
 * until Strimzi's User Operator — played by the test — wrote its Secret, then runs with a copy of
 * that Secret in its own namespace; a rotated Secret rolls its pods; a Pipeline without
 * authentication deletes the KafkaUsers.
 */
class KafkaUsersIT {
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
    // the Pipelines' own credential (the operator's): labelled, as every Secret a resource names must be
    client.resource(new SecretBuilder().withNewMetadata().withName("operator-kafka").withNamespace(NAMESPACE)
        .withLabels(Map.of(io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_LABEL,
            io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_VALUE)).endMetadata()
        .withStringData(Map.of("password", "operator")).build()).create();
    cluster.startOperator(Fixtures.FAST_RECHECKS);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aProducerWaitsForItsKafkaUsersSecretThenUsesACopyAndRollsWhenItRotates() {
    client.resource(pipeline("u1", "scram-sha-512")).create();
    client.resource(Fixtures.marketDataProducer("u1-feed", "u1")).create();
    String user = "default.u1.producer.u1-feed";

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      GenericKubernetesResource kafkaUser = kafkaUser(user);
      assertThat(kafkaUser).as("KafkaUser %s/%s", KAFKA_NS, user).isNotNull();
      assertThat(kafkaUser.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "my-cluster");
      assertThat(Serialization.asJson(kafkaUser.getAdditionalProperties().get("spec")))
          .contains("\"authentication\":{\"type\":\"scram-sha-512\"}");
      assertThat(acls(kafkaUser)).containsExactly("topic market-data-stream [Write, Describe]");
      Condition ready = producer("u1-feed").getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("KafkaUserNotReady");
      assertThat(ready.getMessage()).isEqualTo("KafkaUser kafka/" + user + ": Secret kafka/" + user
          + " not written yet by Strimzi's User Operator");
      assertThat(producer("u1-feed").getStatus().condition("Reconciling").getStatus()).isEqualTo("True");
    });
    assertThat(deployment("u1-feed-producer")).as("no Deployment without credentials").isNull();

    userOperatorWrites(user, Map.of("password", "pw-1", "sasl.jaas.config", "jaas-1"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Secret copy = client.secrets().inNamespace(NAMESPACE).withName("u1-feed-producer-kafka-user").get();
      assertThat(copy).isNotNull();
      assertThat(copy.getData()).containsEntry("password", b64("pw-1"));
      assertThat(copy.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getName()).isEqualTo("u1-feed"));
      PodTemplateSpec pod = deployment("u1-feed-producer").getSpec().getTemplate();
      assertThat(env(pod, SecretEnv.KAFKA_USERNAME).getValue()).isEqualTo(user);
      assertThat(env(pod, SecretEnv.KAFKA_PASSWORD).getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("u1-feed-producer-kafka-user");
      assertThat(pod.getMetadata().getAnnotations()).containsKey(PodTemplates.KAFKA_CREDENTIALS_HASH_ANNOTATION);
      Condition userReady = producer("u1-feed").getStatus().condition("KafkaUserReady");
      assertThat(userReady.getStatus()).isEqualTo("True");
      assertThat(userReady.getMessage())
          .isEqualTo("KafkaUser kafka/" + user + ", its Secret copied to default/u1-feed-producer-kafka-user");
    });
    String hash = credentialsHash("u1-feed-producer");

    // Strimzi rotates the password: the operator looks again within Rechecks#credentials
    Secret rotated = client.secrets().inNamespace(KAFKA_NS).withName(user).get();
    rotated.setData(Map.of("password", b64("pw-2"), "sasl.jaas.config", b64("jaas-2")));
    client.secrets().inNamespace(KAFKA_NS).resource(rotated).update();
    await().atMost(Duration.ofSeconds(100)).untilAsserted(() -> {
      assertThat(client.secrets().inNamespace(NAMESPACE).withName("u1-feed-producer-kafka-user").get().getData())
          .containsEntry("password", b64("pw-2"));
      assertThat(credentialsHash("u1-feed-producer")).isNotEqualTo(hash);
    });

    // no authentication any more: the KafkaUser goes, the pods use no credentials
    cluster.edit(Pipeline.class, "u1", p -> {
      p.getSpec().getKafka().setAuthentication(null);
      return p;
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(kafkaUser(user)).isNull();
      assertThat(producer("u1-feed").getStatus().condition("KafkaUserReady")).isNull();
      PodTemplateSpec pod = deployment("u1-feed-producer").getSpec().getTemplate();
      assertThat(env(pod, SecretEnv.KAFKA_USERNAME)).isNull();
      assertThat(pod.getMetadata().getAnnotations()).doesNotContainKey(PodTemplates.KAFKA_CREDENTIALS_HASH_ANNOTATION);
      assertThat(producer("u1-feed").getStatus().condition("Ready").getReason()).isNotEqualTo("KafkaUserNotReady");
    });
  }

  /**
   * Issue 14: a credential change never leaves the pods with credentials they no longer have
   * without a condition saying so. From scram-sha-512 to tls, Strimzi drops the password before it
   * has issued the certificate: until the Secret holds {@code user.crt} and {@code user.key} the
   * Producer says {@code Ready=False KafkaUserNotReady}, naming the missing keys; then the pods roll
   * onto the certificate.
   */
  @Test
  void fromScramToTlsTheComponentSaysSoUntilTheCertificateIsThereThenRolls() {
    client.resource(pipeline("u4", "scram-sha-512")).create();
    client.resource(Fixtures.marketDataProducer("u4-feed", "u4")).create();
    String user = "default.u4.producer.u4-feed";
    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaUser(user) != null);
    userOperatorWrites(user, Map.of("password", "pw-1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> deployment("u4-feed-producer") != null
        && env(deployment("u4-feed-producer").getSpec().getTemplate(), SecretEnv.KAFKA_PASSWORD) != null);
    String scramHash = credentialsHash("u4-feed-producer");

    cluster.edit(Pipeline.class, "u4", p -> {
      p.getSpec().getKafka().getAuthentication().setType(io.tributary.api.v1alpha1.KafkaAuthenticationType.TLS);
      return p;
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(Serialization.asJson(kafkaUser(user).getAdditionalProperties().get("spec")))
          .contains("\"authentication\":{\"type\":\"tls\"}");
      Condition ready = producer("u4-feed").getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("KafkaUserNotReady");
      assertThat(ready.getMessage()).isEqualTo("KafkaUser kafka/" + user + ": Secret kafka/" + user
          + " has no key \"user.crt\", \"user.key\"");
      assertThat(producer("u4-feed").getStatus().condition("KafkaUserReady").getStatus()).isEqualTo("False");
    });
    assertThat(credentialsHash("u4-feed-producer")).as("the running pods are left as they are, and said to be so")
        .isEqualTo(scramHash);

    // the User Operator issues the certificate: it replaces the Secret's data
    Secret issued = client.secrets().inNamespace(KAFKA_NS).withName(user).get();
    issued.setData(Map.of("user.crt", b64("CRT"), "user.key", b64("KEY"), "ca.crt", b64("CA")));
    client.secrets().inNamespace(KAFKA_NS).resource(issued).update();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      PodTemplateSpec pod = deployment("u4-feed-producer").getSpec().getTemplate();
      assertThat(credentialsHash("u4-feed-producer")).isNotEqualTo(scramHash);
      assertThat(env(pod, SecretEnv.KAFKA_PASSWORD)).isNull();
      assertThat(producer("u4-feed").getStatus().condition("KafkaUserReady").getStatus()).isEqualTo("True");
      assertThat(producer("u4-feed").getStatus().condition("Ready").getReason()).isNotEqualTo("KafkaUserNotReady");
    });
  }

  @Test
  void workersAndEtlSchedulesGetTheirOwnTlsUsersWithTheirAcls() {
    client.resource(pipeline("u2", "tls")).create();
    client.resource(Fixtures.cacheWorker("u2-cache", "u2")).create();
    EtlSchedule etl = Fixtures.etl("u2-daily", "u2");
    client.resource(etl).create();
    String workerUser = "default.u2.worker.u2-cache";
    String etlUser = "default.u2.etlschedule.u2-daily";

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(Serialization.asJson(kafkaUser(workerUser).getAdditionalProperties().get("spec")))
          .contains("\"authentication\":{\"type\":\"tls\"}");
      assertThat(acls(kafkaUser(workerUser))).containsExactly(
          "topic market-data-stream [Read]", "topic u2.dlq [Write]", "group u2.u2-cache [Read]");
      assertThat(kafkaUser(etlUser)).isNotNull();
      assertThat(worker("u2-cache").getStatus().condition("Ready").getReason()).isEqualTo("KafkaUserNotReady");
      assertThat(client.resources(EtlSchedule.class).inNamespace(NAMESPACE).withName("u2-daily").get().getStatus()
          .condition("Ready").getReason()).isEqualTo("KafkaUserNotReady");
    });

    // a Secret without the key the runtime needs is not enough
    userOperatorWrites(workerUser, Map.of("ca.crt", "CA"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(worker("u2-cache").getStatus()
        .condition("Ready").getMessage()).isEqualTo("KafkaUser kafka/" + workerUser + ": Secret kafka/" + workerUser
            + " has no key \"user.crt\", \"user.key\""));

    Secret complete = client.secrets().inNamespace(KAFKA_NS).withName(workerUser).get();
    complete.setData(Map.of("ca.crt", b64("CA"), "user.crt", b64("CERT"), "user.key", b64("KEY")));
    client.secrets().inNamespace(KAFKA_NS).resource(complete).update();
    userOperatorWrites(etlUser, Map.of("user.crt", "CERT-E", "user.key", "KEY-E"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      PodTemplateSpec pod = deployment("u2-cache-worker").getSpec().getTemplate();
      assertThat(Serialization.asJson(pod.getSpec().getVolumes()))
          .contains("\"name\":\"u2-cache-worker-kafka-user\"")
          .contains("\"key\":\"user.crt\"");
      assertThat(env(pod, SecretEnv.KAFKA_USERNAME)).isNull();
      var cronJob = client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("u2-daily-etl").get();
      assertThat(cronJob).isNotNull();
      assertThat(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getAnnotations())
          .containsKey(PodTemplates.KAFKA_CREDENTIALS_HASH_ANNOTATION);
      assertThat(client.secrets().inNamespace(NAMESPACE).withName("u2-daily-etl-kafka-user").get()).isNotNull();
    });
  }

  @Test
  void aKafkaUserNamedAlikeButNotTheComponentsIsNotTakenOver() {
    String user = "default.u3.producer.u3-feed";
    GenericKubernetesResource foreign = new GenericKubernetesResource();
    foreign.setApiVersion(UpstreamKind.KAFKA_USER.apiVersion());
    foreign.setKind(UpstreamKind.KAFKA_USER.kind);
    foreign.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(user).withNamespace(KAFKA_NS)
        .withLabels(Map.of("strimzi.io/cluster", "my-cluster")).build());
    foreign.setAdditionalProperty("spec", Map.of("authentication", Map.of("type", "scram-sha-512")));
    client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_USER)).inNamespace(KAFKA_NS).resource(foreign).create();
    client.resource(pipeline("u3", "scram-sha-512")).create();
    Producer producer = Fixtures.marketDataProducer("u3-feed", "u3");
    client.resource(producer).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(producer("u3-feed").getStatus().condition("Ready").getReason()).isEqualTo("OwnershipConflict"));
    assertThat(kafkaUser(user).getAdditionalProperties().get("spec").toString()).doesNotContain("acls");
  }

  private static Pipeline pipeline(String name, String authentication) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: default}
        spec:
          kafka:
            strimzi: {cluster: my-cluster, namespace: kafka, listener: plain}
            authentication: {type: %s, secretRef: {name: operator-kafka}}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics:
            - {name: market-data-stream, partitions: 2}
            - {name: daily-summaries, partitions: 1}
        """.formatted(name, authentication), Pipeline.class);
  }

  /** What Strimzi's User Operator does for a ready KafkaUser: its Secret, same name and namespace. */
  private static void userOperatorWrites(String user, Map<String, String> data) {
    client.secrets().inNamespace(KAFKA_NS).resource(new SecretBuilder().withNewMetadata().withName(user)
        .withLabels(Map.of("strimzi.io/kind", "KafkaUser", "strimzi.io/cluster", "my-cluster")).endMetadata()
        .withData(data.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> b64(e.getValue()))))
        .build()).create();
  }

  private static String b64(String value) {
    return java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static GenericKubernetesResource kafkaUser(String name) {
    return client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_USER)).inNamespace(KAFKA_NS).withName(name).get();
  }

  /** "type name [operations]" of each ACL rule of a KafkaUser. */
  @SuppressWarnings("unchecked")
  private static List<String> acls(GenericKubernetesResource user) {
    Map<String, Object> spec = (Map<String, Object>) user.getAdditionalProperties().get("spec");
    List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) spec.get("authorization")).get("acls");
    return rules.stream().map(r -> {
      Map<String, Object> resource = (Map<String, Object>) r.get("resource");
      return resource.get("type") + " " + resource.get("name") + " " + r.get("operations");
    }).toList();
  }

  private static Producer producer(String name) {
    return client.resources(Producer.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static Worker worker(String name) {
    return client.resources(Worker.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static io.fabric8.kubernetes.api.model.apps.Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  private static String credentialsHash(String deployment) {
    return deployment(deployment).getSpec().getTemplate().getMetadata().getAnnotations()
        .get(PodTemplates.KAFKA_CREDENTIALS_HASH_ANNOTATION);
  }

  private static EnvVar env(PodTemplateSpec pod, String name) {
    List<EnvVar> env = pod.getSpec().getContainers().get(0).getEnv();
    return env.stream().filter(e -> e.getName().equals(name)).findFirst().orElse(null);
  }
}
