package io.tributary.runtime.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces test records and reads topics back, for assertions. */
public final class KafkaTestClient {
  private KafkaTestClient() {}

  public static KafkaProducer<String, String> producer(String bootstrap) {
    // one request in flight: a retried first batch cannot fall behind later ones (a broker that
    // has just created a partition may refuse the first write)
    return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 5, "acks", "all",
        "max.in.flight.requests.per.connection", 1, "batch.size", 262144),
        new StringSerializer(), new StringSerializer());
  }

  /** Sends {@code values} with keys and waits for every acknowledgement. */
  public static void send(String bootstrap, String topic, List<String> values) {
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
      for (String value : values) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, value);
        record.headers().add(new RecordHeader("correlation-id", ("cid-" + sends.size()).getBytes(StandardCharsets.UTF_8)));
        sends.add(producer.send(record));
      }
      for (java.util.concurrent.Future<?> send : sends) {
        send.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads {@code topic} from the beginning until {@code expected} records arrived or 30 s passed. */
  public static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", bootstrap, "group.id", "reader-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (records.size() < expected && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // a short extra read shows records beyond the expected count
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }

  /** Like {@link #readAll}, with keys and values as the bytes in the topic. */
  public static List<ConsumerRecord<byte[], byte[]>> readAllBytes(String bootstrap, String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", bootstrap, "group.id", "reader-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (records.size() < expected && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }

  public static String header(ConsumerRecord<?, ?> record, String key) {
    var header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
