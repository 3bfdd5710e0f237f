package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every processor against a real broker and a real redis-server, with the exact data it writes. */
class WorkerProcessorsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
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
  void chainWritesExactKeysTtlsHashesListsStreamsAndForwards() throws Exception {
    String p = "w" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    String out = p + "-out";
    kafka.createTopic(in, 1);
    kafka.createTopic(out, 1);
    List<String> published = new CopyOnWriteArrayList<>();
    StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
    pubsub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        published.add(channel + "=" + message);
      }
    });
    pubsub.sync().subscribe(p + ":AAPL");

    String r1 = "{\"id\":1,\"symbol\":\"AAPL\",\"price\":10,\"volume\":100}";
    String r2 = "{\"id\":2,\"symbol\":\"AAPL\",\"price\":11,\"volume\":50.5}";
    String r3 = "{\"id\":3,\"symbol\":\"MSFT\",\"price\":-1,\"volume\":7}";
    String r4dup = "{\"id\":1,\"symbol\":\"AAPL\",\"price\":99,\"volume\":1000}";
    String r5 = "{\"id\":4,\"symbol\":\"AAPL\",\"price\":12,\"volume\":25}";
    KafkaTestClient.send(kafka.bootstrapServers(), in, List.of(r1, r2, r3, r4dup, r5));

    String processors = """
        [{"filter": {"field": "price", "op": "gt", "value": 0}},
         {"dedupe": {"key": "P:seen:{id}", "ttl": "1h"}},
         {"cacheLatest": {"key": "P:{symbol}:latest", "ttl": "5m"}},
         {"publish": {"channel": "P:{symbol}"}},
         {"enqueue": {"stream": "P:tasks", "maxLen": 1000}},
         {"aggregate": {"key": "P:stats:{symbol}", "count": true, "sum": ["volume"]}},
         {"store": {"key": "P:{symbol}:history", "maxLen": 2}},
         {"forward": {"topic": "OUT"}},
         {"log": {}}]
        """.replace("P:", p + ":").replace("OUT", out);
    try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
        SharedServers.redis().url(), in, processors, null))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> committed(p, in) == 5);

      assertThat(JSON.readTree(redis.get(p + ":AAPL:latest"))).isEqualTo(JSON.readTree(r5));
      assertThat(redis.pttl(p + ":AAPL:latest")).isBetween(1L, 300_000L);
      assertThat(redis.exists(p + ":MSFT:latest")).as("filtered out").isZero();
      assertThat(redis.hgetall(p + ":stats:AAPL")).isEqualTo(Map.of("count", "3", "sum_volume", "175.5"));
      assertThat(redis.lrange(p + ":AAPL:history", 0, -1)).extracting(WorkerProcessorsIT::tree)
          .containsExactly(tree(r5), tree(r2));
      List<StreamMessage<String, String>> tasks = redis.xrange(p + ":tasks", io.lettuce.core.Range.create("-", "+"));
      assertThat(tasks).extracting(m -> tree(m.getBody().get("data"))).containsExactly(tree(r1), tree(r2), tree(r5));
      assertThat(tasks).extracting(m -> m.getBody().get("correlation_id")).containsExactly("cid-0", "cid-1", "cid-4");
      assertThat(redis.get(p + ":seen:1")).isEqualTo("1");
      assertThat(redis.pttl(p + ":seen:1")).isBetween(3_500_000L, 3_600_000L);
      assertThat(redis.exists(p + ":seen:3")).as("filter runs before dedupe").isZero();
      await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 3);
      assertThat(published).extracting(m -> tree(m.substring(m.indexOf('=') + 1)))
          .containsExactly(tree(r1), tree(r2), tree(r5));

      List<ConsumerRecord<String, String>> forwarded = KafkaTestClient.readAll(kafka.bootstrapServers(), out, 3);
      assertThat(forwarded).extracting(r -> tree(r.value())).containsExactly(tree(r1), tree(r2), tree(r5));
      assertThat(forwarded).extracting(r -> KafkaTestClient.header(r, "correlation-id"))
          .containsExactly("cid-0", "cid-1", "cid-4");
    } finally {
      pubsub.close();
    }
  }

  @Test
  void cacheHitsAndMissesAreCountedFromWhetherTheKeyExisted() throws Exception {
    String p = "m" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    redis.set(p + ":B", "{}");
    KafkaTestClient.send(kafka.bootstrapServers(), in, List.of(
        "{\"s\":\"A\"}", "{\"s\":\"A\"}", "{\"s\":\"B\"}", "{\"s\":\"C\"}"));
    String processors = "[{\"cacheLatest\": {\"key\": \"" + p + ":{s}\"}}]";
    try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
        SharedServers.redis().url(), in, processors, null))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> committed(p, in) == 4);
      assertThat(redis.ttl(p + ":A")).as("no ttl configured").isEqualTo(-1L);
      assertThat(worker.opsServer().failingReadinessChecks()).as("Kafka and Redis answer").isEmpty();
      String metrics = scrape(worker);
      assertThat(metrics).contains("redis_cache_hits_total{component=\"" + p + "\",pipeline=\"test\",role=\"worker\"} 2.0");
      assertThat(metrics).contains("redis_cache_misses_total{component=\"" + p + "\",pipeline=\"test\",role=\"worker\"} 2.0");
      assertThat(metrics).contains("kafka_messages_consumed_total{component=\"" + p + "\",pipeline=\"test\",role=\"worker\",topic=\"" + in + "\"} 4.0");
      assertThat(metrics).contains("pipeline_records_processed_total{component=\"" + p
          + "\",outcome=\"ok\",pipeline=\"test\",processor=\"cacheLatest\",role=\"worker\"} 4.0");
      assertThat(metrics).contains("pipeline_end_to_end_latency_seconds_count{");
      assertThat(metrics).as("the single consumer got its partition once")
          .contains("kafka_consumer_rebalances_total{component=\"" + p + "\",pipeline=\"test\",role=\"worker\",topic=\"" + in + "\"} 1.0");
    }
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicWithAllHeadersAndTheRestIsProcessed() throws Exception {
    String p = "d" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    KafkaTestClient.send(kafka.bootstrapServers(), in, List.of(
        "{\"symbol\":\"A\",\"v\":1}", "{not json", "{\"other\":1}", "{\"symbol\":\"B\",\"v\":2}"));
    String processors = "[{\"cacheLatest\": {\"key\": \"" + p + ":{symbol}\"}}]";
    String policy = "{\"maxAttempts\": 2, \"backoff\": {\"initial\": \"50ms\", \"max\": \"100ms\"}}";
    try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
        SharedServers.redis().url(), in, processors, policy))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> committed(p, in) == 4);
      assertThat(redis.get(p + ":A")).isEqualTo("{\"symbol\":\"A\",\"v\":1}");
      assertThat(redis.get(p + ":B")).isEqualTo("{\"symbol\":\"B\",\"v\":2}");

      List<ConsumerRecord<String, String>> dead = KafkaTestClient.readAll(kafka.bootstrapServers(), p + ".dlq", 2);
      assertThat(dead).extracting(ConsumerRecord::value).containsExactly("{not json", "{\"other\":1}");
      ConsumerRecord<String, String> badJson = dead.get(0);
      assertThat(KafkaTestClient.header(badJson, "tributary.error.class")).contains("JsonParseException");
      assertThat(KafkaTestClient.header(badJson, "tributary.error.message")).startsWith("invalid JSON");
      assertThat(KafkaTestClient.header(badJson, "tributary.original.topic")).isEqualTo(in);
      assertThat(KafkaTestClient.header(badJson, "tributary.original.partition")).isEqualTo("0");
      assertThat(KafkaTestClient.header(badJson, "tributary.original.offset")).isEqualTo("1");
      assertThat(KafkaTestClient.header(badJson, "tributary.attempts")).isEqualTo("1");
      assertThat(KafkaTestClient.header(badJson, "tributary.component")).isEqualTo(p);
      assertThat(KafkaTestClient.header(badJson, "correlation-id")).isEqualTo("cid-1");

      ConsumerRecord<String, String> missingField = dead.get(1);
      assertThat(KafkaTestClient.header(missingField, "tributary.error.class"))
          .isEqualTo("io.tributary.runtime.config.RecordTemplate$MissingFieldException");
      assertThat(KafkaTestClient.header(missingField, "tributary.error.message"))
          .isEqualTo("processors[0].cacheLatest: cannot resolve \"" + p + ":{symbol}\": the record has no field \"symbol\"");
      assertThat(KafkaTestClient.header(missingField, "tributary.original.offset")).isEqualTo("2");
      assertThat(KafkaTestClient.header(missingField, "tributary.attempts")).isEqualTo("2");
      assertThat(scrape(worker)).contains("pipeline_dead_letter_total{component=\"" + p
          + "\",pipeline=\"test\",role=\"worker\"} 2.0");
    }
  }

  /**
   * Issue 14: a field value that would leave its key segment ({@code a*}, {@code x\nSET y}, the
   * separator, empty, over the configured bound) is a record error: retried, dead-lettered with
   * the error class, and nothing of the record reaches Redis, in any key or channel. The whole
   * database (one of its own) is scanned: only the legitimate keys exist.
   */
  @Test
  void aValueThatWouldLeaveItsKeySegmentGoesToTheDeadLetterTopicAndWritesNoKey() throws Exception {
    String p = "u" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    String db = SharedServers.redis().url().replaceFirst("/0$", "/11");
    RedisClient dbClient = RedisClient.create(db);
    try (var connection = dbClient.connect(); var pubsub = dbClient.connectPubSub()) {
      RedisCommands<String, String> own = connection.sync();
      own.flushdb();
      List<String> published = new CopyOnWriteArrayList<>();
      pubsub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String pattern, String channel, String message) {
          published.add(channel);
        }
      });
      pubsub.sync().psubscribe("*");
      List<String> values = List.of(
          "{\"id\":1,\"symbol\":\"A\"}",
          "{\"id\":2,\"symbol\":\"a*\"}",
          "{\"id\":3,\"symbol\":\"x\\nSET y\"}",
          "{\"id\":4,\"symbol\":\"A:latest\"}",
          "{\"id\":5,\"symbol\":\"\"}",
          "{\"id\":6,\"symbol\":\"" + "L".repeat(17) + "\"}",
          "{\"id\":7,\"symbol\":\"B\"}");
      KafkaTestClient.send(kafka.bootstrapServers(), in, values);
      String processors = ("[{\"dedupe\": {\"key\": \"P:seen:{id}\", \"ttl\": \"1h\"}},"
          + " {\"cacheLatest\": {\"key\": \"P:latest:{symbol}\"}},"
          + " {\"publish\": {\"channel\": \"P:ch:{symbol}\"}},"
          + " {\"enqueue\": {\"stream\": \"P:tasks:{symbol}\"}}]").replace("P:", p + ":");
      String policy = "{\"maxAttempts\": 2, \"backoff\": {\"initial\": \"50ms\", \"max\": \"100ms\"}}";
      String config = WorkerConfigs.topicWorker(p, kafka.bootstrapServers(), db, in, processors, policy)
          .replace("\"url\": \"" + db + "\"", "\"url\": \"" + db + "\", \"maxTemplateValueBytes\": 16");
      assertThat(config).contains("\"maxTemplateValueBytes\": 16");
      try (RunningRole worker = RunningRole.start(config)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(p, in) == values.size());

        List<ConsumerRecord<String, String>> dead = KafkaTestClient.readAll(kafka.bootstrapServers(), p + ".dlq", 5);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyElementsOf(values.subList(1, 6));
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, "tributary.error.class"))
            .containsOnly("io.tributary.runtime.config.RecordTemplate$UnsafeValueException");
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, "tributary.attempts")).containsOnly("2");
        String template = "cannot resolve \"" + p + ":latest:{symbol}\": field \"symbol\" holds ";
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, "tributary.error.message")).containsExactly(
            "processors[1].cacheLatest: " + template + "\"a*\", which has '*' (a Redis glob character) at position 1",
            "processors[1].cacheLatest: " + template + "\"x\\nSET y\", which has a control character (\\n) at position 1",
            "processors[1].cacheLatest: " + template + "\"A:latest\", which has the separator ':' at position 1"
                + " (the placeholder ends the template, so the value must be one segment)",
            "processors[1].cacheLatest: " + template + "\"\", an empty value",
            "processors[1].cacheLatest: " + template + "\"" + "L".repeat(17) + "\", longer than 16 bytes (17 bytes of UTF-8)");

        Set<String> keys = new java.util.TreeSet<>();
        io.lettuce.core.KeyScanCursor<String> cursor = own.scan();
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
          cursor = own.scan(cursor);
          keys.addAll(cursor.getKeys());
        }
        // the worker's own applied-offset marks (exactly-once bookkeeping) and the good records' keys
        assertThat(keys).as("the whole database").containsExactlyInAnyOrder(
            "tributary:applied:test." + p, "tributary:applied:test." + p + ":" + in + ":0",
            p + ":seen:1", p + ":seen:7", p + ":latest:A", p + ":latest:B", p + ":tasks:A", p + ":tasks:B");
        assertThat(own.get(p + ":latest:A")).isEqualTo(values.get(0));
        assertThat(published).containsExactly(p + ":ch:A", p + ":ch:B");
      }
    } finally {
      dbClient.shutdown();
    }
  }

  @Test
  void withoutDeadLetteringBadJsonIsRetriedAndItsPartitionWaits() throws Exception {
    String p = "j" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    KafkaTestClient.send(kafka.bootstrapServers(), in, List.of(
        "{\"symbol\":\"A\",\"v\":1}", "{not json", "{\"symbol\":\"B\",\"v\":2}"));
    String processors = "[{\"cacheLatest\": {\"key\": \"" + p + ":{symbol}\"}}]";
    String policy = "{\"maxAttempts\": 2, \"backoff\": {\"initial\": \"50ms\", \"max\": \"100ms\"}, \"deadLetter\": false}";
    String failures = "pipeline_records_processed_total{component=\"" + p
        + "\",outcome=\"error\",pipeline=\"test\",processor=\"chain\",role=\"worker\"} ";
    try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
        SharedServers.redis().url(), in, processors, policy))) {
      // the bad record fails again and again, past maxAttempts: with deadLetter false it is never given up
      await().atMost(Duration.ofSeconds(20)).until(() -> scrape(worker).lines()
          .filter(line -> line.startsWith(failures)).anyMatch(line -> Double.parseDouble(line.substring(failures.length())) >= 4));

      assertThat(redis.get(p + ":A")).as("the rest of the batch is processed").isEqualTo("{\"symbol\":\"A\",\"v\":1}");
      assertThat(redis.get(p + ":B")).isEqualTo("{\"symbol\":\"B\",\"v\":2}");
      assertThat(committed(p, in)).as("the partition waits: nothing committed").isZero();
      try (Admin admin = SharedServers.kafka().admin()) {
        assertThat(admin.listTopics().names().get()).as("nothing dead-lettered").doesNotContain(p + ".dlq");
      }
      assertThat(scrape(worker)).contains("pipeline_dead_letter_total{component=\"" + p
          + "\",pipeline=\"test\",role=\"worker\"} 0.0");
      assertThat(worker.stop()).as("a stop leaves the batch uncommitted and exits cleanly").isZero();
    }
    assertThat(committed(p, in)).isZero();
  }

  @Test
  void aRecordWhoseKeyHoldsAnotherTypeWritesNothingAndGoesToTheDeadLetterTopic() throws Exception {
    String p = "t" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    // someone else's string where the aggregate keeps its hash
    redis.set(p + ":agg:X", "not a hash");
    String processors = ("[{\"dedupe\": {\"key\": \"P:seen:{id}\", \"ttl\": \"1h\"}},"
        + " {\"cacheLatest\": {\"key\": \"P:latest:{symbol}\"}},"
        + " {\"aggregate\": {\"key\": \"P:agg:{symbol}\", \"count\": true}}]").replace("P:", p + ":");
    String policy = "{\"maxAttempts\": 2, \"backoff\": {\"initial\": \"50ms\", \"max\": \"100ms\"}}";
    KafkaTestClient.send(kafka.bootstrapServers(), in, List.of(
        "{\"id\":1,\"symbol\":\"X\"}", "{\"id\":2,\"symbol\":\"Y\"}"));
    try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
        SharedServers.redis().url(), in, processors, policy))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> committed(p, in) == 2);

      ConsumerRecord<String, String> dead = KafkaTestClient.readAll(kafka.bootstrapServers(), p + ".dlq", 1).get(0);
      assertThat(dead.value()).isEqualTo("{\"id\":1,\"symbol\":\"X\"}");
      assertThat(KafkaTestClient.header(dead, "tributary.error.message"))
          .contains("WRONGTYPE aggregate: key " + p + ":agg:X holds a string, not a hash");
      assertThat(KafkaTestClient.header(dead, "tributary.attempts")).isEqualTo("2");
      // nothing of the failed record was applied: no dedupe marker (a replay is not a "duplicate"), no cache entry
      assertThat(redis.exists(p + ":seen:1", p + ":latest:X")).isZero();
      assertThat(redis.get(p + ":agg:X")).isEqualTo("not a hash");
      // the next record went through whole
      assertThat(redis.exists(p + ":seen:2", p + ":latest:Y")).isEqualTo(2);
      assertThat(redis.hgetall(p + ":agg:Y")).containsEntry("count", "1");
    }
  }

  @Test
  void anAggregateThatCannotAddAppliesNothingAndGoesToTheDeadLetterTopic() throws Exception {
    String p = "n" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    // a sum at the top of its 40 integer digits, a count at the top of a 64-bit integer
    String fortyNines = "9".repeat(ExactSums.MAX_INTEGER_DIGITS);
    redis.hset(p + ":agg:b", Map.of("count", "5", "sum_amount", fortyNines));
    redis.hset(p + ":agg:c", Map.of("count", "9223372036854775807", "sum_amount", "0"));
    // Lua's tonumber takes " 5"; a sum field is a plain decimal
    redis.hset(p + ":agg:d", Map.of("count", "1", "sum_amount", " 5"));
    String processors = ("[{\"dedupe\": {\"key\": \"P:seen:{id}\", \"ttl\": \"1h\"}},"
        + " {\"aggregate\": {\"key\": \"P:agg:{k}\", \"count\": true, \"sum\": [\"amount\"]}}]").replace("P:", p + ":");
    String policy = "{\"maxAttempts\": 2, \"backoff\": {\"initial\": \"50ms\", \"max\": \"100ms\"}}";
    String infinite = "{\"id\":1,\"k\":\"a\",\"amount\":1e400}";
    String beyondFortyDigits = "{\"id\":2,\"k\":\"b\",\"amount\":1}";
    String countAtTheTop = "{\"id\":3,\"k\":\"c\",\"amount\":1}";
    String spaced = "{\"id\":5,\"k\":\"d\",\"amount\":1}";
    String fine = "{\"id\":4,\"k\":\"a\",\"amount\":2}";
    KafkaTestClient.send(kafka.bootstrapServers(), in, List.of(infinite, beyondFortyDigits, countAtTheTop, spaced, fine));
    try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
        SharedServers.redis().url(), in, processors, policy))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> committed(p, in) == 5);

      List<ConsumerRecord<String, String>> dead = KafkaTestClient.readAll(kafka.bootstrapServers(), p + ".dlq", 4);
      assertThat(dead).extracting(ConsumerRecord::value).containsExactly(infinite, beyondFortyDigits, countAtTheTop, spaced);
      assertThat(dead).extracting(r -> KafkaTestClient.header(r, "tributary.attempts")).containsOnly("2");
      assertThat(dead).extracting(r -> KafkaTestClient.header(r, "tributary.original.offset"))
          .containsExactly("0", "1", "2", "3");
      assertThat(KafkaTestClient.header(dead.get(0), "tributary.error.class"))
          .isEqualTo("io.tributary.runtime.config.RecordNumbers$OutOfRangeException");
      assertThat(KafkaTestClient.header(dead.get(0), "tributary.error.message")).isEqualTo(
          "processors[1].aggregate: aggregate: field \"amount\": \"1E+400\" is larger than 1.7976931348623157E+308,"
              + " the largest number accepted");
      assertThat(KafkaTestClient.header(dead.get(1), "tributary.error.message")).contains(
          "OVERFLOW aggregate: field sum_amount of " + p + ":agg:b holds " + fortyNines
              + "; adding 1 gives more than 40 digits before the decimal point");
      assertThat(KafkaTestClient.header(dead.get(2), "tributary.error.message")).contains(
          "OVERFLOW aggregate: field count of " + p + ":agg:c holds 9223372036854775807");
      assertThat(KafkaTestClient.header(dead.get(3), "tributary.error.message")).contains(
          "NOTNUMERIC aggregate: field sum_amount of " + p + ":agg:d holds  5");
      // nothing of the four was applied: no dedupe marker (the retries were no "duplicates"), no count
      assertThat(redis.exists(p + ":seen:1", p + ":seen:2", p + ":seen:3", p + ":seen:5")).isZero();
      assertThat(redis.hgetall(p + ":agg:d")).isEqualTo(Map.of("count", "1", "sum_amount", " 5"));
      assertThat(redis.hgetall(p + ":agg:b")).isEqualTo(Map.of("count", "5", "sum_amount", fortyNines));
      assertThat(redis.hgetall(p + ":agg:c")).isEqualTo(Map.of("count", "9223372036854775807", "sum_amount", "0"));
      assertThat(redis.hgetall(p + ":agg:a")).isEqualTo(Map.of("count", "1", "sum_amount", "2"));
      assertThat(redis.exists(p + ":seen:4")).isEqualTo(1);
    }
  }

  static long committed(String group, String topic) throws Exception {
    try (Admin admin = SharedServers.kafka().admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets("test." + group).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    }
  }

  static String scrape(RunningRole role) throws Exception {
    return role.metrics();
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
