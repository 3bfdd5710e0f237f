package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Pipelines on one real redis-server with the same templates (redis.keyPrefix): each writes
 * only under its own prefix, the replay ledger and a Redis-stream input included, and neither
 * sees the other's data.
 */
class KeyPrefixIT {
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
  void twoPipelinesWithTheSameTemplatesNeverTouchEachOthersNames() throws Exception {
    String u = "u" + UUID.randomUUID().toString().substring(0, 8);
    String a = "shop." + u + "a:";
    String b = "shop." + u + "b:";
    List<String> published = new CopyOnWriteArrayList<>();
    StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
    pubsub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        published.add(channel);
      }
    });
    pubsub.sync().subscribe(a + u + ":ticks:AAPL", b + u + ":ticks:AAPL", u + ":ticks:AAPL");
    String processors = """
        [{"dedupe": {"key": "U:seen:{id}"}},
         {"cacheLatest": {"key": "U:{symbol}:latest"}},
         {"publish": {"channel": "U:ticks:{symbol}"}},
         {"enqueue": {"stream": "U:tasks"}},
         {"aggregate": {"key": "U:stats:{symbol}", "count": true, "sum": ["volume"]}},
         {"store": {"key": "U:{symbol}:history"}}]
        """.replace("U:", u + ":");
    // the stream workers read "<u>:tasks" under their own prefix: what their pipeline enqueued
    String streamProcessors = "[{\"cacheLatest\": {\"key\": \"" + u + ":fromstream:{symbol}\"}}]";
    String streamInput = "{\"redisStream\": {\"stream\": \"" + u + ":tasks\", \"group\": \"g\"}}";

    String inA = u + "-a";
    String inB = u + "-b";
    kafka.createTopic(inA, 1);
    kafka.createTopic(inB, 1);
    KafkaTestClient.send(kafka.bootstrapServers(), inA, List.of(
        "{\"id\":1,\"symbol\":\"AAPL\",\"volume\":1}", "{\"id\":2,\"symbol\":\"AAPL\",\"volume\":2}"));
    KafkaTestClient.send(kafka.bootstrapServers(), inB, List.of(
        "{\"id\":1,\"symbol\":\"AAPL\",\"volume\":10}", "{\"id\":2,\"symbol\":\"AAPL\",\"volume\":20}",
        "{\"id\":3,\"symbol\":\"AAPL\",\"volume\":30}"));
    String url = SharedServers.redis().url();
    try (RunningRole workerA = RunningRole.start(prefixed(WorkerConfigs.topicWorker(u + "a", kafka.bootstrapServers(),
            url, inA, processors, null), a));
        RunningRole workerB = RunningRole.start(prefixed(WorkerConfigs.topicWorker(u + "b", kafka.bootstrapServers(),
            url, inB, processors, null), b));
        RunningRole streamA = RunningRole.start(prefixed(WorkerConfigs.worker(u + "sa", kafka.bootstrapServers(),
            url, streamInput, streamProcessors, null), a));
        RunningRole streamB = RunningRole.start(prefixed(WorkerConfigs.worker(u + "sb", kafka.bootstrapServers(),
            url, streamInput, streamProcessors, null), b))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> WorkerProcessorsIT.committed(u + "a", inA) == 2
          && WorkerProcessorsIT.committed(u + "b", inB) == 3);

      // the same templates, two sets of data: the ids 1 and 2 are no duplicates across pipelines
      assertThat(redis.hgetall(a + u + ":stats:AAPL")).isEqualTo(Map.of("count", "2", "sum_volume", "3"));
      assertThat(redis.hgetall(b + u + ":stats:AAPL")).isEqualTo(Map.of("count", "3", "sum_volume", "60"));
      assertThat(redis.get(a + u + ":AAPL:latest")).contains("\"volume\":2");
      assertThat(redis.get(b + u + ":AAPL:latest")).contains("\"volume\":30");
      assertThat(redis.llen(a + u + ":AAPL:history")).isEqualTo(2);
      assertThat(redis.llen(b + u + ":AAPL:history")).isEqualTo(3);
      assertThat(redis.exists(a + u + ":seen:1", a + u + ":seen:2", b + u + ":seen:3")).isEqualTo(3);
      assertThat(redis.xlen(a + u + ":tasks")).isEqualTo(2);
      assertThat(redis.xlen(b + u + ":tasks")).isEqualTo(3);
      // the ledger of each Kafka-input worker is under its prefix
      assertThat(redis.exists(a + ReplayGuard.KAFKA_LEDGER_PREFIX + "test." + u + "a")).isEqualTo(1);
      assertThat(redis.exists(b + ReplayGuard.KAFKA_LEDGER_PREFIX + "test." + u + "b")).isEqualTo(1);
      // each stream worker read its own pipeline's stream and wrote under its own prefix
      await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists(a + u + ":fromstream:AAPL") == 1
          && redis.exists(b + u + ":fromstream:AAPL") == 1);
      assertThat(redis.get(a + u + ":fromstream:AAPL")).contains("\"volume\":2");
      assertThat(redis.get(b + u + ":fromstream:AAPL")).contains("\"volume\":30");
      await().atMost(Duration.ofSeconds(10)).until(() -> redis.xpending(a + u + ":tasks", "g").getCount() == 0
          && redis.xpending(b + u + ":tasks", "g").getCount() == 0);
      await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 5);
      assertThat(published).filteredOn(c -> c.startsWith(a)).hasSize(2);
      assertThat(published).filteredOn(c -> c.startsWith(b)).hasSize(3);

      List<String> all = scan("*" + u + "*");
      assertThat(all).isNotEmpty().allSatisfy(key -> assertThat(key).satisfiesAnyOf(
          k -> assertThat(k).startsWith(a), k -> assertThat(k).startsWith(b)));
    } finally {
      pubsub.close();
    }
  }

  /** The worker config with {@code redis.keyPrefix} set. */
  static String prefixed(String config, String prefix) {
    return prefixedAt(config, SharedServers.redis().url(), prefix);
  }

  /** The worker config (whose Redis is {@code url}) with {@code redis.keyPrefix} set. */
  static String prefixedAt(String config, String url, String prefix) {
    String redisSection = "\"redis\": {\"url\": \"" + url + "\"}";
    assertThat(config).contains(redisSection);
    return config.replace(redisSection, "\"redis\": {\"url\": \"" + url + "\", \"keyPrefix\": \"" + prefix + "\"}");
  }

  private static List<String> scan(String pattern) {
    List<String> keys = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
      keys.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return keys;
  }
}
