package io.tributary.operator.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.v1alpha1.WorkerReplay;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real broker: 3 partitions, 100 records each, record i of every partition stamped T0 + i minutes.
 * A replay from T0 + 60 min of a group committed at the end rewinds each partition to offset 60:
 * exactly 3 x 40 records to consume again.
 */
class ConsumerGroupRewindIT {
  static final String TOPIC = "replay-orders";
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void records() throws Exception {
    kafka = EmbeddedKafkaBroker.start();
    kafka.createTopic(TOPIC, 3);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (int p = 0; p < 3; p++) {
        for (int i = 0; i < 100; i++) {
          producer.send(new ProducerRecord<>(TOPIC, p, T0.plusSeconds(60L * i).toEpochMilli(), null,
              ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
      }
      producer.flush();
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  static void commitAll(String group, long offset) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    for (int p = 0; p < 3; p++) {
      committed.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(offset));
    }
    kafka.admin().alterConsumerGroupOffsets(group, committed).all().get();
  }

  static Map<Integer, Long> committed(String group) throws Exception {
    Map<Integer, Long> out = new HashMap<>();
    kafka.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
        .forEach((tp, o) -> out.put(tp.partition(), o.offset()));
    return out;
  }

  @Test
  void fromATimestampRewindsEachPartitionToTheFirstRecordAtOrAfterIt() throws Exception {
    commitAll("g-time", 100);
    WorkerReplay r = new WorkerReplay();
    r.setId("r1");
    r.setFromTimestamp(T0.plusSeconds(60L * 60).toString());

    ConsumerGroupRewind.Result result = ConsumerGroupRewind.rewind(kafka.admin(), "g-time", TOPIC, r);

    assertThat(result.lagAtStart()).isZero();
    assertThat(result.recordsToReplay()).isEqualTo(3 * 40);
    assertThat(committed("g-time")).isEqualTo(Map.of(0, 60L, 1, 60L, 2, 60L));
  }

  @Test
  void aTimestampAfterTheLastRecordGoesToTheEnd() throws Exception {
    commitAll("g-late", 90);
    WorkerReplay r = new WorkerReplay();
    r.setId("r2");
    r.setFromTimestamp(T0.plusSeconds(60L * 1000).toString());

    ConsumerGroupRewind.Result result = ConsumerGroupRewind.rewind(kafka.admin(), "g-late", TOPIC, r);

    assertThat(result.lagAtStart()).isEqualTo(3 * 10);
    assertThat(result.recordsToReplay()).isZero();
    assertThat(committed("g-late")).isEqualTo(Map.of(0, 100L, 1, 100L, 2, 100L));
  }

  @Test
  void toEarliestAndToOffsets() throws Exception {
    commitAll("g-early", 50);
    WorkerReplay early = new WorkerReplay();
    early.setId("e");
    early.setToEarliest(true);
    assertThat(ConsumerGroupRewind.rewind(kafka.admin(), "g-early", TOPIC, early).recordsToReplay()).isEqualTo(150);
    assertThat(committed("g-early")).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L));

    commitAll("g-offsets", 50);
    WorkerReplay offsets = new WorkerReplay();
    offsets.setId("o");
    offsets.setToOffsets(Map.of("1", 20L, "2", 500L)); // 500 is past the end: clamped to 100
    ConsumerGroupRewind.Result result = ConsumerGroupRewind.rewind(kafka.admin(), "g-offsets", TOPIC, offsets);
    assertThat(result.recordsToReplay()).isEqualTo(30);
    assertThat(committed("g-offsets")).isEqualTo(Map.of(0, 50L, 1, 20L, 2, 100L));
  }
}
