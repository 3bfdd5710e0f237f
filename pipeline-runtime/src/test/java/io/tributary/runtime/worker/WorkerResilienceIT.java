package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Outages and Redis stream input: nothing lost, nothing skipped, the worker resumes by itself. */
class WorkerResilienceIT {

  @Test
  void redisStoppedForTenSecondsDuringAStreamLosesNothing() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "o" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 3);
    int total = 6000;
    try (EmbeddedRedisServer redisServer = EmbeddedRedisServer.startOnFreePort()) {
      RedisClient client = RedisClient.create(redisServer.url());
      String processors = """
          [{"dedupe": {"key": "P:seen:{id}", "ttl": "1h"}},
           {"aggregate": {"key": "P:total", "count": true, "sum": ["amount"]}}]
          """.replace("P:", p + ":");
      try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
          redisServer.url(), in, processors, null))) {
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> produceSteadily(kafka, in, total, 15));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(client, p) > 500);

        redisServer.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.opsServer().failingReadinessChecks().contains("redis"));
        Thread.sleep(10_000);
        redisServer.start();

        stream.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> count(client, p) == total);
        RedisCommands<String, String> redis = client.connect().sync();
        assertThat(redis.hgetall(p + ":total")).isEqualTo(Map.of(
            "count", String.valueOf(total), "sum_amount", String.valueOf(total * (total - 1L) / 2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.opsServer().failingReadinessChecks().isEmpty());
        assertThat(WorkerProcessorsIT.committed(p, in)).isEqualTo(total);
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void kafkaStoppedForTenSecondsDuringAStreamLosesNothing() throws Exception {
    String p = "ko" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    String out = p + "-out";
    int total = 50_000;
    RedisClient client = RedisClient.create(SharedServers.redis().url());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
      kafka.createTopic(in, 2);
      kafka.createTopic(out, 1);
      produceSteadily(kafka, in, total, 0);
      String processors = """
          [{"dedupe": {"key": "P:seen:{id}", "ttl": "1h"}},
           {"forward": {"topic": "OUT"}},
           {"aggregate": {"key": "P:total", "count": true, "sum": ["amount"]}}]
          """.replace("P:", p + ":").replace("OUT", out);
      try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
          SharedServers.redis().url(), in, processors, null))) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> count(client, p) > 500);
        assertThat(worker.opsServer().failingReadinessChecks()).isEmpty();
        kafka.stop();
        long whileDown = count(client, p);
        // the pod says so: not ready once the heartbeats stop reaching the group coordinator
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.opsServer().failingReadinessChecks().contains("kafka"));
        assertThat(count(client, p)).as("nothing processed without Kafka").isEqualTo(whileDown);
        assertThat(whileDown).as("stopped in the middle of the stream").isLessThan(total);
        kafka.restart();

        await().atMost(Duration.ofSeconds(90)).until(() -> count(client, p) == total);
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.opsServer().failingReadinessChecks().isEmpty());
        assertThat(client.connect().sync().hgetall(p + ":total")).isEqualTo(Map.of(
            "count", String.valueOf(total), "sum_amount", String.valueOf(total * (total - 1L) / 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(kafka, p, in) == total);
        assertThat(KafkaTestClient.readAll(kafka.bootstrapServers(), out, total).stream().map(r -> r.value()).distinct())
            .as("every record forwarded").hasSize(total);
      }
    } finally {
      client.shutdown();
    }
  }

  private static long committed(EmbeddedKafkaBroker kafka, String component, String topic) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin = kafka.admin()) {
      return admin.listConsumerGroupOffsets("test." + component).partitionsToOffsetAndMetadata().get().entrySet()
          .stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    }
  }

  @Test
  void redisStreamInputAcknowledgesProcessedEntriesAndReclaimsThoseOfDeadConsumers() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "s" + UUID.randomUUID().toString().substring(0, 8);
    String stream = p + ":tasks";
    RedisClient client = RedisClient.create(SharedServers.redis().url());
    try {
      RedisCommands<String, String> redis = client.connect().sync();
      redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "executors", XGroupCreateArgs.Builder.mkstream());
      for (int id = 0; id < 20; id++) {
        redis.xadd(stream, Map.of("data", "{\"id\":" + id + ",\"amount\":" + id + "}", "correlation_id", "c" + id));
      }
      // a consumer that took one entry and died before acknowledging it
      assertThat(redis.xreadgroup(Consumer.from("executors", "dead"), XReadArgs.Builder.count(1),
          XReadArgs.StreamOffset.lastConsumed(stream))).hasSize(1);

      String input = "{\"redisStream\": {\"stream\": \"" + stream + "\", \"group\": \"executors\", "
          + "\"consumer\": \"w1\", \"claimIdleTimeout\": \"1s\"}}";
      String processors = """
          [{"dedupe": {"key": "P:seen:{id}"}},
           {"aggregate": {"key": "P:total", "count": true, "sum": ["amount"]}}]
          """.replace("P:", p + ":");
      try (RunningRole worker = RunningRole.start(WorkerConfigs.worker(p, kafka.bootstrapServers(),
          SharedServers.redis().url(), input, processors, null))) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count(client, p) == 20);
        assertThat(redis.hgetall(p + ":total")).isEqualTo(Map.of("count", "20", "sum_amount", "190"));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.xpending(stream, "executors").getCount() == 0);
        assertThat(worker.metrics()).contains("tasks_succeeded_total{component=\"" + p
            + "\",pipeline=\"test\",role=\"worker\"} 20.0");
        assertThat(worker.metrics()).contains("tasks_started_total{component=\"" + p
            + "\",pipeline=\"test\",role=\"worker\"} 20.0");
        assertThat(worker.metrics()).contains("task_duration_seconds_count{");
      }
    } finally {
      client.shutdown();
    }
  }

  static void produceSteadily(EmbeddedKafkaBroker kafka, String topic, int total, int seconds) {
    int perTick = seconds == 0 ? Integer.MAX_VALUE : Math.max(1, total / (seconds * 10));
    try (KafkaProducer<String, String> producer = KafkaTestClient.producer(kafka.bootstrapServers())) {
      List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
      for (int id = 0; id < total; id++) {
        sends.add(producer.send(new ProducerRecord<>(topic, String.valueOf(id),
            "{\"id\":" + id + ",\"amount\":" + id + "}")));
        if (id % perTick == perTick - 1) {
          Thread.sleep(100);
        }
      }
      for (java.util.concurrent.Future<?> send : sends) {
        send.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(RedisClient client, String prefix) {
    try (var connection = client.connect()) {
      String count = connection.sync().hget(prefix + ":total", "count");
      return count == null ? 0 : Long.parseLong(count);
    } catch (RuntimeException redisDown) {
      return -1;
    }
  }
}
