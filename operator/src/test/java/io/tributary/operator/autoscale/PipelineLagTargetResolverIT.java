package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.operator.model.ScalingPolicy;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.reconciler.OperatorServices;
import io.tributary.operator.testing.FakeTopicAdmin;
import io.tributary.operator.testing.MockCluster;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The autoscaler reaches a Redis stream with the same URL and password as the Worker's pods. */
class PipelineLagTargetResolverIT {
  static MockCluster cluster;
  static KubernetesClient client;
  static PipelineLagTargetResolver resolver;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(false);
    client = cluster.client();
    resolver = new PipelineLagTargetResolver(OperatorServices.create(client, OperatorSettings.defaults(),
        new FakeTopicAdmin(), new SimpleMeterRegistry(), Clock.systemUTC()));
    client.resource(new SecretBuilder().withNewMetadata().withName("redis-auth").withNamespace("default").addToLabels(io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_LABEL, io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_VALUE).endMetadata()
        .withStringData(Map.of("password", "s3cret/with:chars", "url", "redis://:from-url@redis.shop.svc:6379/2"))
        .build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void thePasswordOfPasswordSecretRefIsUsedAsTheRuntimeUsesIt() throws Exception {
    pipeline("r1", "{url: \"redis://redis.shop.svc:6379/0\", passwordSecretRef: {name: redis-auth, key: password}}");

    LagTarget target = resolver.resolve(streamWorker("w1", "r1"), ScalingPolicy.defaults());

    assertThat(target).isInstanceOfSatisfying(LagTarget.RedisStream.class, stream -> {
      assertThat(stream.redisUrl()).isEqualTo("redis://:s3cret%2Fwith%3Achars@redis.shop.svc:6379/0");
      assertThat(stream.stream()).as("under the Pipeline's default key prefix").isEqualTo("default.r1:tasks");
      assertThat(stream.group()).isEqualTo("r1.w1");
      assertThat(stream.toString()).doesNotContain("s3cret");
    });
  }

  @Test
  void aClusterPipelineGivesAClusterTarget() throws Exception {
    pipeline("r5", "{url: \"redis://redis-0.shop.svc:6379,redis-1.shop.svc:6379\", cluster: true}");
    pipeline("r6", "{url: \"redis://redis.shop.svc:6379/0\"}");

    assertThat(((LagTarget.RedisStream) resolver.resolve(streamWorker("w5", "r5"), ScalingPolicy.defaults())).cluster())
        .as("spec.redis.cluster: true").isTrue();
    assertThat(((LagTarget.RedisStream) resolver.resolve(streamWorker("w6", "r6"), ScalingPolicy.defaults())).cluster())
        .isFalse();
  }

  @Test
  void aPasswordInTheUrlSecretWins() throws Exception {
    pipeline("r2", "{urlSecretRef: {name: redis-auth, key: url}, passwordSecretRef: {name: redis-auth, key: password}}");

    LagTarget target = resolver.resolve(streamWorker("w2", "r2"), ScalingPolicy.defaults());

    assertThat(((LagTarget.RedisStream) target).redisUrl()).isEqualTo("redis://:from-url@redis.shop.svc:6379/2");
  }

  @Test
  void aMissingPasswordSecretIsNamedWithItsField() {
    pipeline("r3", "{url: \"redis://redis.shop.svc:6379/0\", passwordSecretRef: {name: nowhere, key: password}}");

    assertThatThrownBy(() -> resolver.resolve(streamWorker("w3", "r3"), ScalingPolicy.defaults()))
        .isInstanceOf(LagObservationException.class)
        .hasMessage("spec.redis.passwordSecretRef: Secret \"nowhere\" does not exist in namespace \"default\"");
  }

  @Test
  void aPasswordSecretWithoutTheOptInLabelIsNotRead() {
    client.resource(io.tributary.operator.testing.Fixtures.secret("not-opted-in", false, Map.of("password", "s3cret")))
        .create();
    pipeline("r4", "{url: \"redis://attacker.example:6379/0\", passwordSecretRef: {name: not-opted-in, key: password}}");

    assertThatThrownBy(() -> resolver.resolve(streamWorker("w4", "r4"), ScalingPolicy.defaults()))
        .isInstanceOf(LagObservationException.class)
        .hasMessageStartingWith("spec.redis.passwordSecretRef of Pipeline \"r4\": Secret \"not-opted-in\" in namespace"
            + " \"default\" does not carry the label tributary.io/usable-by-pipelines: \"true\"")
        .hasMessageNotContaining("s3cret");
  }

  /**
   * Issue #14 §1: with Strimzi and {@code spec.kafka.authentication} the lag is read as the
   * operator's own KafkaUser, from the Secret Strimzi writes for it in the Kafka namespace, never
   * with {@code secretRef}; until that Secret is there the lag says which one it waits for.
   */
  @Test
  void withStrimziAuthenticationLagIsReadAsTheOperatorsOwnKafkaUser() throws Exception {
    client.resource(io.tributary.operator.testing.Fixtures.secret("l1-old", true, Map.of("password", "from-secret-ref")))
        .create();
    strimziPipeline("l1", "{type: scram-sha-512, secretRef: {name: l1-old}}");
    String user = "default.l1.tributary-operator";

    assertThatThrownBy(() -> resolver.resolve(topicWorker("lw1", "l1"), ScalingPolicy.defaults()))
        .isInstanceOf(LagObservationException.class)
        .hasMessage("the operator's KafkaUser kafka/" + user + ": Secret kafka/" + user
            + " not written yet by Strimzi's User Operator");

    client.resource(new SecretBuilder().withNewMetadata().withName(user).withNamespace("kafka").endMetadata()
        .withStringData(Map.of("password", "op-pw")).build()).create();
    LagTarget target = resolver.resolve(topicWorker("lw1", "l1"), ScalingPolicy.defaults());

    assertThat(target).isInstanceOfSatisfying(LagTarget.KafkaTopic.class, kafka -> {
      assertThat(kafka.bootstrapServers()).isEqualTo("c-kafka-bootstrap.kafka.svc:9092");
      assertThat(kafka.clientProperties()).containsEntry("sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"op-pw\";");
      assertThat(kafka.clientProperties().toString()).doesNotContain("from-secret-ref");
    });
  }

  @Test
  void withStrimziTlsTheOperatorsKafkaUserCertificateIsUsedOnceStrimziIssuedIt() throws Exception {
    strimziPipeline("l2", "{type: tls}");
    String user = "default.l2.tributary-operator";
    client.resource(new SecretBuilder().withNewMetadata().withName(user).withNamespace("kafka").endMetadata()
        .withStringData(Map.of("ca.crt", "CA")).build()).create();

    assertThatThrownBy(() -> resolver.resolve(topicWorker("lw2", "l2"), ScalingPolicy.defaults()))
        .isInstanceOf(LagObservationException.class)
        .hasMessage("the operator's KafkaUser kafka/" + user + ": Secret kafka/" + user
            + " has no key \"user.crt\", \"user.key\"");

    client.secrets().inNamespace("kafka").withName(user).edit(s -> {
      s.setStringData(Map.of("user.crt", "CERT", "user.key", "KEY"));
      return s;
    });
    LagTarget target = resolver.resolve(topicWorker("lw2", "l2"), ScalingPolicy.defaults());

    assertThat(((LagTarget.KafkaTopic) target).clientProperties())
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.keystore.certificate.chain", "CERT")
        .containsEntry("ssl.keystore.key", "KEY");
  }

  private static void strimziPipeline(String name, String authentication) {
    client.resource(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: default}
        spec:
          kafka:
            strimzi: {cluster: c, namespace: kafka, listener: plain}
            authentication: %s
          redis: {url: "redis://redis.shop.svc:6379/0"}
          topics: [{name: t, partitions: 1, replicas: 1}]
        """.formatted(name, authentication), Pipeline.class)).create();
  }

  private static Worker topicWorker(String name, String pipeline) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s, namespace: default}
        spec:
          pipeline: %s
          input: {topic: {name: t}}
          processors: [{log: {}}]
        """.formatted(name, pipeline), Worker.class);
  }

  private static void pipeline(String name, String redis) {
    client.resource(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: default}
        spec:
          kafka: {bootstrapServers: "kafka.shop.svc:9092"}
          redis: %s
          topics: [{name: t, partitions: 1, replicas: 1}]
        """.formatted(name, redis), Pipeline.class)).create();
  }

  private static Worker streamWorker(String name, String pipeline) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s, namespace: default}
        spec:
          pipeline: %s
          input: {redisStream: {stream: tasks}}
          processors: [{log: {}}]
        """.formatted(name, pipeline), Worker.class);
  }
}
