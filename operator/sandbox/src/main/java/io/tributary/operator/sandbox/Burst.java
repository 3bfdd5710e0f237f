package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code --burst N}: N extra records into the input topic of an autoscaled Worker (or the topic
 * named with {@code --burst-topic}), copies of the newest record already in the topic, spread
 * round-robin over the partitions, so the Worker's lag jumps and the autoscaler reacts.
 */
final class Burst {
  private final String bootstrapServers;

  Burst(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** The input topic of the first autoscaled Worker, else of the first Worker reading a topic. */
  static Optional<String> defaultTopic(KubernetesClient client) {
    List<GenericKubernetesResource> workers = client.genericKubernetesResources(PipelineRewriter.GROUP_VERSION, "Worker")
        .inAnyNamespace().list().getItems();
    Optional<String> autoscaled = workers.stream()
        .filter(w -> map(map(w.getAdditionalProperties().get("spec")).get("autoscaling")).size() > 0)
        .map(Burst::inputTopic).flatMap(Optional::stream).findFirst();
    return autoscaled.or(() -> workers.stream().map(Burst::inputTopic).flatMap(Optional::stream).findFirst());
  }

  /**
   * Sends {@code count} records; waits up to {@code wait} for a first record to copy.
   *
   * @return the number of partitions written to
   * @throws IllegalStateException if the topic stays empty
   */
  int send(String topic, int count, Duration wait) {
    ConsumerRecord<byte[], byte[]> sample = newestRecord(topic, wait)
        .orElseThrow(() -> new IllegalStateException("topic " + topic + " has no record to copy after " + wait.toSeconds() + "s"));
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("acks", "all");
    // large, late batches: the burst lands at once, as a backlog the autoscaler's next poll sees
    props.put("linger.ms", "500");
    props.put("batch.size", String.valueOf(1 << 20));
    props.put("buffer.memory", String.valueOf(256L << 20));
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      int partitions = producer.partitionsFor(topic).size();
      for (int i = 0; i < count; i++) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, i % partitions, sample.key(), sample.value());
        record.headers().add("correlation-id", ("sandbox-burst-" + i).getBytes(StandardCharsets.UTF_8));
        producer.send(record);
      }
      producer.flush();
      return partitions;
    }
  }

  private Optional<ConsumerRecord<byte[], byte[]>> newestRecord(String topic, Duration wait) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("enable.auto.commit", "false");
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    long deadline = System.nanoTime() + wait.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      while (System.nanoTime() < deadline) {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(5)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
          long end = ends.getOrDefault(partition, 0L);
          if (end > 0) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, end - 1);
            var records = consumer.poll(Duration.ofSeconds(2));
            if (!records.isEmpty()) {
              return Optional.of(records.iterator().next());
            }
          }
        }
        sleep(1000);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> inputTopic(GenericKubernetesResource worker) {
    Object name = map(map(map(worker.getAdditionalProperties().get("spec")).get("input")).get("topic")).get("name");
    return Optional.ofNullable(name).map(String::valueOf);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
