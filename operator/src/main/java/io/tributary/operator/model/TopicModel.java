package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tributary.api.v1alpha1.DeadLetterSpec;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.StrimziKafka;
import io.tributary.api.v1alpha1.TopicSpec;
import io.tributary.operator.topics.TopicAdmin;
import io.tributary.runtime.config.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka topics of a Pipeline: the declared ones and the dead-letter topic, as Strimzi
 * {@code KafkaTopic}s ({@code kafka.strimzi.io/v1}) or as Admin API specs. Pure.
 */
public final class TopicModel {
  public static final String STRIMZI_CLUSTER_LABEL = "strimzi.io/cluster";
  public static final String TOPIC = "topic";

  private TopicModel() {}

  /**
   * One topic of the Pipeline; {@code partitions}/{@code replicas} null mean the broker default.
   * {@code config} holds Kafka topic configs, {@code retention.ms} included.
   */
  public record DeclaredTopic(String name, Integer partitions, Integer replicas, Map<String, Object> config) {}

  /** Declared topics in order, then the dead-letter topic unless it is declared too. */
  public static List<DeclaredTopic> declared(Pipeline pipeline) {
    List<DeclaredTopic> topics = new ArrayList<>();
    List<TopicSpec> specs = pipeline.getSpec().getTopics() == null ? List.of() : pipeline.getSpec().getTopics();
    for (TopicSpec t : specs) {
      topics.add(new DeclaredTopic(t.getName(), t.getPartitions(), t.getReplicas(), config(t.getRetention(), t.getConfig())));
    }
    String dlq = PipelineWiring.deadLetterTopic(pipeline);
    if (topics.stream().noneMatch(t -> t.name().equals(dlq))) {
      DeadLetterSpec d = pipeline.getSpec().getDeadLetter();
      topics.add(d == null
          ? new DeclaredTopic(dlq, null, null, Map.of())
          : new DeclaredTopic(dlq, d.getPartitions(), d.getReplicas(), config(d.getRetention(), null)));
    }
    return topics;
  }

  /** Names a Producer, Worker or EtlSchedule may use: the declared topics and the dead-letter topic. */
  public static List<String> usableTopicNames(Pipeline pipeline) {
    return declared(pipeline).stream().map(DeclaredTopic::name).toList();
  }

  /**
   * A valid Kubernetes name for a topic: lower case, {@code _} as {@code -}; the real name goes to
   * {@code spec.topicName}.
   */
  public static String resourceName(String topic) {
    String name = topic.toLowerCase(Locale.ROOT).replace('_', '-').replaceAll("[^a-z0-9.-]", "-");
    name = name.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    if (!name.equals(topic)) {
      // distinct topics must not collide after sanitising
      name = name + "-" + Canonical.hash(topic).substring(0, 6);
    }
    return name;
  }

  /** The namespace the KafkaTopics go to: the Strimzi cluster's, default the Pipeline's. */
  public static String topicNamespace(Pipeline pipeline) {
    StrimziKafka strimzi = pipeline.getSpec().getKafka().getStrimzi();
    return strimzi != null && strimzi.getNamespace() != null
        ? strimzi.getNamespace()
        : pipeline.getMetadata().getNamespace();
  }

  /**
   * The KafkaTopic of one topic. The owner reference is only set when the topic lives in the
   * Pipeline's namespace (Kubernetes has no cross-namespace owners); the finalizer cleans up the
   * others.
   */
  public static GenericKubernetesResource kafkaTopic(Pipeline pipeline, DeclaredTopic topic) {
    StrimziKafka strimzi = pipeline.getSpec().getKafka().getStrimzi();
    String namespace = topicNamespace(pipeline);
    Map<String, String> labels =
        Labels.of("pipeline", pipeline.getMetadata().getName(), TOPIC, pipeline.getMetadata().getName());
    labels.put(STRIMZI_CLUSTER_LABEL, strimzi.getCluster());
    ObjectMetaBuilder meta =
        new ObjectMetaBuilder().withName(resourceName(topic.name())).withNamespace(namespace).withLabels(labels);
    if (namespace.equals(pipeline.getMetadata().getNamespace())) {
      meta.withOwnerReferences(OwnerRefs.controlledBy(pipeline));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("topicName", topic.name());
    if (topic.partitions() != null) {
      spec.put("partitions", topic.partitions());
    }
    if (topic.replicas() != null) {
      spec.put("replicas", topic.replicas());
    }
    if (!topic.config().isEmpty()) {
      spec.put("config", topic.config());
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(UpstreamKind.KAFKA_TOPIC.apiVersion())
        .withKind(UpstreamKind.KAFKA_TOPIC.kind)
        .withMetadata(meta.build())
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** The Admin API spec of one topic ({@code -1}: broker default). */
  public static TopicAdmin.TopicSpec adminSpec(DeclaredTopic topic) {
    Map<String, String> config = new TreeMap<>();
    topic.config().forEach((k, v) -> config.put(k, String.valueOf(v)));
    return new TopicAdmin.TopicSpec(
        topic.name(),
        topic.partitions() == null ? -1 : topic.partitions(),
        topic.replicas() == null ? -1 : topic.replicas(),
        config);
  }

  private static Map<String, Object> config(String retention, Map<String, ?> extra) {
    Map<String, Object> config = new TreeMap<>();
    if (extra != null) {
      // values may be JSON nodes (x-kubernetes-preserve-unknown-fields); keep plain values
      extra.forEach((k, v) -> config.put(k, Canonical.MAPPER.convertValue(v, Object.class)));
    }
    if (retention != null) {
      config.put("retention.ms", Durations.parse(retention).toMillis());
    }
    return config;
  }
}
