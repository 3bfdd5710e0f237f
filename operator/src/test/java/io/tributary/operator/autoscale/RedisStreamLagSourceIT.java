package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.tributary.runtime.embedded.EmbeddedRedisCluster;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import io.tributary.runtime.embedded.EmbeddedRedisSentinel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real redis-server: 100 entries, the group read 30 of them and acknowledged 10. */
class RedisStreamLagSourceIT {
  static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");

  /**
   * Through Redis Sentinel, with the master's password in the URL and the sentinels' own apart: the
   * same lag, and again from the promoted replica after a kill -9 of the master.
   */
  @Test
  void aSentinelUrlIsFollowedToTheMasterAndAfterItsFailover() throws Exception {
    try (EmbeddedRedisSentinel sentinel = EmbeddedRedisSentinel.start(1, 3, "master-pw", "sentinel-pw");
        RedisStreamLagSource source = new RedisStreamLagSource(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5))) {
      RedisClient client = RedisClient.create(sentinel.clientUri());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisCommands<String, String> redis = connection.sync();
        for (int i = 0; i < 50; i++) {
          redis.xadd("tasks", Map.of("n", Integer.toString(i)));
        }
        redis.xgroupCreate(XReadArgs.StreamOffset.from("tasks", "0"), "executors");
        redis.xreadgroup(Consumer.from("executors", "pod-1"), XReadArgs.Builder.count(20),
            XReadArgs.StreamOffset.lastConsumed("tasks"));
        assertThat(redis.waitForReplication(1, 5000)).as("the replica has it all").isEqualTo(1);
      } finally {
        client.shutdown();
      }
      LagTarget.RedisStream target = new LagTarget.RedisStream(sentinel.url(), "tasks", "executors", null, "sentinel-pw");

      assertThat(source.observe(target).totalLag()).isEqualTo(30 + 20);
      assertThatThrownBy(() -> source.observe(new LagTarget.RedisStream(sentinel.url(), "tasks", "executors")))
          .as("the sentinels refuse a client without their password").isInstanceOf(LagObservationException.class);

      sentinel.killMaster();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
        int now = sentinel.masterPort();
        return now > 0 && now != sentinel.firstMasterPort();
      });
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> source.observe(target).totalLag() == 50);
      assertThat(source.observe(target).endOffsetSum()).isEqualTo(50);
    }
  }

  /**
   * A Pipeline with {@code spec.redis.cluster: true}: the URL names seed nodes, and the lag of a
   * stream is read on the master of its slot, whichever master that is.
   */
  @Test
  void onARedisClusterTheStreamIsReadOnItsMaster() throws Exception {
    try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(3, 0);
        RedisStreamLagSource source = new RedisStreamLagSource(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5))) {
      RedisClusterClient client = RedisClusterClient.create(cluster.url());
      try {
        RedisAdvancedClusterCommands<String, String> redis = client.connect().sync();
        // one stream on each master
        Map<Integer, String> byMaster = new HashMap<>();
        for (int i = 0; byMaster.size() < 3; i++) {
          String name = "tasks:" + i;
          byMaster.putIfAbsent(client.getPartitions().getMasterBySlot(SlotHash.getSlot(name)).getUri().getPort(), name);
        }
        for (String stream : byMaster.values()) {
          for (int i = 0; i < 100; i++) {
            redis.xadd(stream, Map.of("n", Integer.toString(i)));
          }
          redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "executors");
          List<StreamMessage<String, String>> read = redis.xreadgroup(Consumer.from("executors", "pod-1"),
              XReadArgs.Builder.count(30), XReadArgs.StreamOffset.lastConsumed(stream));
          redis.xack(stream, "executors", read.subList(0, 10).stream().map(StreamMessage::getId).toArray(String[]::new));

          LagObservation seen = source.observe(new LagTarget.RedisStream(cluster.url(), stream, "executors", null, null, true));

          assertThat(seen.pending()).as(stream).isEqualTo(20);
          assertThat(seen.totalLag()).as(stream).isEqualTo(70 + 20);
          assertThat(seen.endOffsetSum()).as(stream).isEqualTo(100);
        }
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void lagIsUndeliveredPlusPending() throws Exception {
    try (EmbeddedRedisServer server = EmbeddedRedisServer.startOnFreePort();
        RedisStreamLagSource source = new RedisStreamLagSource(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5))) {
      RedisClient client = RedisClient.create(server.url());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisCommands<String, String> redis = connection.sync();
        for (int i = 0; i < 100; i++) {
          redis.xadd("tasks:market_data", Map.of("n", Integer.toString(i)));
        }
        redis.xgroupCreate(XReadArgs.StreamOffset.from("tasks:market_data", "0"), "executors");
        List<StreamMessage<String, String>> read = redis.xreadgroup(
            Consumer.from("executors", "pod-1"), XReadArgs.Builder.count(30),
            XReadArgs.StreamOffset.lastConsumed("tasks:market_data"));
        redis.xack("tasks:market_data", "executors", read.subList(0, 10).stream().map(StreamMessage::getId).toArray(String[]::new));

        LagObservation seen = source.observe(new LagTarget.RedisStream(server.url(), "tasks:market_data", "executors"));

        assertThat(seen.at()).isEqualTo(NOW);
        assertThat(seen.pending()).isEqualTo(20);
        assertThat(seen.totalLag()).isEqualTo(70 + 20);
        assertThat(seen.endOffsetSum()).isEqualTo(100);
        assertThat(seen.committedOffsetSum()).isEqualTo(10);
        assertThat(seen.partitionCount()).isNull();

        LagObservation noGroupYet = source.observe(new LagTarget.RedisStream(server.url(), "tasks:market_data", "newcomers"));
        assertThat(noGroupYet.totalLag()).isEqualTo(100);
        LagObservation noStream = source.observe(new LagTarget.RedisStream(server.url(), "tasks:none", "executors"));
        assertThat(noStream.totalLag()).isZero();
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void redisDownIsAClearError() {
    EmbeddedRedisServer server = EmbeddedRedisServer.startOnFreePort();
    String url = server.url();
    server.close();
    try (RedisStreamLagSource source = new RedisStreamLagSource(Clock.systemUTC(), Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> source.observe(new LagTarget.RedisStream(url, "tasks", "executors")))
          .isInstanceOf(LagObservationException.class)
          .hasMessageStartingWith("Redis stream tasks, group executors: ");
    }
  }

}
