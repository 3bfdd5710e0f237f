package io.tributary.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.RedisClusterClient;
import io.tributary.runtime.embedded.EmbeddedRedisCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * On a real Redis Cluster, the commands of a manually flushed pipeline reach each key in the
 * order they were issued, the first pipeline of a new client included. Without
 * {@link RedisAccess.Session#connectMasters()} lettuce writes the commands that wait for a node
 * connection still being opened in another order (seen: a list pushed 0..299 began with 218).
 */
class RedisAccessClusterOrderIT {
  private static final int ROUNDS = 30;
  private static final int KEYS = 6;
  private static final int PUSHES = 300;

  @Test
  void aFirstPipelineOnANewClientKeepsTheOrderOfEachKeysCommands() throws Exception {
    List<String> expected = IntStream.range(0, PUSHES).mapToObj(String::valueOf).toList();
    try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(3, 0)) {
      for (int round = 0; round < ROUNDS; round++) {
        RedisAccess access = RedisAccess.of(RedisClusterClient.create(cluster.url()));
        try (RedisAccess.Session session = access.connect()) {
          session.connectMasters();
          session.connection().setAutoFlushCommands(false);
          List<RedisFuture<Long>> pushes = new ArrayList<>();
          for (int i = 0; i < PUSHES; i++) {
            for (int k = 0; k < KEYS; k++) {
              pushes.add(session.async().rpush(key(round, k), String.valueOf(i)));
            }
          }
          session.connection().flushCommands();
          for (RedisFuture<Long> push : pushes) {
            push.get(30, TimeUnit.SECONDS);
          }
          session.connection().setAutoFlushCommands(true);
          for (int k = 0; k < KEYS; k++) {
            assertThat(session.async().lrange(key(round, k), 0, -1).get(30, TimeUnit.SECONDS))
                .as("the list %s, pushed 0 to %d in order", key(round, k), PUSHES - 1)
                .isEqualTo(expected);
          }
        } finally {
          access.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
        }
      }
    }
  }

  private static String key(int round, int k) {
    return "order:" + round + ":" + k;
  }
}
