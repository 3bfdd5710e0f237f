package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RuntimeProcess;
import io.tributary.runtime.testing.SharedServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker as a separate process, killed and terminated in the middle of 50,000 records. */
class WorkerProcessIT {
  private static final int RECORDS = 50_000;
  /** A dead member must leave the group quickly, or the restart waits for its session to time out. */
  private static final String FAST_GROUP = "{\"session.timeout.ms\": \"6000\", \"heartbeat.interval.ms\": \"1000\"}";

  private static RedisClient client;
  @TempDir Path dir;

  @BeforeAll
  static void redis() {
    client = RedisClient.create(SharedServers.redis().url());
  }

  @AfterAll
  static void close() {
    client.shutdown();
  }

  @Test
  void sigkillInTheMiddleAndRestartLeavesEveryRecordCountedExactlyOnce() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "k" + UUID.randomUUID().toString().substring(0, 8);
    String topic = p + "-in";
    kafka.createTopic(topic, 4);
    produce(kafka, topic);
    String config = config(kafka, p, topic, """
        [{"dedupe": {"key": "P:seen:{id}", "ttl": "1h"}},
         {"aggregate": {"key": "P:total", "count": true, "sum": ["amount"]}}]
        """.replace("P:", p + ":"));

    long atKill;
    try (RuntimeProcess first = RuntimeProcess.start("worker", config, dir, "first")) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .until(() -> WorkerResilienceIT.count(client, p) >= 3000);
      first.kill();
      atKill = WorkerResilienceIT.count(client, p);
    }
    assertThat(atKill).as("killed in the middle of the stream").isLessThan(RECORDS);

    try (RuntimeProcess second = RuntimeProcess.start("worker", config, dir, "second")) {
      await().atMost(Duration.ofSeconds(120)).until(() -> WorkerProcessorsIT.committed(p, topic) == RECORDS);
      assertThat(client.connect().sync().hgetall(p + ":total")).as(second.log()).isEqualTo(Map.of(
          "count", String.valueOf(RECORDS), "sum_amount", String.valueOf(expectedSum())));
      assertThat(second.terminate()).isZero();
    }
  }

  @Test
  void sigtermFinishesAndCommitsTheBatchInFlightAndExitsZero() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "t" + UUID.randomUUID().toString().substring(0, 8);
    String topic = p + "-in";
    kafka.createTopic(topic, 2);
    produce(kafka, topic);
    // no dedupe: a record processed twice would show in the count
    String config = config(kafka, p, topic,
        "[{\"aggregate\": {\"key\": \"" + p + ":total\", \"count\": true, \"sum\": [\"amount\"]}}]");

    try (RuntimeProcess first = RuntimeProcess.start("worker", config, dir, "first")) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .until(() -> WorkerResilienceIT.count(client, p) >= 3000);
      assertThat(first.terminate()).as(first.log()).isZero();
    }
    long processed = WorkerResilienceIT.count(client, p);
    assertThat(processed).isLessThan(RECORDS);
    assertThat(WorkerProcessorsIT.committed(p, topic)).as("everything processed was committed").isEqualTo(processed);

    try (RuntimeProcess second = RuntimeProcess.start("worker", config, dir, "second")) {
      await().atMost(Duration.ofSeconds(120)).until(() -> WorkerProcessorsIT.committed(p, topic) == RECORDS);
      assertThat(client.connect().sync().hgetall(p + ":total")).isEqualTo(Map.of(
          "count", String.valueOf(RECORDS), "sum_amount", String.valueOf(expectedSum())));
      assertThat(second.terminate()).isZero();
    }
  }

  private static String config(EmbeddedKafkaBroker kafka, String p, String topic, String processors) {
    return WorkerConfigs.topicWorker(p, kafka.bootstrapServers(), SharedServers.redis().url(), topic, processors, null)
        .replace("\"kafka\": {\"bootstrapServers\": \"" + kafka.bootstrapServers() + "\"}",
            "\"kafka\": {\"bootstrapServers\": \"" + kafka.bootstrapServers() + "\", \"properties\": " + FAST_GROUP + "}");
  }

  private static long expectedSum() {
    long sum = 0;
    for (int id = 0; id < RECORDS; id++) {
      sum += id % 100;
    }
    return sum;
  }

  private static void produce(EmbeddedKafkaBroker kafka, String topic) throws Exception {
    try (KafkaProducer<String, String> producer = KafkaTestClient.producer(kafka.bootstrapServers())) {
      List<Future<?>> sends = new ArrayList<>(RECORDS);
      for (int id = 0; id < RECORDS; id++) {
        sends.add(producer.send(new ProducerRecord<>(topic, String.valueOf(id),
            "{\"id\":" + id + ",\"amount\":" + (id % 100) + "}")));
      }
      for (Future<?> send : sends) {
        send.get();
      }
    }
  }
}
