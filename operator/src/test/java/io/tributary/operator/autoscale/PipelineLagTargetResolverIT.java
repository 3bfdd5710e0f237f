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
