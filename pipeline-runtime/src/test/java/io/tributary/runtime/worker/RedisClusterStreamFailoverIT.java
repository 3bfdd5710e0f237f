package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.tributary.runtime.embedded.EmbeddedRedisCluster;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Worker reading a Redis stream on a Redis Cluster of three masters with a replica each, and the
 * master that holds the stream (its consumer group, its pending entries, and some of the records'
 * keys) killed with SIGKILL mid-stream. Its replica takes over; the worker follows the new
 * topology by itself and every entry the writer had replicated ({@code WAIT 1}) is counted exactly
 * once: an entry acknowledged on the old master whose {@code XACK} the replica missed is delivered
 * again and recognised by its mark (written and replicated before the {@code XACK}), an entry whose
 * effects were lost with the master was not acknowledged and is applied again, once.
 */
class RedisClusterStreamFailoverIT {
  private static final String GROUP = "g";

  @Test
  void theStreamsMasterKilledMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
    try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(3, 1)) {
      String p = "sf" + UUID.randomUUID().toString().substring(0, 8);
      String stream = p + ":in";
      int customers = 25;
      int entries = 20_000;
      RedisClusterClient client = RedisClusterClient.create(cluster.url());
      try {
        var connection = client.connect();
        RedisAdvancedClusterCommands<String, String> redis = connection.sync();
        List<io.lettuce.core.RedisFuture<String>> added = new java.util.ArrayList<>();
        for (int i = 0; i < entries; i++) {
          added.add(connection.async().xadd(stream, Map.of("data", "{\"customer\": \"c" + (i % customers)
              + "\", \"n\": " + i + ", \"amount\": 1.5}")));
        }
        for (var future : added) {
          future.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        int victim = client.getPartitions().getMasterBySlot(SlotHash.getSlot(stream)).getUri().getPort();
        // what the writer may call acknowledged: on the stream's master and its replica
        assertThat(cluster.command(victim, "WAIT", "1", "10000").trim()).isEqualTo("1");
        String processors = """
            [{"aggregate": {"key": "P:totals:{customer}", "count": true, "sum": ["amount"]}}]
            """.replace("P:", p + ":");
        String config = WorkerConfigs.worker(p, SharedServers.kafka().bootstrapServers(), cluster.url(),
            "{\"redisStream\": {\"stream\": \"" + stream + "\", \"group\": \"" + GROUP + "\"}}", processors, null)
            .replace("\"redis\": {\"url\": \"" + cluster.url() + "\"}",
                "\"redis\": {\"url\": \"" + cluster.url() + "\", \"cluster\": true}");
        assertThat(config).contains("\"cluster\": true");
        try (RunningRole worker = RunningRole.start(config)) {
          // mid-stream: some entries counted, most not yet
          await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
              .until(() -> counted(redis, p, customers) >= 500);
          long beforeTheKill = counted(redis, p, customers);
          cluster.kill(victim);
          assertThat(beforeTheKill).as("counted just before the master was killed").isLessThan(entries);
          await("the replica took over").atMost(Duration.ofSeconds(60))
              .until(() -> cluster.masterPorts().size() == 3 && !cluster.masterPorts().contains(victim));
          cluster.awaitOk();
          client.refreshPartitions();
          await("every entry counted and acknowledged").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
              .ignoreExceptions()
              .until(() -> counted(redis, p, customers) >= entries && redis.xpending(stream, GROUP).getCount() == 0);
        }
        int perCustomer = entries / customers;
        for (int c = 0; c < customers; c++) {
          String totals = p + ":totals:{c" + c + "}";
          assertThat(redis.hgetall(totals)).as(totals).isEqualTo(Map.of("count", String.valueOf(perCustomer),
              "sum_amount", String.valueOf(perCustomer * 3 / 2)));
        }
        assertThat(redis.xlen(stream)).as("the stream survived on the replica").isEqualTo(entries);
        List<Integer> masters = cluster.masterPorts();
        assertThat(masters).hasSize(3).doesNotContain(victim);
      } finally {
        client.shutdown();
      }
    }
  }

  private static long counted(RedisAdvancedClusterCommands<String, String> redis, String p, int customers) {
    long counted = 0;
    for (int c = 0; c < customers; c++) {
      String count = redis.hget(p + ":totals:{c" + c + "}", "count");
      counted += count == null ? 0 : Long.parseLong(count);
    }
    return counted;
  }
}
