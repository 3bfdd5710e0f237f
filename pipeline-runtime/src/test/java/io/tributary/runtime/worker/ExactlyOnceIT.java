package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka records delivered more than once — the group's offsets reset, a rebalance in the middle
 * of a batch — change Redis once: aggregate totals, store lists and enqueued tasks equal the
 * reference exactly, without a dedupe step.
 */
class ExactlyOnceIT {
  private static EmbeddedKafkaBroker kafka;
  private static RedisClient client;
  private static RedisCommands<String, String> redis;

  @BeforeAll
  static void servers() {
    kafka = SharedServers.kafka();
    client = RedisClient.create(SharedServers.redis().url());
    redis = client.connect().sync();
  }

  @AfterAll
  static void close() {
    client.shutdown();
  }

  private static String processors(String p) {
    return """
        [{"aggregate": {"key": "P:total", "count": true, "sum": ["amount"]}},
         {"store": {"key": "P:history", "maxLen": 100000}},
         {"enqueue": {"stream": "P:tasks", "maxLen": 100000}},
         {"cacheLatest": {"key": "P:latest:{k}"}}]
        """.replace("P:", p + ":");
  }

  @Test
  void offsetsDeliveredAgainChangeNothingInRedis() throws Exception {
    String p = "eo" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 3);
    int records = 3000;
    BigDecimal total = produce(in, 0, records, 3);
    String config = WorkerConfigs.topicWorker(p, kafka.bootstrapServers(), SharedServers.redis().url(), in,
        processors(p), null);
    try (RunningRole first = RunningRole.start(config)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == records);
    }
    // every record is delivered a second time, as after a crash before the commit
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetAndMetadata> earliest = new HashMap<>();
      for (int partition = 0; partition < 3; partition++) {
        earliest.put(new TopicPartition(in, partition), new OffsetAndMetadata(0));
      }
      admin.alterConsumerGroupOffsets("test." + p, earliest).all().get();
    }
    assertThat(WorkerProcessorsIT.committed(p, in)).isZero();
    try (RunningRole second = RunningRole.start(config)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == records);
      assertEffectsOnce(p, records, total);
      assertThat(second.metrics().lines().filter(line -> line.startsWith("tributary_replayed_records_total{")))
          .as("every record of the second delivery was skipped as a replay")
          .singleElement().satisfies(line -> assertThat(line).endsWith(" " + records + ".0"));
    }
  }

  @Test
  void aRebalanceDuringABatchNeitherLosesNorDoublesRecords() throws Exception {
    String p = "eb" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 2);
    int records = 400;
    // the tenth record of each partition fails (its key holds a string) until the test deletes the key:
    // the first worker's batch waits in its retries while the second worker joins and takes a partition
    redis.set(p + ":blocked:x", "a string, not a hash");
    BigDecimal total = produce(in, 0, records, 2);
    String processors = "[{\"aggregate\": {\"key\": \"" + p + ":blocked:{b}\", \"count\": true}},"
        + processors(p).strip().substring(1);
    String policy = "{\"maxAttempts\": 1000, \"backoff\": {\"initial\": \"200ms\", \"max\": \"500ms\"}}";
    String config = WorkerConfigs.topicWorker(p, kafka.bootstrapServers(), SharedServers.redis().url(), in,
        processors, policy);
    try (RunningRole first = RunningRole.start(config)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists(p + ":total") == 1);
      try (RunningRole second = RunningRole.start(config)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> membersWithPartitions("test." + p) == 2);
        redis.del(p + ":blocked:x");
        await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == records);
        assertEffectsOnce(p, records, total);
        assertThat(redis.hget(p + ":blocked:x", "count")).isEqualTo("2");
      }
    }
  }

  /** The Redis effects of records 0..n-1 exactly once each. */
  private static void assertEffectsOnce(String p, int records, BigDecimal total) {
    assertThat(redis.hgetall(p + ":total")).isEqualTo(Map.of(
        "count", String.valueOf(records), "sum_amount", total.stripTrailingZeros().toPlainString()));
    assertThat(redis.llen(p + ":history")).isEqualTo(records);
    assertThat(redis.xlen(p + ":tasks")).isEqualTo(records);
    assertThat(redis.lrange(p + ":history", 0, -1)).doesNotHaveDuplicates();
  }

  private static int membersWithPartitions(String group) throws Exception {
    try (Admin admin = kafka.admin()) {
      ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
      int members = 0;
      for (MemberDescription member : description.members()) {
        if (!member.assignment().topicPartitions().isEmpty()) {
          members++;
        }
      }
      return members;
    }
  }

  /**
   * Records {@code from..to-1} spread over the partitions in turn, {@code amount} in cents; the
   * tenth record of each partition carries {@code b: x}.
   *
   * @return the sum of the amounts
   */
  static BigDecimal produce(String topic, int from, int to, int partitions) throws Exception {
    BigDecimal total = BigDecimal.ZERO;
    try (KafkaProducer<String, String> producer = KafkaTestClient.producer(kafka.bootstrapServers())) {
      List<Future<?>> sends = new ArrayList<>();
      for (int id = from; id < to; id++) {
        BigDecimal amount = BigDecimal.valueOf(id % 1000 + 1, 2);
        total = total.add(amount);
        String blocked = id / partitions == 9 ? "x" : "y";
        sends.add(producer.send(new ProducerRecord<>(topic, id % partitions, String.valueOf(id),
            "{\"id\":" + id + ",\"k\":" + (id % 7) + ",\"b\":\"" + blocked + "\",\"amount\":" + amount + "}")));
      }
      for (Future<?> send : sends) {
        send.get();
      }
    }
    return total;
  }
}
