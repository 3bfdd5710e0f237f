package io.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example configurations of {@code examples/}, pointed at a local broker and redis-server,
 * work together: the market-data producer feeds the cache-writer worker, and the 15-minute
 * roll-up ETL loads aggregates of the same topic.
 */
class ExamplesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static ObjectNode example(String name, EmbeddedKafkaBroker kafka, EmbeddedRedisServer redis, String topic)
      throws Exception {
    String text = Files.readString(Path.of("examples", name))
        .replace("localhost:9092", kafka.bootstrapServers())
        .replace("redis://localhost:6379/0", redis.url())
        .replace("market-data-stream", topic);
    return (ObjectNode) JSON.readTree(text);
  }

  @Test
  void marketDataProducerCacheWriterAndRollUpWorkTogether() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String topic = "ex-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopic(topic, 3);
    try (EmbeddedRedisServer redisServer = EmbeddedRedisServer.startOnFreePort()) {
      RedisClient client = RedisClient.create(redisServer.url());
      RedisCommands<String, String> redis = client.connect().sync();
      ObjectNode producer = example("producer-market-data.json", kafka, redisServer, topic);
      ((ObjectNode) producer.at("/producer/source/marketData")).put("intervalMs", 50);
      try (RunningRole ticks = RunningRole.start(producer.toString());
          RunningRole cacheWriter = RunningRole.start(example("worker-cache-writer.json", kafka, redisServer, topic).toString())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.llen("market_data:TSLA:history") >= 5);
        JsonNode latest = JSON.readTree(redis.get("market_data:AAPL:latest"));
        assertThat(latest.get("symbol").asText()).isEqualTo("AAPL");
        assertThat(latest.get("price").isNumber()).isTrue();
        assertThat(redis.ttl("market_data:AAPL:latest")).isBetween(1L, 300L);
        assertThat(cacheWriter.metrics()).contains("redis_cache_hits_total{component=\"cache-writer\"");
        assertThat(ticks.stop()).isZero();
        assertThat(cacheWriter.stop()).isZero();
      }

      ObjectNode etl = example("etl-topic-to-redis.json", kafka, redisServer, topic);
      ((ObjectNode) etl.get("etl")).put("terminationMessagePath", dir.resolve("summary").toString());
      try (RunningRole rollUp = RunningRole.start(etl.toString())) {
        assertThat(rollUp.exit().get(60, TimeUnit.SECONDS)).isZero();
      }
      assertThat(redis.hget("market_data:AAPL:15m", "symbol")).isEqualTo("AAPL");
      assertThat(Long.parseLong(redis.hget("market_data:AAPL:15m", "count"))).isPositive();
      assertThat(redis.hkeys("market_data:AAPL:15m")).containsExactlyInAnyOrder(
          "symbol", "count", "sum_volume", "min_price", "max_price", "avg_price");
      assertThat(JSON.readTree(Files.readString(dir.resolve("summary"))).get("result").asText()).isEqualTo("Succeeded");
      client.shutdown();
    }
  }
}
