package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.schema.CrdSchemaRegistry;
import io.tributary.api.schema.ProjectPaths;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.autoscale.WorkerAutoscaler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KedaScaledObjectModelTest {
  static final CrdSchemaRegistry KEDA = CrdSchemaRegistry.load(ProjectPaths.sharedSchema("keda-scaledobjects.crd.yaml"));

  static Pipeline pipeline(String redisUrl) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: market-data, namespace: default}
        spec:
          kafka: {bootstrapServers: "kafka-0.kafka:9092"}
          redis: {url: "%s"}
        """.formatted(redisUrl), Pipeline.class);
  }

  static Worker worker(String input) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: cache-writer, namespace: default, uid: 0b6f1d0e-1111-4c1e-9d7a-3f0a0a0a0a0a}
        spec:
          pipeline: market-data
          input: %s
          processors: [{log: {}}]
          autoscaling: {engine: keda, minReplicas: 0, maxReplicas: 12, lagThreshold: 500, activationLag: 20,
                        cooldownSeconds: 120, scaleDownStabilizationSeconds: 60, pollIntervalSeconds: 15}
        """.formatted(input), Worker.class);
  }

  @Test
  void aTopicWorkerBecomesAKafkaTriggerForKafka4() {
    Worker worker = worker("{topic: {name: market-data-stream}}");

    GenericKubernetesResource scaled = KedaScaledObjectModel.scaledObject(worker, pipeline("redis://redis:6379/0"), "kafka-0.kafka:9092");

    assertThat(KEDA.validateValue(scaled)).isEmpty();
    assertThat(scaled.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
    assertThat(scaled.getMetadata().getName()).isEqualTo("cache-writer-worker");
    assertThat(scaled.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("0b6f1d0e-1111-4c1e-9d7a-3f0a0a0a0a0a"));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) scaled.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("scaleTargetRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "cache-writer-worker"))
        .containsEntry("minReplicaCount", 0).containsEntry("maxReplicaCount", 12)
        .containsEntry("pollingInterval", 15).containsEntry("cooldownPeriod", 120)
        .containsEntry("advanced", Map.of("horizontalPodAutoscalerConfig",
            Map.of("behavior", Map.of("scaleDown", Map.of("stabilizationWindowSeconds", 60)))));
    assertThat(spec.get("triggers")).isEqualTo(List.of(Map.of("type", "kafka", "metadata", Map.of(
        "bootstrapServers", "kafka-0.kafka:9092",
        "consumerGroup", "market-data.cache-writer",
        "topic", "market-data-stream",
        "lagThreshold", "500",
        "activationLagThreshold", "20",
        "offsetResetPolicy", "earliest",
        "allowIdleConsumers", "false",
        "version", "4.0.0"))));
  }

  @Test
  void aRedisStreamWorkerBecomesARedisStreamsTrigger() {
    Worker worker = worker("{redisStream: {stream: 'tasks:market_data', group: executors}}");

    GenericKubernetesResource scaled = KedaScaledObjectModel.scaledObject(worker, pipeline("redis://redis.default.svc:6380/0"), "unused:9092");

    assertThat(KEDA.validateValue(scaled)).isEmpty();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) scaled.getAdditionalProperties().get("spec");
    assertThat(spec.get("triggers")).isEqualTo(List.of(Map.of("type", "redis-streams", "metadata", Map.of(
        "address", "redis.default.svc:6380",
        "databaseIndex", "0",
        "enableTLS", "false",
        "stream", "default.market-data:tasks:market_data",
        "consumerGroup", "executors",
        "lagCount", "500",
        "activationLagCount", "20"))));
  }

  /** Issue #11 §1.11c: KEDA watched database 0 over plain TCP whatever the workers used. */
  @Test
  void theRedisTriggerWatchesTheWorkersDatabaseOverTls() {
    Worker worker = worker("{redisStream: {stream: 'tasks:market_data', group: executors}}");

    GenericKubernetesResource scaled = KedaScaledObjectModel.scaledObject(worker, pipeline("rediss://redis.prod.svc:6380/3"), "unused:9092");

    assertThat(KEDA.validateValue(scaled)).isEmpty();
    assertThat(redisTrigger(scaled)).containsEntry("address", "redis.prod.svc:6380")
        .containsEntry("databaseIndex", "3").containsEntry("enableTLS", "true");
    assertThat(redisTrigger(KedaScaledObjectModel.scaledObject(worker, pipeline("redis://redis"), "unused:9092")))
        .as("defaults: port 6379, database 0, no TLS")
        .containsEntry("address", "redis:6379").containsEntry("databaseIndex", "0").containsEntry("enableTLS", "false");
  }

  @Test
  void aRedisUrlKedaCannotUseIsRefusedWithoutQuotingIt() {
    Worker worker = worker("{redisStream: {stream: s}}");
    assertThatThrownBy(() -> KedaScaledObjectModel.scaledObject(worker, pipeline("redis://:hunter2@redis:6379/1"), "k:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("spec.redis.url of Pipeline market-data: KEDA mode supports only Redis without a password")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> KedaScaledObjectModel.scaledObject(worker, pipeline("redis-sentinel://:hunter2@s1:26379/0#m"), "k:9092"))
        .hasMessageStartingWith("spec.redis.url of Pipeline market-data: KEDA mode supports only Redis without a password")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> KedaScaledObjectModel.scaledObject(worker, pipeline("redis-socket:///tmp/redis.sock"), "k:9092"))
        .hasMessage("spec.redis.url of Pipeline market-data: not a valid Redis URL");
    assertThatThrownBy(() -> KedaScaledObjectModel.scaledObject(worker, pipeline("redis://hunter2@:bad port"), "k:9092"))
        .hasMessageStartingWith("spec.redis.url of Pipeline market-data:")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSentinelUrlBecomesARedisSentinelStreamsTriggerOnTheSentinelsAndTheMaster() {
    Worker worker = worker("{redisStream: {stream: tasks, group: executors}}");

    GenericKubernetesResource scaled = KedaScaledObjectModel.scaledObject(worker,
        pipeline("rediss-sentinel://sentinel-0.redis:26379,sentinel-1.redis:26380,sentinel-2.redis/2#mymaster"), "k:9092");

    assertThat(KEDA.validateValue(scaled)).isEmpty();
    Map<String, Object> spec = (Map<String, Object>) scaled.getAdditionalProperties().get("spec");
    Map<String, Object> trigger = ((List<Map<String, Object>>) spec.get("triggers")).get(0);
    assertThat(trigger).containsEntry("type", "redis-sentinel-streams");
    assertThat((Map<String, String>) trigger.get("metadata"))
        .containsEntry("addresses", "sentinel-0.redis:26379,sentinel-1.redis:26380,sentinel-2.redis:26379")
        .containsEntry("sentinelMaster", "mymaster").containsEntry("databaseIndex", "2").containsEntry("enableTLS", "true")
        .containsEntry("stream", "default.market-data:tasks").containsEntry("consumerGroup", "executors").doesNotContainKey("address");
  }

  @Test
  void aSentinelPasswordKedaWouldNeedATriggerAuthenticationForIsRefused() {
    Worker worker = worker("{redisStream: {stream: s}}");
    Pipeline pipeline = pipeline("redis-sentinel://s1:26379#m");
    io.tributary.api.v1alpha1.SecretKeyReference ref = new io.tributary.api.v1alpha1.SecretKeyReference();
    ref.setName("sentinel");
    ref.setKey("password");
    pipeline.getSpec().getRedis().setSentinelPasswordSecretRef(ref);
    assertThatThrownBy(() -> KedaScaledObjectModel.scaledObject(worker, pipeline, "k:9092"))
        .hasMessageStartingWith("spec.redis.sentinelPasswordSecretRef of Pipeline market-data: KEDA mode supports only"
            + " sentinels without a password");
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> redisTrigger(GenericKubernetesResource scaled) {
    Map<String, Object> spec = (Map<String, Object>) scaled.getAdditionalProperties().get("spec");
    Map<String, Object> trigger = ((List<Map<String, Object>>) spec.get("triggers")).get(0);
    assertThat(trigger).containsEntry("type", "redis-streams");
    return (Map<String, String>) trigger.get("metadata");
  }

  @Test
  void theAddressIsTheOneTheWorkersUseNotTheNamingConvention() {
    GenericKubernetesResource scaled = KedaScaledObjectModel.scaledObject(worker("{topic: {name: t}}"),
        pipeline("redis://r:6379"), "my-cluster-kafka-bootstrap.kafka.svc.cluster.local:9093");

    assertThat(String.valueOf(scaled.getAdditionalProperties().get("spec")))
        .contains("bootstrapServers=my-cluster-kafka-bootstrap.kafka.svc.cluster.local:9093");
  }

  @Test
  void credentialsKedaWouldNeedATriggerAuthenticationForAreRefusedNamingTheField() {
    Pipeline sasl = pipeline("redis://r:6379");
    sasl.getSpec().getKafka().setAuthentication(Serialization.unmarshal(
        "{\"type\": \"scram-sha-512\", \"secretRef\": {\"name\": \"u\"}}", io.tributary.api.v1alpha1.KafkaAuthentication.class));
    assertThatThrownBy(() -> KedaScaledObjectModel.scaledObject(worker("{topic: {name: t}}"), sasl, "k:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("spec.kafka.authentication of Pipeline market-data: KEDA mode supports only");

    Pipeline password = pipeline("redis://r:6379");
    password.getSpec().getRedis().setPasswordSecretRef(Serialization.unmarshal(
        "{\"name\": \"redis\", \"key\": \"password\"}", io.tributary.api.v1alpha1.SecretKeyReference.class));
    assertThatThrownBy(() -> KedaScaledObjectModel.scaledObject(worker("{redisStream: {stream: s}}"), password, "k:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("spec.redis.passwordSecretRef of Pipeline market-data: KEDA mode supports only");
  }

  @Test
  void theSchemaCheckCanFail() {
    GenericKubernetesResource scaled = KedaScaledObjectModel.scaledObject(worker("{topic: {name: t}}"), pipeline("redis://r:6379"), "k:9092");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) scaled.getAdditionalProperties().get("spec");
    Map<String, Object> broken = new java.util.LinkedHashMap<>(spec);
    broken.put("pollingIntervall", 15);
    scaled.setAdditionalProperty("spec", broken);

    assertThat(KEDA.validateValue(scaled)).isNotEmpty();
  }

  @Test
  void onlyKedaWorkersAskForIt() {
    Worker worker = worker("{topic: {name: t}}");
    assertThat(KedaScaledObjectModel.wanted(worker)).isTrue();
    assertThat(WorkerAutoscaler.scalesItself(worker)).isFalse();
    worker.getSpec().setAutoscaling(null);
    assertThat(KedaScaledObjectModel.wanted(worker)).isFalse();
    assertThatThrownBy(() -> KedaScaledObjectModel.scaledObject(worker, pipeline("redis://r:6379"), "k:9092"))
        .hasMessage("spec.autoscaling: not set, no ScaledObject");
  }
}
