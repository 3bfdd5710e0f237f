package io.tributary.runtime.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.tributary.runtime.embedded.EmbeddedRedisCluster;
import io.tributary.runtime.ops.RedisAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ETL {@code redisHash} load on a real three-master Redis Cluster: one pipeline, every master. */
class RedisHashLoaderClusterIT {
  @Test
  void loadsHashesOnEveryMasterOfACluster() throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(3, 0)) {
      RedisClusterClient client = RedisClusterClient.create(cluster.url());
      try {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
          records.add((ObjectNode) json.readTree("{\"symbol\": \"S" + i + "\", \"count\": " + i + "}"));
        }
        new RedisHashLoader(RedisAccess.of(client), "rollup:{symbol}:15m", Optional.of(Duration.ofMinutes(5)), 256)
            .load(records);
        RedisAdvancedClusterCommands<String, String> redis = client.connect().sync();
        for (int i = 0; i < 60; i++) {
          assertThat(redis.hgetall("rollup:S" + i + ":15m")).isEqualTo(Map.of("symbol", "S" + i, "count", String.valueOf(i)));
          assertThat(redis.pttl("rollup:S" + i + ":15m")).isPositive();
        }
        Set<Integer> holders = new HashSet<>();
        for (int port : cluster.masterPorts()) {
          if (!cluster.command(port, "--scan", "--pattern", "rollup:*").isBlank()) {
            holders.add(port);
          }
        }
        assertThat(holders).hasSize(3);
      } finally {
        client.shutdown();
      }
    }
  }

  /**
   * Each load on a new client: the first pipeline on a cluster connection meets node connections
   * still being opened, which once sent a {@code PEXPIRE} before its {@code HSET} and left hashes
   * without a ttl (the CI run of 2026-12-03).
   */
  @Test
  void everyHashOfAFirstLoadOnANewClientGetsItsTtl() throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(3, 0)) {
      for (int round = 0; round < 10; round++) {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          records.add((ObjectNode) json.readTree("{\"symbol\": \"R" + round + "x" + i + "\", \"count\": " + i + "}"));
        }
        RedisClusterClient loading = RedisClusterClient.create(cluster.url());
        try {
          new RedisHashLoader(RedisAccess.of(loading), "rollup:{symbol}", Optional.of(Duration.ofMinutes(5)), 256)
              .load(records);
        } finally {
          loading.shutdown();
        }
        RedisClusterClient reading = RedisClusterClient.create(cluster.url());
        try {
          RedisAdvancedClusterCommands<String, String> redis = reading.connect().sync();
          for (int i = 0; i < 300; i++) {
            String key = "rollup:R" + round + "x" + i;
            assertThat(redis.pttl(key)).as("the ttl of %s (round %d)", key, round).isPositive();
          }
        } finally {
          reading.shutdown();
        }
      }
    }
  }
}
