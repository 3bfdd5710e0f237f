package io.tributary.operator.model;

import io.tributary.api.v1alpha1.HttpSource;
import io.tributary.api.v1alpha1.KafkaConnection;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.RedisConnection;
import io.tributary.api.v1alpha1.TributaryApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Secrets a resource references, each with the field that names it: what the operator reads
 * (Kafka credentials for its Admin client, the Redis URL and password for the autoscaler) and what
 * it wires into pods ({@code secretKeyRef}, Secret volumes). Each must carry
 * {@link TributaryApi#USABLE_BY_PIPELINES_LABEL}{@code : "true"} ({@link #usable}); the
 * reconcilers refuse a resource whose Secret does not, before anything is applied.
 */
public final class SecretReferences {
  private SecretReferences() {}

  /**
   * One reference.
   *
   * @param owner the resource that names it, e.g. {@code Pipeline "market-data"}
   * @param field the field, e.g. {@code spec.redis.passwordSecretRef}
   * @param secret the Secret's name (in the resource's namespace)
   */
  public record Reference(String owner, String field, String secret) {}

  /** The Secrets of {@code spec.kafka} and {@code spec.redis}, in the order of the spec. */
  public static List<Reference> of(Pipeline pipeline) {
    String owner = "Pipeline \"" + pipeline.getMetadata().getName() + "\"";
    List<Reference> refs = new ArrayList<>();
    KafkaConnection kafka = pipeline.getSpec() == null ? null : pipeline.getSpec().getKafka();
    if (kafka != null && kafka.getTls() != null && kafka.getTls().getCaSecretRef() != null) {
      refs.add(new Reference(owner, "spec.kafka.tls.caSecretRef", kafka.getTls().getCaSecretRef().getName()));
    }
    // with Strimzi nothing reads it (KafkaAcls.perComponentUsers: the operator and each component
    // have a KafkaUser of their own), so it is not required to exist or be labelled
    if (kafka != null && kafka.getAuthentication() != null && kafka.getAuthentication().getSecretRef() != null
        && !KafkaAcls.perComponentUsers(pipeline)) {
      refs.add(new Reference(owner, "spec.kafka.authentication.secretRef",
          kafka.getAuthentication().getSecretRef().getName()));
    }
    RedisConnection redis = pipeline.getSpec() == null ? null : pipeline.getSpec().getRedis();
    if (redis != null && redis.getUrlSecretRef() != null) {
      refs.add(new Reference(owner, "spec.redis.urlSecretRef", redis.getUrlSecretRef().getName()));
    }
    if (redis != null && redis.getPasswordSecretRef() != null) {
      refs.add(new Reference(owner, "spec.redis.passwordSecretRef", redis.getPasswordSecretRef().getName()));
    }
    if (redis != null && redis.getTls() != null && redis.getTls().getCaSecretRef() != null) {
      refs.add(new Reference(owner, "spec.redis.tls.caSecretRef", redis.getTls().getCaSecretRef().getName()));
    }
    if (redis != null && redis.getSentinelPasswordSecretRef() != null) {
      refs.add(new Reference(owner, "spec.redis.sentinelPasswordSecretRef",
          redis.getSentinelPasswordSecretRef().getName()));
    }
    if (redis != null && redis.getAcl() != null && redis.getAcl().getAdminSecretRef() != null) {
      refs.add(new Reference(owner, "spec.redis.acl.adminSecretRef", redis.getAcl().getAdminSecretRef().getName()));
    }
    return refs;
  }

  /** The Pipeline's Secrets, then the Producer's own ({@code spec.source.http.tokenSecretRef}, {@code tls.secretRef}). */
  public static List<Reference> of(Producer producer, Pipeline pipeline) {
    List<Reference> refs = new ArrayList<>(of(pipeline));
    HttpSource http = producer.getSpec() == null || producer.getSpec().getSource() == null
        ? null : producer.getSpec().getSource().getHttp();
    if (http != null && http.getTokenSecretRef() != null) {
      refs.add(new Reference("Producer \"" + producer.getMetadata().getName() + "\"",
          "spec.source.http.tokenSecretRef", http.getTokenSecretRef().getName()));
    }
    if (http != null && http.getTls() != null && http.getTls().getSecretRef() != null) {
      refs.add(new Reference("Producer \"" + producer.getMetadata().getName() + "\"",
          "spec.source.http.tls.secretRef", http.getTls().getSecretRef().getName()));
    }
    return refs;
  }

  /** Whether a Secret with these labels opted in. */
  public static boolean usable(Map<String, String> labels) {
    return labels != null
        && TributaryApi.USABLE_BY_PIPELINES_VALUE.equals(labels.get(TributaryApi.USABLE_BY_PIPELINES_LABEL));
  }

  /** The message of a reference to a Secret that did not opt in: the field, the Secret, the label to add. */
  public static String notLabelled(Reference ref, String namespace) {
    return ref.field() + " of " + ref.owner() + ": Secret \"" + ref.secret() + "\" in namespace \"" + namespace
        + "\" does not carry the label " + TributaryApi.USABLE_BY_PIPELINES_LABEL + ": \""
        + TributaryApi.USABLE_BY_PIPELINES_VALUE + "\"; the operator neither reads it nor gives it to pods"
        + " (add it with: kubectl -n " + namespace + " label secret " + ref.secret() + " "
        + TributaryApi.USABLE_BY_PIPELINES_LABEL + "=" + TributaryApi.USABLE_BY_PIPELINES_VALUE + ")";
  }
}
