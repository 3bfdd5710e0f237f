package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.lettuce.core.RedisURI;
import io.tributary.api.v1alpha1.AutoscalingEngine;
import io.tributary.api.v1alpha1.OffsetResetPolicy;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerInput;
import io.tributary.runtime.config.RedisEndpoints;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code autoscaling.engine: keda}: the Worker as a KEDA {@code ScaledObject}
 * ({@code keda.sh/v1alpha1}) for teams that already run KEDA; the operator then does not scale the
 * Worker itself. Pure: Worker and Pipeline in, object out.
 *
 * <p>Mapping: {@code scaleTargetRef} is the Worker's Deployment (whose replicas the Worker model
 * leaves unset, so KEDA's HPA is their only writer); {@code minReplicas/maxReplicas ->
 * min/maxReplicaCount}, {@code pollIntervalSeconds -> pollingInterval}, {@code cooldownSeconds ->
 * cooldownPeriod}, {@code scaleDownStabilizationSeconds -> advanced.horizontalPodAutoscalerConfig
 * .behavior.scaleDown.stabilizationWindowSeconds}. A topic input becomes a {@code kafka} trigger
 * ({@code lagThreshold}, {@code activationLagThreshold}, {@code offsetResetPolicy},
 * {@code allowIdleConsumers}, and {@code version} {@value #KAFKA_VERSION}: KEDA's client defaults to
 * the 1.0.0 protocol, which Kafka 4 brokers no longer speak); a Redis stream input becomes a
 * {@code redis-streams} trigger on the group's lag ({@code lagCount}, Redis 7+) with the server's
 * {@code address}, {@code databaseIndex} and {@code enableTLS} ({@code rediss://}) of the URL the
 * workers use ({@code spec.redis.tls}, a CA of its own, is refused: KEDA reads a CA only from a
 * TriggerAuthentication); a Sentinel URL becomes a {@code redis-sentinel-streams} trigger with the
 * sentinels' {@code addresses} and the {@code sentinelMaster} instead of {@code address}. The rate-aware
 * target, {@code catchUpSeconds} and {@code targetUtilization} have no KEDA equivalent.
 */
public final class KedaScaledObjectModel {
  public static final String API_VERSION = "keda.sh/v1alpha1";
  public static final String KIND = "ScaledObject";
  /** The Kafka protocol version KEDA's client is told to speak: Kafka 4 brokers need 2.1 or later. */
  public static final String KAFKA_VERSION = "4.0.0";

  private KedaScaledObjectModel() {}

  /** Whether the Worker asks for KEDA. */
  public static boolean wanted(Worker worker) {
    var autoscaling = worker.getSpec().getAutoscaling();
    return autoscaling != null && autoscaling.getEngine() == AutoscalingEngine.KEDA;
  }

  /** Name and namespace of a Worker's ScaledObject, enough to look it up or delete it. */
  public static GenericKubernetesResource reference(Worker worker) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withMetadata(new ObjectMetaBuilder()
            .withName(WorkloadModel.workloadName(worker.getMetadata().getName(), WorkloadModel.WORKER))
            .withNamespace(worker.getMetadata().getNamespace())
            .build())
        .build();
  }

  /**
   * The ScaledObject of a Worker with {@code autoscaling.engine: keda}; named like its Deployment.
   *
   * @param bootstrapServers the Kafka address the Worker's pods use (for Strimzi: what the Kafka
   *     resource publishes), so that KEDA measures the same cluster
   * @throws IllegalArgumentException when the Worker cannot be expressed for KEDA, naming the field
   */
  public static GenericKubernetesResource scaledObject(Worker worker, Pipeline pipeline, String bootstrapServers) {
    if (worker.getSpec().getAutoscaling() == null) {
      throw new IllegalArgumentException("spec.autoscaling: not set, no ScaledObject");
    }
    ScalingPolicy policy = ScalingPolicy.from(worker.getSpec().getAutoscaling());
    String name = worker.getMetadata().getName();
    String deployment = WorkloadModel.workloadName(name, WorkloadModel.WORKER);

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("scaleTargetRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", deployment));
    spec.put("pollingInterval", policy.pollIntervalSeconds());
    spec.put("cooldownPeriod", policy.cooldownSeconds());
    spec.put("minReplicaCount", policy.minReplicas());
    spec.put("maxReplicaCount", policy.maxReplicas());
    spec.put("advanced", Map.of("horizontalPodAutoscalerConfig", Map.of("behavior", Map.of("scaleDown",
        Map.of("stabilizationWindowSeconds", policy.scaleDownStabilizationSeconds())))));
    spec.put("triggers", List.of(trigger(worker, pipeline, policy, bootstrapServers)));

    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withMetadata(new ObjectMetaBuilder()
            .withName(deployment)
            .withNamespace(worker.getMetadata().getNamespace())
            .withLabels(Labels.of(WorkloadModel.WORKER, name, WorkloadModel.WORKER, worker.getSpec().getPipeline()))
            .withOwnerReferences(OwnerRefs.controlledBy(worker))
            .build())
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  private static Map<String, Object> trigger(Worker worker, Pipeline pipeline, ScalingPolicy policy,
      String bootstrapServers) {
    WorkerInput input = worker.getSpec().getInput();
    String defaultGroup = ConsumerGroups.workerDefault(worker.getSpec().getPipeline(), worker.getMetadata().getName());
    Map<String, String> metadata = new LinkedHashMap<>();
    if (input.getTopic() != null) {
      var kafka = pipeline.getSpec().getKafka();
      if (kafka.getAuthentication() != null || kafka.getTls() != null) {
        // without a TriggerAuthentication KEDA would connect without credentials and see nothing
        throw new IllegalArgumentException("spec.kafka." + (kafka.getAuthentication() != null ? "authentication" : "tls")
            + " of Pipeline " + pipeline.getMetadata().getName()
            + ": KEDA mode supports only Kafka without TLS or authentication (it would need a TriggerAuthentication);"
            + " use autoscaling.engine: builtin");
      }
      metadata.put("bootstrapServers", bootstrapServers);
      metadata.put("consumerGroup", input.getTopic().getConsumerGroup() != null ? input.getTopic().getConsumerGroup() : defaultGroup);
      metadata.put("topic", input.getTopic().getName());
      metadata.put("lagThreshold", Long.toString(policy.lagThreshold()));
      metadata.put("activationLagThreshold", Long.toString(policy.activationLag()));
      metadata.put("offsetResetPolicy", policy.offsetResetPolicy() == OffsetResetPolicy.LATEST ? "latest" : "earliest");
      metadata.put("allowIdleConsumers", Boolean.toString(policy.allowIdleConsumers()));
      metadata.put("version", KAFKA_VERSION);
      return Map.of("type", "kafka", "metadata", metadata);
    }
    var redis = pipeline.getSpec().getRedis();
    if (redis == null || redis.getUrl() == null) {
      throw new IllegalArgumentException("spec.redis.url of Pipeline " + pipeline.getMetadata().getName()
          + ": KEDA mode needs an inline Redis URL (urlSecretRef would need a TriggerAuthentication)");
    }
    if (redis.getPasswordSecretRef() != null) {
      throw new IllegalArgumentException("spec.redis.passwordSecretRef of Pipeline " + pipeline.getMetadata().getName()
          + ": KEDA mode supports only Redis without a password (it would need a TriggerAuthentication);"
          + " use autoscaling.engine: builtin");
    }
    if (redis.getTls() != null) {
      // KEDA's redis-streams scaler takes a CA only from a TriggerAuthentication (tls: enable, ca)
      throw new IllegalArgumentException("spec.redis.tls of Pipeline " + pipeline.getMetadata().getName()
          + ": KEDA mode supports rediss:// only with the CAs KEDA trusts already (a CA from a Secret would need"
          + " a TriggerAuthentication); use autoscaling.engine: builtin");
    }
    if (redis.getSentinelPasswordSecretRef() != null) {
      throw new IllegalArgumentException("spec.redis.sentinelPasswordSecretRef of Pipeline "
          + pipeline.getMetadata().getName() + ": KEDA mode supports only sentinels without a password (it would"
          + " need a TriggerAuthentication); use autoscaling.engine: builtin");
    }
    RedisEndpoints url = redisEndpoints(pipeline, redis.getUrl());
    String group = input.getRedisStream().getGroup() != null ? input.getRedisStream().getGroup() : defaultGroup;
    if (url.sentinel()) {
      // KEDA's redis-sentinel-streams: the sentinels' addresses and the master's name
      metadata.put("addresses", String.join(",", url.hosts()));
      metadata.put("sentinelMaster", url.masterName());
    } else {
      metadata.put("address", url.hosts().get(0));
    }
    metadata.put("databaseIndex", Integer.toString(url.database()));
    metadata.put("enableTLS", Boolean.toString(url.tls()));
    metadata.put("stream", PipelineWiring.redisName(pipeline, input.getRedisStream().getStream()));
    metadata.put("consumerGroup", group);
    metadata.put("lagCount", Long.toString(policy.lagThreshold()));
    metadata.put("activationLagCount", Long.toString(policy.activationLag()));
    return Map.of("type", url.sentinel() ? "redis-sentinel-streams" : "redis-streams", "metadata", metadata);
  }

  /**
   * The Pipeline's Redis URL read as the workers read it ({@link RedisEndpoints}: {@code rediss://}
   * is TLS, the path is the database index, port 6379 by default, a Sentinel URL's sentinels and
   * master name), so that KEDA watches the same server and database. Refused, naming the field but
   * never quoting the URL (it may hold a password): a URL that does not parse, user info (a
   * password KEDA would need a TriggerAuthentication for), and socket URLs (no address).
   */
  private static RedisEndpoints redisEndpoints(Pipeline pipeline, String value) {
    String field = "spec.redis.url of Pipeline " + pipeline.getMetadata().getName();
    RedisURI url;
    RedisEndpoints endpoints;
    try {
      url = RedisURI.create(value);
      endpoints = RedisEndpoints.parse(field, value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + ": not a valid Redis URL"); // no cause: it would quote the URL
    }
    if (url.getUsername() != null || url.getPassword() != null) {
      throw new IllegalArgumentException(field + ": KEDA mode supports only Redis without a password in the URL"
          + " (it would need a TriggerAuthentication); use autoscaling.engine: builtin");
    }
    return endpoints;
  }
}
