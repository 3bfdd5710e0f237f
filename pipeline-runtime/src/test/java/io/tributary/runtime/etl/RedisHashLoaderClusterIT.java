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
}
