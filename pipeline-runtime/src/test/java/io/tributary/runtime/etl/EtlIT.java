package io.tributary.runtime.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.runtime.config.Role;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ETL runs against a real broker, a real redis-server and a local HTTP server. */
class EtlIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RedisClient client;
  private static RedisCommands<String, String> redis;
  @TempDir Path dir;

  @BeforeAll
  static void servers() {
    client = RedisClient.create(SharedServers.redis().url());
    redis = client.connect().sync();
  }

  @AfterAll
  static void close() {
    client.shutdown();
  }

  private static String config(String component, String etl) {
    return """
        {"pipeline": "test", "component": "%s", "role": "etl",
         "kafka": {"bootstrapServers": "%s"}, "redis": {"url": "%s"},
         "etl": %s}
        """.formatted(component, SharedServers.kafka().bootstrapServers(), SharedServers.redis().url(), etl);
  }

  private String lastMetrics;

  private int runEtl(String json) {
    try (RunningRole role = RunningRole.start(json)) {
      int exit = role.exit().get(120, java.util.concurrent.TimeUnit.SECONDS);
      lastMetrics = role.metrics();
      return exit;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void topicToRedisHashLoadsAggregatesCommitsOffsetsAndWritesTheSummary() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "e" + UUID.randomUUID().toString().substring(0, 8);
    String topic = p + "-in";
    kafka.createTopic(topic, 2);
    KafkaTestClient.send(kafka.bootstrapServers(), topic, List.of(
        "{\"symbol\":\"A\",\"price\":10,\"volume\":100}",
        "{\"symbol\":\"A\",\"price\":14,\"volume\":50}",
        "{\"symbol\":\"B\",\"price\":5,\"volume\":7}",
        "{\"symbol\":\"B\",\"price\":-1,\"volume\":1000}",
        "not json"));
    Path summary = dir.resolve("termination-log");
    String etl = """
        {"extract": {"topic": {"name": "%s"}},
         "transform": [{"filter": {"field": "price", "op": "gt", "value": 0}},
                       {"aggregate": {"groupBy": ["symbol"], "count": true, "sum": ["volume"],
                                      "min": ["price"], "max": ["price"], "avg": ["price"]}}],
         "load": {"redisHash": {"key": "%s:{symbol}:15m", "ttl": "1d"}},
         "quality": {"minRecords": 1, "requiredFields": ["symbol"]},
         "terminationMessagePath": "%s"}
        """.formatted(topic, p, summary);

    assertThat(runEtl(config(p, etl))).isZero();

    assertThat(redis.hgetall(p + ":A:15m")).isEqualTo(Map.of("symbol", "A", "count", "2", "sum_volume", "150",
        "min_price", "10", "max_price", "14", "avg_price", "12"));
    assertThat(redis.hgetall(p + ":B:15m")).isEqualTo(Map.of("symbol", "B", "count", "1", "sum_volume", "7",
        "min_price", "5", "max_price", "5", "avg_price", "5"));
    assertThat(redis.pttl(p + ":A:15m")).isBetween(86_000_000L, 86_400_000L);
    assertThat(committed(RuntimeConfig.defaultConsumerGroup(Role.ETL, "test", p))).isEqualTo(5);
    JsonNode line = JSON.readTree(Files.readString(summary));
    assertThat(line.get("result").asText()).isEqualTo("Succeeded");
    assertThat(line.get("records").asLong()).isEqualTo(2);
    assertThat(line.get("durationSeconds").asDouble()).isPositive();
    assertThat(line.get("message").asText()).isEqualTo("loaded 2 records into Redis hashes " + p + ":{symbol}:15m");
    assertThat(Files.readString(summary)).hasLineCount(1);
    // per stage and tries, for status.recentRuns; no interval: a run without one reads committed -> end
    assertThat(line.get("extracted").asLong()).isEqualTo(4);
    assertThat(line.get("rejected").asLong()).isEqualTo(1);
    assertThat(line.get("attempts").asInt()).isEqualTo(1);
    assertThat(line.has("dataIntervalStart")).isFalse();
    String tags = "component=\"" + p + "\",pipeline=\"test\",role=\"etl\"";
    assertThat(lastMetrics).contains("etl_records_total{" + tags + ",stage=\"extracted\"} 4.0")
        .contains("etl_records_total{" + tags + ",stage=\"rejected\"} 1.0")
        .contains("etl_records_total{" + tags + ",stage=\"loaded\"} 2.0")
        .contains("etl_run_duration_seconds_count{" + tags + "} 1");

    // the next run starts at the committed offsets: only the new record counts
    KafkaTestClient.send(kafka.bootstrapServers(), topic, List.of("{\"symbol\":\"A\",\"price\":1,\"volume\":1}"));
    assertThat(runEtl(config(p, etl))).isZero();
    assertThat(redis.hgetall(p + ":A:15m")).containsEntry("count", "1").containsEntry("sum_volume", "1");
    assertThat(committed(RuntimeConfig.defaultConsumerGroup(Role.ETL, "test", p))).isEqualTo(6);
  }

  @Test
  void topicExtractWithADataIntervalLoadsExactlyTheRecordsOfThatIntervalAndCommitsNothing() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "e" + UUID.randomUUID().toString().substring(0, 8);
    String topic = p + "-in";
    kafka.createTopic(topic, 2);
    java.time.Instant start = java.time.Instant.parse("2026-12-02T10:00:00Z");
    java.time.Instant end = java.time.Instant.parse("2026-12-02T11:00:00Z");
    // per symbol: one record before, in (at start, in the middle, 1 ms before end) and at/after end;
    // the out-of-order one (in the interval, written after a later record) counts too
    long[][] stamps = {
        {start.toEpochMilli() - 1, 0}, {start.toEpochMilli(), 1}, {start.toEpochMilli() + 1_800_000, 1},
        {end.toEpochMilli() + 5_000, 0}, {end.toEpochMilli() - 1, 1}, {end.toEpochMilli(), 0}};
    try (var producer = KafkaTestClient.producer(kafka.bootstrapServers())) {
      for (String symbol : List.of("A", "B")) {
        for (long[] stamp : stamps) {
          producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, stamp[0], symbol,
              "{\"symbol\":\"" + symbol + "\",\"in\":" + stamp[1] + "}")).get();
        }
      }
    }
    Path summary = dir.resolve("termination-log");
    String etl = """
        {"extract": {"topic": {"name": "%s"}},
         "transform": [{"aggregate": {"groupBy": ["symbol"], "count": true, "sum": ["in"]}}],
         "load": {"redisHash": {"key": "%s:{symbol}"}},
         "terminationMessagePath": "%s"}
        """.formatted(topic, p, summary);
    Map<String, String> env = Map.of(DataInterval.START_ENV, start.toString(), DataInterval.END_ENV, end.toString());
    try (RunningRole role = RunningRole.start(config(p, etl), env)) {
      assertThat(role.exit().get(120, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    }
    assertThat(redis.hgetall(p + ":A")).containsEntry("count", "3").containsEntry("sum_in", "3");
    assertThat(redis.hgetall(p + ":B")).containsEntry("count", "3").containsEntry("sum_in", "3");
    assertThat(committed(RuntimeConfig.defaultConsumerGroup(Role.ETL, "test", p))).isZero();
    JsonNode covered = JSON.readTree(Files.readString(summary));
    assertThat(covered.get("dataIntervalStart").asText()).isEqualTo(start.toString());
    assertThat(covered.get("dataIntervalEnd").asText()).isEqualTo(end.toString());

    // an interval with no records loads none; a malformed one fails naming the variable
    Map<String, String> empty = Map.of(DataInterval.START_ENV, "2026-12-01T00:00:00Z",
        DataInterval.END_ENV, "2026-12-01T01:00:00Z");
    try (RunningRole role = RunningRole.start(config(p, etl), empty)) {
      assertThat(role.exit().get(120, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    }
    assertThat(JSON.readTree(Files.readString(summary)).get("records").asLong()).isZero();
    Map<String, String> bad = Map.of(DataInterval.START_ENV, "yesterday", DataInterval.END_ENV, end.toString());
    try (RunningRole role = RunningRole.start(config(p, etl), bad)) {
      assertThat(role.exit().get(120, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(JSON.readTree(Files.readString(summary)).get("message").asText())
        .contains("TRIBUTARY_DATA_INTERVAL_START \"yesterday\" is not an ISO-8601 instant");
  }

  @Test
  void failingExtractIsRetriedAsConfiguredThenFailsWithAClearMessage() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/data", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/data";
      Path summary = dir.resolve("termination-log");
      String etl = """
          {"extract": {"http": {"url": "%s"}},
           "load": {"redisHash": {"key": "x:{id}"}},
           "retries": {"limit": 2, "delay": "100ms", "multiplier": 2},
           "terminationMessagePath": "%s"}
          """.formatted(url, summary);
      long started = System.nanoTime();
      assertThat(runEtl(config("failing", etl))).isEqualTo(1);
      assertThat(requests.get()).isEqualTo(3);
      assertThat((System.nanoTime() - started) / 1_000_000).as("waited 100ms + 200ms").isGreaterThanOrEqualTo(300);
      JsonNode line = JSON.readTree(Files.readString(summary));
      assertThat(line.get("result").asText()).isEqualTo("Failed");
      assertThat(line.get("records").asLong()).isZero();
      assertThat(line.get("message").asText())
          .isEqualTo("failed after 3 tries: extract.http: GET " + url + " answered 503");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void httpExtractToTopicAndCsvExtractToRedisHash() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "h" + UUID.randomUUID().toString().substring(0, 8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1", exchange -> {
      byte[] body = "{\"data\":{\"items\":[{\"id\":1,\"v\":\"a\"},{\"id\":2,\"v\":\"b\"},{\"id\":1,\"v\":\"a\"}]}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String etl = """
          {"extract": {"http": {"url": "http://127.0.0.1:%d/v1", "itemsPath": "data.items"}},
           "transform": [{"dedupe": {"fields": ["id"]}}],
           "load": {"topic": {"name": "%s-out"}},
           "terminationMessagePath": "%s"}
          """.formatted(server.getAddress().getPort(), p, dir.resolve("http-summary"));
      assertThat(runEtl(config(p + "-http", etl))).isZero();
      List<ConsumerRecord<String, String>> out = KafkaTestClient.readAll(kafka.bootstrapServers(), p + "-out", 2);
      assertThat(out).extracting(ConsumerRecord::value).containsExactly("{\"id\":1,\"v\":\"a\"}", "{\"id\":2,\"v\":\"b\"}");
    } finally {
      server.stop(0);
    }

    Path csv = dir.resolve("prices.csv");
    Files.writeString(csv, "symbol,price\nA,1.5\nA,2.5\nB,4\n");
    String etl = """
        {"extract": {"csv": {"path": "%s"}},
         "transform": [{"aggregate": {"groupBy": ["symbol"], "avg": ["price"]}}],
         "load": {"redisHash": {"key": "%s:csv:{symbol}"}},
         "terminationMessagePath": "%s"}
        """.formatted(csv, p, dir.resolve("csv-summary"));
    assertThat(runEtl(config(p + "-csv", etl))).isZero();
    assertThat(redis.hgetall(p + ":csv:A")).isEqualTo(Map.of("symbol", "A", "avg_price", "2"));
    assertThat(redis.hgetall(p + ":csv:B")).isEqualTo(Map.of("symbol", "B", "avg_price", "4"));
    assertThat(redis.ttl(p + ":csv:A")).isEqualTo(-1L);
  }

  /**
   * {@code waitFor} (issue #15 §3): the run waits while the Worker's group is behind its topic and
   * starts once it has caught up; a Worker that does not catch up in time fails the run, saying so.
   */
  @Test
  void aRunGatedOnAWorkersLagWaitsForItAndFailsWhenItDoesNotCatchUp() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "e" + UUID.randomUUID().toString().substring(0, 8);
    String workerTopic = p + "-stream";
    String etlTopic = p + "-in";
    kafka.createTopic(workerTopic, 2);
    kafka.createTopic(etlTopic, 1);
    try (var producer = KafkaTestClient.producer(kafka.bootstrapServers())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(workerTopic, i % 2, "k" + i, "{}")).get();
      }
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(etlTopic, "A", "{\"symbol\":\"A\"}")).get();
    }
    String workerGroup = p + "-worker-group";
    Path summary = dir.resolve("gated-summary");
    String etl = """
        {"extract": {"topic": {"name": "%s"}},
         "transform": [{"aggregate": {"groupBy": ["symbol"], "count": true}}],
         "load": {"redisHash": {"key": "%s:{symbol}"}},
         "terminationMessagePath": "%s",
         "waitFor": {"worker": "enricher", "group": "%s", "topic": "%s", "maxLag": 0, "timeout": "%s"}}
        """;

    // the Worker never catches up: the run fails after the timeout and loads nothing
    try (RunningRole role = RunningRole.start(config(p, etl.formatted(etlTopic, p, summary, workerGroup, workerTopic, "3s")))) {
      assertThat(role.exit().get(120, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
    }
    JsonNode failed = JSON.readTree(Files.readString(summary));
    assertThat(failed.get("result").asText()).isEqualTo("Failed");
    assertThat(failed.get("message").asText()).isEqualTo("waitFor: Worker enricher (group " + workerGroup
        + ") is still 5 records behind topic " + workerTopic + ", more than maxLag 0, after 3s; the run did not start");
    assertThat(redis.exists(p + ":A")).isZero();

    // it is behind when the run starts, and catches up while the run waits: the run then goes on
    try (RunningRole role = RunningRole.start(config(p, etl.formatted(etlTopic, p, summary, workerGroup, workerTopic, "60s")))) {
      Thread.sleep(3_000);
      assertThat(role.exit()).as("still waiting for the Worker").isNotDone();
      try (Admin admin = kafka.admin()) {
        admin.alterConsumerGroupOffsets(workerGroup, Map.of(
            new org.apache.kafka.common.TopicPartition(workerTopic, 0), new OffsetAndMetadata(3),
            new org.apache.kafka.common.TopicPartition(workerTopic, 1), new OffsetAndMetadata(2))).all().get();
      }
      assertThat(role.exit().get(120, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    }
    assertThat(JSON.readTree(Files.readString(summary)).get("result").asText()).isEqualTo("Succeeded");
    assertThat(redis.hgetall(p + ":A")).containsEntry("count", "1");
  }

  /**
   * {@code waitFor.watermark} (issue #15 §3): the run waits until every partition of the topic holds
   * a record timestamped at or after the end of its data interval; a partition behind it holds the
   * run, which fails after the timeout naming the topic, the watermark reached and the interval end.
   */
  @Test
  void aRunGatedOnAWatermarkWaitsUntilEveryPartitionPassedTheIntervalEnd() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "e" + UUID.randomUUID().toString().substring(0, 8);
    String topic = p + "-in";
    kafka.createTopic(topic, 2);
    java.time.Instant start = java.time.Instant.parse("2026-12-02T10:00:00Z");
    java.time.Instant end = java.time.Instant.parse("2026-12-02T11:00:00Z");
    try (var producer = KafkaTestClient.producer(kafka.bootstrapServers())) {
      // partition 0 has passed the end; partition 1 is a minute before it
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, end.toEpochMilli() + 1_000, "A",
          "{\"symbol\":\"A\"}")).get();
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 1, end.toEpochMilli() - 60_000, "A",
          "{\"symbol\":\"A\"}")).get();
    }
    Path summary = dir.resolve("watermark-summary");
    String etl = """
        {"extract": {"topic": {"name": "%s"}},
         "transform": [{"aggregate": {"groupBy": ["symbol"], "count": true}}],
         "load": {"redisHash": {"key": "%s:{symbol}"}},
         "terminationMessagePath": "%s",
         "waitFor": {"watermark": {"topic": "%s"}, "timeout": "%s"}}
        """;
    Map<String, String> env = Map.of(DataInterval.START_ENV, start.toString(), DataInterval.END_ENV, end.toString());

    try (RunningRole role = RunningRole.start(config(p, etl.formatted(topic, p, summary, topic, "3s")), env)) {
      assertThat(role.exit().get(120, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
    }
    JsonNode failed = JSON.readTree(Files.readString(summary));
    assertThat(failed.get("result").asText()).isEqualTo("Failed");
    assertThat(failed.get("message").asText()).isEqualTo("waitFor: the watermark of topic " + topic + " is at "
        + end.minusSeconds(60) + ", before the data interval end " + end + ", after 3s; the run did not start");
    assertThat(redis.exists(p + ":A")).isZero();

    // a record at the end itself on the late partition opens the gate while the run waits
    try (RunningRole role = RunningRole.start(config(p, etl.formatted(topic, p, summary, topic, "60s")), env)) {
      Thread.sleep(3_000);
      assertThat(role.exit()).as("still waiting for the watermark").isNotDone();
      try (var producer = KafkaTestClient.producer(kafka.bootstrapServers())) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 1, end.toEpochMilli(), "B",
            "{\"symbol\":\"B\"}")).get();
      }
      assertThat(role.exit().get(120, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    }
    assertThat(JSON.readTree(Files.readString(summary)).get("result").asText()).isEqualTo("Succeeded");
  }

  private static long committed(String group) throws Exception {
    try (Admin admin = SharedServers.kafka().admin()) {
      Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }
  }
}
