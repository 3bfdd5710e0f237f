package io.tributary.operator.sandbox.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.tributary.operator.sandbox.Sandbox;
import io.tributary.operator.sandbox.SandboxOptions;
import io.tributary.operator.sandbox.node.LocalNode;
import io.tributary.operator.sandbox.node.LocalPod;
import io.tributary.operator.sandbox.node.RuntimeJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Helpers shared by the end-to-end tests: a sandbox with the real operator and runtime jar, the
 * manifests they apply, and the Kafka and Kubernetes facts a user would look at.
 */
final class EndToEnd {
  /** Pods are JVMs on a 2-core machine shared with other builds: waits are generous on purpose. */
  static final Duration LONG = Duration.ofMinutes(4);

  private EndToEnd() {}

  /** A sandbox with the production operator and {@code pipeline-runtime.jar}, output under {@code target/sandbox-it/<name>}. */
  static Sandbox startSandbox(String name) {
    return startSandbox(name, SandboxOptions.defaults().api());
  }

  /** The same on the given API: {@code REAL} is kube-apiserver (and controller-manager) from the cached control plane. */
  static Sandbox startSandbox(String name, SandboxOptions.ApiMode api) {
    return Sandbox.start(SandboxOptions.defaults()
        .withApi(api)
        .withOutputDir(Path.of("target", "sandbox-it", name))
        .withRuntimeJar(RuntimeJar.require()));
  }

  /** Applies {@code yaml} through a file in the sandbox's output folder, as the command line would. */
  /**
   * A Pipeline on the sandbox's Kafka and Redis with one topic, applied and waited for until the
   * topic has its partitions.
   */
  static void pipelineWithTopic(Sandbox sandbox, String pipeline, String topic, int partitions) {
    apply(sandbox, pipeline + "-pipeline.yaml", """
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s}
        spec:
          kafka: {strimzi: {cluster: my-cluster, namespace: kafka}}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics: [{name: %s, partitions: %d, replicas: 1}]
        """.formatted(pipeline, topic, partitions));
    org.awaitility.Awaitility.await().atMost(LONG).until(() -> partitions(sandbox, topic) == partitions);
  }

  static List<String> apply(Sandbox sandbox, String fileName, String yaml) {
    try {
      Path file = Path.of("target", "sandbox-it", "manifests", fileName);
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml);
      return sandbox.apply(List.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path repositoryFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found from " + Path.of("").toAbsolutePath());
  }

  /** The pods the node runs for a Deployment. */
  static List<LocalPod> podsOf(Sandbox sandbox, String deployment) {
    return sandbox.node().pods().stream()
        .filter(p -> p.ownerKind().equals("Deployment") && p.ownerName().equals(deployment))
        .toList();
  }

  /** The local ingest URL of a ready pod of a producer Deployment, as the node annotates it. */
  static String readyHttpUrl(Sandbox sandbox, String deployment) {
    AtomicReference<String> url = new AtomicReference<>();
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> {
      for (Pod pod : sandbox.client().pods().inNamespace("default").list().getItems()) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        boolean ready = podsOf(sandbox, deployment).stream()
            .anyMatch(p -> p.ready() && p.name().equals(pod.getMetadata().getName()));
        if (ready && annotations != null && annotations.containsKey(LocalNode.HTTP_URL_ANNOTATION)) {
          url.set(annotations.get(LocalNode.HTTP_URL_ANNOTATION));
          return true;
        }
      }
      return false;
    });
    return url.get();
  }

  static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Partitions of a topic in the embedded broker, 0 while it does not exist. */
  static int partitions(Sandbox sandbox, String topic) {
    try (Admin admin = sandbox.kafka().admin()) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
    } catch (Exception notThereYet) {
      return 0;
    }
  }

  /**
   * Records of {@code topic} the consumer group has not committed yet (a partition without a
   * committed offset counts whole, as the group starts from the earliest offset).
   */
  static long groupLag(Sandbox sandbox, String group, String topic) throws Exception {
    try (Admin admin = sandbox.kafka().admin()) {
      int count = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < count; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      long lag = 0;
      for (var end : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(end.getKey());
        lag += end.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    }
  }

  /** Every record of {@code topic} now (read_committed: a transaction's records once it committed). */
  static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records(Sandbox sandbox, String topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", sandbox.kafkaBootstrapServers());
    props.put("isolation.level", "read_committed");
    props.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
    props.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /** An idempotent producer ({@code acks=all}) of JSON text records. */
  static KafkaProducer<String, String> producer(Sandbox sandbox) {
    return producer(sandbox, new Properties());
  }

  static KafkaProducer<String, String> producer(Sandbox sandbox, Properties extra) {
    Properties props = new Properties();
    props.put("bootstrap.servers", sandbox.kafkaBootstrapServers());
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.putAll(extra);
    return new KafkaProducer<>(props);
  }
}
