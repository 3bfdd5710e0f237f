package io.tributary.runtime.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the bench reads from the broker to time clients from the outside: end offsets, a group's
 * committed offsets, and the broker's own append time of a record (topics created here use
 * {@code message.timestamp.type=LogAppendTime}, so every record carries the broker's clock).
 */
final class KafkaProbe implements AutoCloseable {
  private final String bootstrap;
  private final Admin admin;

  KafkaProbe(String bootstrap, Admin admin) {
    this.bootstrap = bootstrap;
    this.admin = admin;
  }

  /** Creates a one-partition topic stamped with the broker's append time. */
  void createAppendTimeTopic(String topic) throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
        .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get(30, TimeUnit.SECONDS);
  }

  /** The end offset of partition 0 of {@code topic}. */
  long endOffset(String topic) throws Exception {
    TopicPartition partition = new TopicPartition(topic, 0);
    return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS)
        .get(partition).offset();
  }

  /** The sum of {@code group}'s committed offsets; 0 before its first commit. */
  long committed(String group) throws Exception {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    } catch (ExecutionException groupNotThereYet) {
      return 0;
    }
  }

  /** The broker's append time (epoch ms) of the record at {@code offset} in partition 0. */
  long appendTimeMillis(String topic, long offset) {
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
        "enable.auto.commit", "false", "max.poll.records", 1), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, offset);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.offset() == offset) {
            if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
              throw new IllegalStateException(topic + " is not stamped with LogAppendTime");
            }
            return record.timestamp();
          }
        }
      }
    }
    throw new IllegalStateException("cannot read " + topic + " offset " + offset + " within 30s");
  }

  /**
   * Records per second of records {@code 0..records-1} of {@code topic} by the broker's clock:
   * {@code (records - 1) / (appendTime(records - 1) - appendTime(0))}. Excludes the client's start.
   */
  Throughput appendRate(String name, String topic, long records) {
    long first = appendTimeMillis(topic, 0);
    long last = appendTimeMillis(topic, records - 1);
    return Throughput.over(name, records - 1, (last - first) * 1_000_000L,
        "broker append time, records 1.." + records);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
