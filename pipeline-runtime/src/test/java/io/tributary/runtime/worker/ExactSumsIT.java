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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code aggregate} sums of decimal amounts read back as the exact decimal, never rounded. */
class ExactSumsIT {
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

  @Test
  void paymentTotalsReadBackAsTheExactDecimal() throws Exception {
    String p = "xs" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    // a total HINCRBYFLOAT wrote before: it goes on exactly from the digits it holds
    redis.hset(p + ":old", "sum_amount", "14993.83000000000000362");
    List<String> records = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < 1500; i++) {
      // cents from 0.01 to 999.99, every fifth one a refund, some as JSON texts
      BigDecimal amount = BigDecimal.valueOf((i * 7919L) % 99_999 + 1, 2);
      if (i % 5 == 4) {
        amount = amount.negate();
      }
      total = total.add(amount);
      String value = i % 3 == 0 ? "\"" + amount.toPlainString() + "\"" : amount.toPlainString();
      records.add("{\"k\":\"total\",\"amount\":" + value + "}");
    }
    records.add("{\"k\":\"tenths\",\"amount\":0.1}");
    records.add("{\"k\":\"tenths\",\"amount\":0.2}");
    records.add("{\"k\":\"old\",\"amount\":0.17}");
    records.add("{\"k\":\"fine\",\"amount\":0.0000000001}");
    records.add("{\"k\":\"fine\",\"amount\":123456789012345678901234567890}");
    KafkaTestClient.send(kafka.bootstrapServers(), in, records);
    String processors = "[{\"aggregate\": {\"key\": \"P:{k}\", \"count\": true, \"sum\": [\"amount\"]}}]"
        .replace("P:", p + ":");
    try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
        SharedServers.redis().url(), in, processors, null))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == records.size());

      assertThat(redis.hgetall(p + ":total")).isEqualTo(Map.of(
          "count", "1500", "sum_amount", total.stripTrailingZeros().toPlainString()));
      assertThat(redis.hget(p + ":tenths", "sum_amount")).isEqualTo("0.3");
      assertThat(redis.hget(p + ":old", "sum_amount")).isEqualTo("14994.00000000000000362");
      assertThat(redis.hget(p + ":fine", "sum_amount")).isEqualTo("123456789012345678901234567890.0000000001");
    }
  }

  @Test
  void digitsASumCannotKeepAreARecordErrorNeverRounded() throws Exception {
    String p = "xr" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    String tooFine = "{\"k\":\"a\",\"amount\":1e-41}";
    String tooLarge = "{\"k\":\"a\",\"amount\":\"1e40\"}";
    String fine = "{\"k\":\"a\",\"amount\":\"0.5\"}";
    KafkaTestClient.send(kafka.bootstrapServers(), in, List.of(tooFine, tooLarge, fine));
    String processors = "[{\"aggregate\": {\"key\": \"P:{k}\", \"count\": true, \"sum\": [\"amount\"]}}]"
        .replace("P:", p + ":");
    String policy = "{\"maxAttempts\": 2, \"backoff\": {\"initial\": \"50ms\", \"max\": \"100ms\"}}";
    try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
        SharedServers.redis().url(), in, processors, policy))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == 3);

      List<ConsumerRecord<String, String>> dead = KafkaTestClient.readAll(kafka.bootstrapServers(), p + ".dlq", 2);
      assertThat(dead).extracting(ConsumerRecord::value).containsExactly(tooFine, tooLarge);
      assertThat(dead).extracting(r -> KafkaTestClient.header(r, "tributary.attempts")).containsOnly("2");
      assertThat(KafkaTestClient.header(dead.get(0), "tributary.error.message")).isEqualTo(
          "processors[0].aggregate: aggregate: field \"amount\" is 1E-41, which has 41 digits after the decimal"
              + " point; a sum keeps at most 40 exactly and never rounds");
      assertThat(KafkaTestClient.header(dead.get(1), "tributary.error.message")).isEqualTo(
          "processors[0].aggregate: aggregate: field \"amount\" is 1E+40, which has 41 digits before the decimal"
              + " point; a sum may have at most 40");
      assertThat(redis.hgetall(p + ":a")).isEqualTo(Map.of("count", "1", "sum_amount", "0.5"));
    }
  }
}
