package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.v1alpha1.OffsetResetPolicy;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.RecordsToDelete;
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
 * A real broker: a 6-partition topic where partition p holds 100 x (p + 1) records, a group
 * committed at 10 x p on partitions 0..4 and never on partition 5.
 */
class KafkaLagSourceIT {
  static final String TOPIC = "lag-orders";
  static final String GROUP = "market-data.writer";
  static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");
  static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void backlog() throws Exception {
    kafka = EmbeddedKafkaBroker.start();
    kafka.createTopic(TOPIC, 6);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (int p = 0; p < 6; p++) {
        for (int i = 0; i < 100 * (p + 1); i++) {
          producer.send(new ProducerRecord<>(TOPIC, p, null, "{\"n\":1}".getBytes(StandardCharsets.UTF_8)));
        }
      }
      producer.flush();
    }
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    for (int p = 0; p < 5; p++) {
      committed.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(10L * p));
    }
    kafka.admin().alterConsumerGroupOffsets(GROUP, committed).all().get();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  static LagTarget.KafkaTopic target(OffsetResetPolicy policy) {
    return new LagTarget.KafkaTopic(kafka.bootstrapServers(), Map.of(), TOPIC, GROUP, policy);
  }

  @Test
  void lagPerPartitionIsTheDifferenceOfTheOffsets() throws Exception {
    try (KafkaLagSource source = new KafkaLagSource(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(10))) {
      LagObservation seen = source.observe(target(OffsetResetPolicy.EARLIEST));

      assertThat(seen.at()).isEqualTo(NOW);
      assertThat(seen.partitionCount()).isEqualTo(6);
      assertThat(seen.partitions()).extracting(PartitionLag::lag)
          .containsExactly(100L - 0, 200L - 10, 300L - 20, 400L - 30, 500L - 40, 600L);
      assertThat(seen.partitions()).extracting(PartitionLag::committedOffset)
          .containsExactly(0L, 10L, 20L, 30L, 40L, null);
      assertThat(seen.totalLag()).isEqualTo(2100 - 100);
      assertThat(seen.endOffsetSum()).isEqualTo(2100);
      assertThat(seen.committedOffsetSum()).isEqualTo(100);
    }
  }

  @Test
  void withLatestAPartitionWithoutCommitsCountsNothing() throws Exception {
    try (KafkaLagSource source = new KafkaLagSource(Clock.systemUTC(), Duration.ofSeconds(10))) {
      LagObservation seen = source.observe(target(OffsetResetPolicy.LATEST));

      assertThat(seen.partitions().get(5).lag()).isZero();
      assertThat(seen.totalLag()).isEqualTo(1500 - 100);
    }
  }

  @Test
  void aGroupThatNeverCommittedCountsTheRetainedBacklog() throws Exception {
    String topic = "lag-retained";
    kafka.createTopic(topic, 2);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < 50; i++) {
        producer.send(new ProducerRecord<>(topic, i % 2, null, new byte[] {1}));
      }
    }
    // retention removed the first 10 records of partition 0
    kafka.admin().deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(10))).all().get();
    try (KafkaLagSource source = new KafkaLagSource(Clock.systemUTC(), Duration.ofSeconds(10))) {
      LagObservation seen = source.observe(
          new LagTarget.KafkaTopic(kafka.bootstrapServers(), Map.of(), topic, "fresh-group", OffsetResetPolicy.EARLIEST));

      assertThat(seen.partitions()).extracting(PartitionLag::earliestOffset).containsExactly(10L, 0L);
      assertThat(seen.partitions()).extracting(PartitionLag::lag).containsExactly(15L, 25L);
    }
  }

  @Test
  void anUnknownTopicIsAClearError() {
    try (KafkaLagSource source = new KafkaLagSource(Clock.systemUTC(), Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> source.observe(
              new LagTarget.KafkaTopic(kafka.bootstrapServers(), Map.of(), "no-such-topic", GROUP, OffsetResetPolicy.EARLIEST)))
          .isInstanceOf(LagObservationException.class)
          .hasMessage("Kafka Admin API at " + kafka.bootstrapServers() + ": topic no-such-topic does not exist");
    }
  }

  @Test
  void oneAdminClientServesEveryWorkerOfACluster() throws Exception {
    try (KafkaLagSource source = new KafkaLagSource(Clock.systemUTC(), Duration.ofSeconds(10))) {
      source.observe(target(OffsetResetPolicy.EARLIEST));
      source.observe(new LagTarget.KafkaTopic(kafka.bootstrapServers(), Map.of(), TOPIC, "other-group", OffsetResetPolicy.LATEST));

      assertThat(source.adminClients()).isEqualTo(1);
    }
  }

  /**
   * A rotated credential is new client properties, so a new Admin client: the one of the old
   * credential, asked for no more, is closed after the idle time instead of retrying for as long
   * as the operator runs.
   */
  @Test
  void theAdminClientOfARotatedCredentialIsClosedOnceIdle() throws Exception {
    Instant[] now = {NOW};
    Clock moving = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    try (KafkaLagSource source = new KafkaLagSource(moving, Duration.ofSeconds(10), Duration.ofMinutes(10))) {
      source.observe(new LagTarget.KafkaTopic(kafka.bootstrapServers(), Map.of("client.id", "before-rotation"), TOPIC,
          GROUP, OffsetResetPolicy.EARLIEST));
      now[0] = now[0].plus(Duration.ofMinutes(11));
      LagObservation after = source.observe(new LagTarget.KafkaTopic(kafka.bootstrapServers(),
          Map.of("client.id", "after-rotation"), TOPIC, GROUP, OffsetResetPolicy.EARLIEST));

      assertThat(after.partitions()).hasSize(6);
      assertThat(source.adminClients()).as("the idle client of the old properties closed").isEqualTo(1);
    }
  }

}
