package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tributary.api.v1alpha1.DeadLetterSpec;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.StrimziKafka;
import io.tributary.api.v1alpha1.TopicSpec;
import io.tributary.runtime.config.Durations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Kafka topics of a Pipeline: the declared ones and the dead-letter topic, as Strimzi
 * {@code KafkaTopic}s ({@code kafka.strimzi.io/v1}) or as Admin API specs. Pure.
 *
 * <p>Ownership: a KafkaTopic is named after the Pipeline's namespace and the topic ({@link
 * #kafkaTopicName}), so that Pipelines named alike in two namespaces never share one, and {@link
 * #place} decides, from the KafkaTopics already in the Strimzi namespace, whether this Pipeline may
 * write it — Strimzi lets one KafkaTopic manage a Kafka topic, and deleting either of two would
 * take the topic from both.
 */
public final class TopicModel {
  public static final String STRIMZI_CLUSTER_LABEL = "strimzi.io/cluster";
  public static final String TOPIC = "topic";
  /** The longest Kubernetes object name (a DNS subdomain). */
  static final int MAX_NAME = 253;

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
   * A valid Kubernetes name for a topic: lower case, {@code _} as {@code -}, a run of dots and dashes
   * with a dot in it as one dot (a DNS subdomain has no empty or dash-edged labels); the real name
   * goes to {@code spec.topicName}.
   */
  public static String resourceName(String topic) {
    String name = topic.toLowerCase(Locale.ROOT).replace('_', '-').replaceAll("[^a-z0-9.-]", "-");
    name = name.replaceAll("[.-]*\\.[.-]*", ".");
    name = name.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    if (!name.equals(topic)) {
      // distinct topics must not collide after sanitising
      name = name + "-" + Canonical.hash(topic).substring(0, 6);
    }
    return name;
  }

  /**
   * The KafkaTopic's {@code metadata.name}: {@code <pipeline namespace>.<resourceName(topic)>}. A
   * namespace has no dot, so the first dot separates the two and names of distinct (namespace,
   * topic) pairs never collide; a name over {@value #MAX_NAME} characters is cut and given a hash of
   * the whole.
   */
  public static String kafkaTopicName(Pipeline pipeline, String topic) {
    String name = pipeline.getMetadata().getNamespace() + "." + resourceName(topic);
    if (name.length() <= MAX_NAME) {
      return name;
    }
    String cut = name.substring(0, MAX_NAME - 7).replaceAll("[^a-z0-9]+$", "");
    return cut + "-" + Canonical.hash(name).substring(0, 6);
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
        new ObjectMetaBuilder().withName(kafkaTopicName(pipeline, topic.name())).withNamespace(namespace)
            .withLabels(labels);
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

  /**
   * Where a desired KafkaTopic may go, or why it may not: {@code kafkaTopic} is what to apply (null
   * on a conflict), {@code conflict} names the object in the way and its owner (null when free).
   */
  public record Placement(GenericKubernetesResource kafkaTopic, String conflict) {}

  /**
   * Places {@code desired} ({@link #kafkaTopic}) among the KafkaTopics {@code live} in its namespace.
   *
   * <ol>
   *   <li>A KafkaTopic of this Pipeline ({@link Ownership.Claim#OURS}, or {@link
   *       Ownership.Claim#LEGACY} from an older version) that manages the same Kafka topic in the same
   *       Strimzi cluster is kept under its name: an upgrade goes on with the KafkaTopic Strimzi already
   *       manages instead of creating a second one (the old versions named it after the topic).
   *   <li>Otherwise the desired name must be free or this Pipeline's.
   *   <li>A KafkaTopic of someone else for the same Kafka topic and cluster is a conflict — unless
   *       this Pipeline's own is older (it was there first; the other owner gets the conflict).
   * </ol>
   */
  public static Placement place(Pipeline pipeline, GenericKubernetesResource desired,
      List<GenericKubernetesResource> live) {
    String topic = topicName(desired);
    String cluster = cluster(desired);
    String wantedName = desired.getMetadata().getName();
    List<GenericKubernetesResource> sameTopic = live.stream()
        .filter(l -> topic.equals(topicName(l)) && Objects.equals(cluster, cluster(l)))
        .toList();
    Optional<GenericKubernetesResource> ours = sameTopic.stream()
        .filter(l -> Ownership.claim(pipeline, l) != Ownership.Claim.FOREIGN)
        .min(Comparator.<GenericKubernetesResource, Boolean>comparing(l -> !wantedName.equals(l.getMetadata().getName()))
            .thenComparing(l -> Ownership.claim(pipeline, l) != Ownership.Claim.OURS)
            .thenComparing(TopicModel::age));
    String target = ours.map(l -> l.getMetadata().getName()).orElse(wantedName);
    Optional<GenericKubernetesResource> taken = live.stream()
        .filter(l -> target.equals(l.getMetadata().getName()) && Ownership.claim(pipeline, l) == Ownership.Claim.FOREIGN)
        .findFirst();
    if (taken.isPresent()) {
      return new Placement(null, Ownership.conflict(taken.get()));
    }
    Optional<GenericKubernetesResource> rival = sameTopic.stream()
        .filter(l -> Ownership.claim(pipeline, l) == Ownership.Claim.FOREIGN)
        .filter(l -> ours.isEmpty() || age(l).compareTo(age(ours.get())) < 0)
        .min(Comparator.comparing(TopicModel::age));
    if (rival.isPresent()) {
      return new Placement(null, Ownership.conflict(rival.get()) + ", for Kafka topic " + topic
          + " of Strimzi cluster " + cluster);
    }
    // a deep copy: convertValue writes and reads back, it never returns desired itself
    GenericKubernetesResource placed = Canonical.MAPPER.convertValue(desired, GenericKubernetesResource.class);
    placed.getMetadata().setName(target);
    return new Placement(placed, null);
  }

  /** The Kafka topic a KafkaTopic manages: {@code spec.topicName}, by Strimzi's default its name. */
  static String topicName(GenericKubernetesResource kafkaTopic) {
    Object spec = kafkaTopic.getAdditionalProperties().get("spec");
    if (spec instanceof Map<?, ?> m && m.get("topicName") instanceof String name && !name.isBlank()) {
      return name;
    }
    return kafkaTopic.getMetadata().getName();
  }

  private static String cluster(GenericKubernetesResource kafkaTopic) {
    Map<String, String> labels = kafkaTopic.getMetadata().getLabels();
    return labels == null ? null : labels.get(STRIMZI_CLUSTER_LABEL);
  }

  /** Oldest first: creation time (RFC 3339, seconds, so it sorts as text), then name. */
  private static String age(GenericKubernetesResource kafkaTopic) {
    return Objects.toString(kafkaTopic.getMetadata().getCreationTimestamp(), "~") + " " + kafkaTopic.getMetadata().getName();
  }

  /**
   * The plain-Kafka topics this Pipeline created ({@code status.createdTopics}), in declaration
   * order: those recorded before or created now, among the declared ones. A topic dropped from the
   * spec is forgotten, so it stays in Kafka whatever the deletion policy.
   */
  public static List<String> createdTopics(Pipeline pipeline, Collection<String> before, Collection<String> createdNow) {
    return usableTopicNames(pipeline).stream()
        .filter(t -> (before != null && before.contains(t)) || createdNow.contains(t))
        .toList();
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
