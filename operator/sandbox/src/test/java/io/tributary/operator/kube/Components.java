package io.tributary.operator.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One of each kind in a namespace of the real control plane — a Pipeline on the embedded Kafka and
 * Redis, a Producer, a Worker and an EtlSchedule using it — written as the YAML a user applies, and
 * the children the operator makes for them.
 */
final class Components {
  static final String PIPELINE = "orders";
  static final String PRODUCER = "order-feed";
  static final String WORKER = "order-cache";
  static final String ETL = "order-rollup";
  static final String TOPIC = "orders";

  private final String namespace;

  Components(String namespace) {
    this.namespace = namespace;
  }

  /** A plain-Kafka Pipeline on these servers. */
  Pipeline pipeline(String bootstrapServers, String redisUrl, String topicDeletionPolicy) {
    return pipelineWith("{bootstrapServers: \"" + bootstrapServers + "\"}", "{url: \"" + redisUrl + "\"}",
        topicDeletionPolicy);
  }

  /**
   * A Pipeline with these {@code spec.kafka} and {@code spec.redis} (YAML flow mappings, e.g. with an
   * {@code authentication} or a {@code urlSecretRef}).
   */
  Pipeline pipelineWith(String kafka, String redis, String topicDeletionPolicy) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: %s}
        spec:
          kafka: %s
          redis: %s
          topics:
            - {name: %s, partitions: 3, replicas: 1, retention: 1d}
          topicDeletionPolicy: %s
        """.formatted(PIPELINE, namespace, kafka, redis, TOPIC, topicDeletionPolicy), Pipeline.class);
  }

  /** A Pipeline whose topics are Strimzi KafkaTopics in its own namespace. */
  Pipeline strimziPipeline(String redisUrl, String topicDeletionPolicy) {
    return strimziPipeline(redisUrl, topicDeletionPolicy, namespace);
  }

  /** A Pipeline whose topics are Strimzi KafkaTopics in {@code kafkaNamespace} (the Kafka cluster's). */
  Pipeline strimziPipeline(String redisUrl, String topicDeletionPolicy, String kafkaNamespace) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: %s}
        spec:
          kafka:
            strimzi: {cluster: my-cluster, namespace: %s, listener: plain}
          redis: {url: "%s"}
          topics:
            - {name: %s, partitions: 3, replicas: 1, retention: 1d}
          topicDeletionPolicy: %s
        """.formatted(PIPELINE, namespace, kafkaNamespace, redisUrl, TOPIC, topicDeletionPolicy), Pipeline.class);
  }

  Producer producer() {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Producer
        metadata: {name: %s, namespace: %s}
        spec:
          pipeline: %s
          topic: %s
          key: symbol
          source:
            marketData: {symbols: [AAPL, MSFT], intervalMs: 1000, seed: 42}
        """.formatted(PRODUCER, namespace, PIPELINE, TOPIC), Producer.class);
  }

  /** A Worker with fixed replicas; {@code extraSpec} is YAML added to its spec. */
  Worker worker(String extraSpec) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s, namespace: %s}
        spec:
          pipeline: %s
          input:
            topic: {name: %s}
          processors:
            - cacheLatest: {key: "orders:{symbol}:latest", ttl: 5m}
        %s
        """.formatted(WORKER, namespace, PIPELINE, TOPIC, indent(extraSpec)), Worker.class);
  }

  Worker worker() {
    return worker("replicas: 1");
  }

  EtlSchedule etlSchedule() {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: %s, namespace: %s}
        spec:
          pipeline: %s
          schedule: "0 0 1 1 *"
          timeZone: UTC
          extract:
            topic: {name: %s, maxRecords: 1000}
          load:
            redisHash: {key: "orders:{symbol}:daily", ttl: 1d}
        """.formatted(ETL, namespace, PIPELINE, TOPIC), EtlSchedule.class);
  }

  /** The Producer, Worker and EtlSchedule (the Pipeline is created by each test, as it needs). */
  List<HasMetadata> usersOfThePipeline() {
    return List.of(producer(), worker(), etlSchedule());
  }

  /** Creates the objects with {@code client}. */
  static void create(KubernetesClient client, List<? extends HasMetadata> objects) {
    objects.forEach(o -> client.resource(o).create());
  }

  /** The children the operator makes for the Producer, the Worker and the EtlSchedule. */
  List<HasMetadata> children(KubernetesClient client) {
    List<HasMetadata> found = new ArrayList<>();
    for (String role : List.of("producer", "worker")) {
      String owner = role.equals("producer") ? PRODUCER : WORKER;
      found.add(client.apps().deployments().inNamespace(namespace).withName(owner + "-" + role).get());
      found.add(client.services().inNamespace(namespace).withName(owner + "-" + role).get());
      found.add(client.configMaps().inNamespace(namespace).withName(owner + "-" + role + "-config").get());
    }
    found.add(client.batch().v1().cronjobs().inNamespace(namespace).withName(ETL + "-etl").get());
    found.add(client.configMaps().inNamespace(namespace).withName(ETL + "-etl-config").get());
    return found.stream().filter(Objects::nonNull).toList();
  }

  /** How many children {@link #children} finds when all are there. */
  static final int CHILD_COUNT = 8;

  /** The children owned by the object of this kind and name. */
  static List<HasMetadata> ownedBy(List<HasMetadata> children, String kind, String name) {
    return children.stream().filter(c -> c.getMetadata().getOwnerReferences().stream()
        .anyMatch(r -> kind.equals(r.getKind()) && name.equals(r.getName()))).toList();
  }

  /** The kinds of children, for messages. */
  static List<String> describe(List<HasMetadata> children) {
    return children.stream().map(c -> kindOf(c) + "/" + c.getMetadata().getName()).toList();
  }

  private static String kindOf(HasMetadata child) {
    if (child instanceof Deployment) {
      return "Deployment";
    }
    if (child instanceof Service) {
      return "Service";
    }
    if (child instanceof ConfigMap) {
      return "ConfigMap";
    }
    if (child instanceof CronJob) {
      return "CronJob";
    }
    return child.getKind();
  }

  private static String indent(String yaml) {
    if (yaml == null || yaml.isBlank()) {
      return "";
    }
    return yaml.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }
}
