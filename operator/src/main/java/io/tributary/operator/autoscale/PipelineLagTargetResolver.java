package io.tributary.operator.autoscale;

import io.tributary.operator.model.ScalingPolicy;
import io.tributary.operator.reconciler.OperatorServices;

import io.tributary.operator.reconciler.KafkaAccess;
import io.tributary.operator.model.SecretReferences;
import io.tributary.operator.reconciler.SecretValues;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.RedisConnection;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.ConsumerGroups;
import io.tributary.api.v1alpha1.WorkerInput;
import io.tributary.operator.model.PipelineWiring;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import io.tributary.runtime.config.AllowedHosts;
import io.tributary.runtime.config.RedisConfig;
import io.tributary.runtime.config.SecretEnv;

/**
 * Resolves a Worker's {@link LagTarget} from its Pipeline: the Kafka address and client settings
 * the reconcilers use too ({@link KafkaAccess}: the Strimzi listener's published address, TLS and
 * SASL from the Pipeline's Secrets) and the input topic with its consumer group, or the Redis URL
 * (inline or from {@code urlSecretRef}), the CA of {@code spec.redis.tls.caSecretRef}, and the
 * stream with its group. A group that is not set
 * defaults to {@code <pipeline>.<worker>}, as in the runtime.
 */
public final class PipelineLagTargetResolver implements LagTargetResolver {
  private final OperatorServices services;
  private final KubernetesClient client;

  public PipelineLagTargetResolver(OperatorServices services) {
    this.services = services;
    this.client = services.client();
  }

  @Override
  public LagTarget resolve(Worker worker, ScalingPolicy policy) throws LagObservationException {
    try {
      return resolveFromApi(worker, policy);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      // e.g. a Secret the operator may not read: hold the count and say why (ScalerHealthy=False)
      throw new LagObservationException("reading the Pipeline's wiring from the API: " + e.getMessage());
    }
  }

  private LagTarget resolveFromApi(Worker worker, ScalingPolicy policy) throws LagObservationException {
    String namespace = worker.getMetadata().getNamespace();
    String pipelineName = worker.getSpec().getPipeline();
    Pipeline pipeline = client.resources(Pipeline.class).inNamespace(namespace).withName(pipelineName).get();
    if (pipeline == null) {
      throw new LagObservationException("Pipeline " + namespace + "/" + pipelineName + " (spec.pipeline) does not exist");
    }
    String defaultGroup = ConsumerGroups.workerDefault(pipelineName, worker.getMetadata().getName());
    WorkerInput input = worker.getSpec().getInput();
    if (input != null && input.getTopic() != null) {
      String group = input.getTopic().getConsumerGroup() != null ? input.getTopic().getConsumerGroup() : defaultGroup;
      try {
        PipelineWiring wiring = KafkaAccess.wiring(services, pipeline);
        Optional<String> refused = services.settings().allowedHosts().refusal("Pipeline " + pipelineName
            + " spec.kafka", wiring.kafka().bootstrapServers(), AllowedHosts.Kind.SERVERS);
        if (refused.isPresent()) {
          throw new LagObservationException(refused.get());
        }
        return new LagTarget.KafkaTopic(wiring.kafka().bootstrapServers(),
            KafkaAccess.adminProperties(services, pipeline, wiring), input.getTopic().getName(), group,
            policy.offsetResetPolicy());
      } catch (KafkaAccess.KafkaCredentialsException e) {
        throw new LagObservationException(e.getMessage());
      }
    }
    if (input != null && input.getRedisStream() != null) {
      String group = input.getRedisStream().getGroup() != null ? input.getRedisStream().getGroup() : defaultGroup;
      RedisConnection redis = pipeline.getSpec().getRedis();
      String caPem = redis != null && redis.getTls() != null && redis.getTls().getCaSecretRef() != null
          ? secretValue(pipeline, "spec.redis.tls.caSecretRef", redis.getTls().getCaSecretRef()) : null;
      String stream;
      try {
        stream = PipelineWiring.redisName(pipeline, input.getRedisStream().getStream());
      } catch (IllegalArgumentException e) {
        throw new LagObservationException(e.getMessage());
      }
      var sentinelRef = redis == null ? null : redis.getSentinelPasswordSecretRef();
      return new LagTarget.RedisStream(redisUrl(pipeline), stream, group, caPem,
          sentinelRef == null ? null : secretValue(pipeline, "spec.redis.sentinelPasswordSecretRef", sentinelRef),
          redis != null && Boolean.TRUE.equals(redis.getCluster()));
    }
    throw new LagObservationException("spec.input: neither topic nor redisStream is set");
  }

  /**
   * The URL the Worker's pods connect to: {@code url} or the {@code urlSecretRef} value, with the
   * {@code passwordSecretRef} password added as the runtime adds it ({@link RedisConfig#effectiveUrl}).
   */
  private String redisUrl(Pipeline pipeline) throws LagObservationException {
    RedisConnection redis = pipeline.getSpec().getRedis();
    if (redis == null) {
      throw new LagObservationException("Pipeline " + pipeline.getMetadata().getName() + " has no spec.redis");
    }
    Map<String, String> env = new HashMap<>();
    if (redis.getUrlSecretRef() != null) {
      env.put(SecretEnv.REDIS_URL, secretValue(pipeline, "spec.redis.urlSecretRef", redis.getUrlSecretRef()));
    }
    if (redis.getPasswordSecretRef() != null) {
      env.put(SecretEnv.REDIS_PASSWORD, secretValue(pipeline, "spec.redis.passwordSecretRef", redis.getPasswordSecretRef()));
    }
    // checked as the pods check it: the Secret's URL when there is one
    Optional<String> refused = services.settings().allowedHosts().refusal(env.containsKey(SecretEnv.REDIS_URL)
        ? "Pipeline " + pipeline.getMetadata().getName() + " spec.redis.urlSecretRef"
        : "Pipeline " + pipeline.getMetadata().getName() + " spec.redis.url",
        env.getOrDefault(SecretEnv.REDIS_URL, redis.getUrl()), AllowedHosts.Kind.URL);
    if (refused.isPresent()) {
      throw new LagObservationException(refused.get());
    }
    return new RedisConfig(redis.getUrl()).effectiveUrl(env::get);
  }

  private String secretValue(Pipeline pipeline, String field, io.tributary.api.v1alpha1.SecretKeyReference ref)
      throws LagObservationException {
    String namespace = pipeline.getMetadata().getNamespace();
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (secret == null) {
      throw new LagObservationException(field + ": Secret \"" + ref.getName() + "\" does not exist in namespace \""
          + namespace + "\"");
    }
    if (!SecretReferences.usable(secret.getMetadata().getLabels())) {
      throw new LagObservationException(SecretReferences.notLabelled(
          new SecretReferences.Reference("Pipeline \"" + pipeline.getMetadata().getName() + "\"", field, ref.getName()),
          namespace));
    }
    java.util.Optional<String> value = SecretValues.valueOf(secret, ref.getKey());
    if (value.isEmpty()) {
      throw new LagObservationException(field + ": Secret \"" + ref.getName() + "\" has no key \"" + ref.getKey() + "\"");
    }
    return value.get();
  }
}
