package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.StrimziKafka;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bootstrap address Strimzi publishes for a listener of a {@code Kafka} resource:
 * {@code status.listeners[name == listener].bootstrapServers}. Pure; the reconciler reads the
 * resource and falls back to {@link PipelineWiring#bootstrapServers(Pipeline)} (the naming
 * convention, which is also what Strimzi publishes for internal listeners, so a cluster becoming
 * ready does not change the address and roll no pods).
 */
public final class StrimziBootstrap {
  /** The listener used when {@code spec.kafka.strimzi.listener} is not set. */
  public static final String DEFAULT_LISTENER = "plain";

  private StrimziBootstrap() {}

  /** {@code spec.kafka.strimzi.listener}, default {@value #DEFAULT_LISTENER}. */
  public static String listener(StrimziKafka strimzi) {
    return strimzi.getListener() == null || strimzi.getListener().isBlank() ? DEFAULT_LISTENER : strimzi.getListener();
  }

  /** Namespace of the Kafka resource: {@code spec.kafka.strimzi.namespace}, default the Pipeline's. */
  public static String kafkaNamespace(Pipeline pipeline) {
    StrimziKafka strimzi = pipeline.getSpec().getKafka().getStrimzi();
    return strimzi.getNamespace() != null ? strimzi.getNamespace() : pipeline.getMetadata().getNamespace();
  }

  /**
   * The listener's address from the Kafka resource's status, when Strimzi has published it.
   *
   * @param kafka the {@code Kafka} resource (any served version; null when absent)
   * @param listener the listener name ({@code status.listeners[].name}; Strimzi before 0.25 wrote
   *     only {@code type}, matched as well)
   */
  public static Optional<String> fromKafkaStatus(GenericKubernetesResource kafka, String listener) {
    if (kafka == null || !(kafka.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("listeners") instanceof List<?> listeners)) {
      return Optional.empty();
    }
    for (Object item : listeners) {
      if (item instanceof Map<?, ?> l
          && (listener.equals(l.get("name")) || (l.get("name") == null && listener.equals(l.get("type"))))
          && l.get("bootstrapServers") instanceof String address && !address.isBlank()) {
        return Optional.of(address.trim());
      }
    }
    return Optional.empty();
  }
}
