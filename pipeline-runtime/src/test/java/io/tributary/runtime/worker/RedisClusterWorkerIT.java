package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisCluster;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real worker on a real Redis Cluster of three masters on 127.0.0.1 ({@link EmbeddedRedisCluster}):
 * the keys of one record share a slot through the hash tag of their first field, the records of a
 * batch fall on every master, pub/sub is sharded ({@code SPUBLISH}), and dedupe and the replay
 * ledger keep every effect exactly once, also when every record is delivered a second time.
 */
class RedisClusterWorkerIT {
  private static EmbeddedKafkaBroker kafka;
  private static EmbeddedRedisCluster cluster;
  private static RedisClusterClient client;
  private static RedisAdvancedClusterCommands<String, String> redis;

  @BeforeAll
  static void servers() {
    kafka = SharedServers.kafka();
    cluster = EmbeddedRedisCluster.start(3, 0);
    client = RedisClusterClient.create(cluster.url());
    redis = client.connect().sync();
  }

  @AfterAll
  static void close() {
    if (client != null) {
      client.shutdown();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String clusterWorker(String p, String in, String processors) {
    String config = WorkerConfigs.topicWorker(p, kafka.bootstrapServers(), cluster.url(), in, processors, null);
    String single = "\"redis\": {\"url\": \"" + cluster.url() + "\"}";
    assertThat(config).contains(single);
    return config.replace(single, "\"redis\": {\"url\": \"" + cluster.url() + "\", \"cluster\": true}");
  }

  @Test
  void cacheLatestPublishAndStoreOnEveryMaster() throws Exception {
    String p = "cc" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 3);
    int symbols = 30;
    int rounds = 10;
    List<String> names = new ArrayList<>();
    for (int s = 0; s < symbols; s++) {
      names.add("S" + s);
    }
    // one sharded subscription per symbol, on the master that owns its channel's slot
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    List<RedisClient> subscribers = new ArrayList<>();
    Map<Integer, StatefulRedisPubSubConnection<String, String>> byPort = new HashMap<>();
    client.refreshPartitions();
    try {
      for (String symbol : names) {
        String channel = p + ":tasks:{" + symbol + "}";
        int port = client.getPartitions().getMasterBySlot(SlotHash.getSlot(channel)).getUri().getPort();
        StatefulRedisPubSubConnection<String, String> connection = byPort.computeIfAbsent(port, at -> {
          RedisClient subscriber = RedisClient.create("redis://127.0.0.1:" + at);
          subscribers.add(subscriber);
          StatefulRedisPubSubConnection<String, String> c = subscriber.connectPubSub();
          c.addListener(new RedisPubSubListener<>() {
            @Override public void message(String ch, String message) {}
            @Override public void message(String pattern, String ch, String message) {}
            @Override public void subscribed(String ch, long count) {}
            @Override public void psubscribed(String pattern, long count) {}
            @Override public void unsubscribed(String ch, long count) {}
            @Override public void punsubscribed(String pattern, long count) {}
            @Override public void smessage(String ch, String message) {
              received.computeIfAbsent(ch, k -> new AtomicInteger()).incrementAndGet();
            }
          });
          return c;
        });
        connection.sync().ssubscribe(channel);
      }
      List<String> values = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        for (String symbol : names) {
          values.add("{\"symbol\": \"" + symbol + "\", \"price\": " + r + "}");
        }
      }
      KafkaTestClient.send(kafka.bootstrapServers(), in, values);
      String processors = """
          [{"cacheLatest": {"key": "P:md:{symbol}:latest", "ttl": "5m"}},
           {"publish": {"channel": "P:tasks:{symbol}"}},
           {"store": {"key": "P:md:{symbol}:history", "maxLen": 1000}}]
          """.replace("P:", p + ":");
      try (RunningRole worker = RunningRole.start(clusterWorker(p, in, processors))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == values.size());
        for (String symbol : names) {
          assertThat(redis.get(p + ":md:{" + symbol + "}:latest")).isEqualTo("{\"symbol\":\"" + symbol + "\",\"price\":" + (rounds - 1) + "}");
          assertThat(redis.llen(p + ":md:{" + symbol + "}:history")).isEqualTo(rounds);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          assertThat(received).hasSize(symbols);
          assertThat(received.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(rounds));
        });
        assertThat(worker.metrics()).contains("redis_pubsub_messages_total");
      }
      assertKeysOnEveryMaster(p);
    } finally {
      byPort.values().forEach(StatefulRedisPubSubConnection::close);
      subscribers.forEach(RedisClient::shutdown);
    }
  }

  @Test
  void thePaymentsChainCountsEachPaymentOnceAlsoWhenDeliveredAgain() throws Exception {
    String p = "cp" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 3);
    int customers = 24;
    int payments = 600;
    Map<String, Integer> counts = new HashMap<>();
    Map<String, BigDecimal> sums = new HashMap<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < payments; i++) {
      String customer = "c" + (i % customers);
      String amount = (i % 97) + "." + String.format("%02d", i % 100);
      String payment = "{\"payment_id\": \"p" + i + "\", \"customer\": \"" + customer + "\", \"amount\": \"" + amount + "\"}";
      values.add(payment);
      if (i % 5 == 0) {
        values.add(payment); // the source sent it twice
      }
      counts.merge(customer, 1, Integer::sum);
      sums.merge(customer, new BigDecimal(amount), BigDecimal::add);
    }
    KafkaTestClient.send(kafka.bootstrapServers(), in, values);
    String processors = """
        [{"dedupe": {"key": "P:seen:{customer}:{payment_id}", "ttl": "1h"}},
         {"aggregate": {"key": "P:customer:{customer}", "count": true, "sum": ["amount"]}}]
        """.replace("P:", p + ":");
    String config = clusterWorker(p, in, processors);
    try (RunningRole first = RunningRole.start(config)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == values.size());
    }
    assertTotals(p, counts, sums);
    // every record delivered a second time, as after a crash before the commit
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetAndMetadata> earliest = new HashMap<>();
      for (int partition = 0; partition < 3; partition++) {
        earliest.put(new TopicPartition(in, partition), new OffsetAndMetadata(0));
      }
      admin.alterConsumerGroupOffsets("test." + p, earliest).all().get();
    }
    try (RunningRole second = RunningRole.start(config)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == values.size());
      assertThat(second.metrics().lines().filter(line -> line.startsWith("tributary_replayed_records_total{")))
          .as("every record of the second delivery was skipped as a replay by the per-slot ledger")
          .singleElement().satisfies(line -> assertThat(line).endsWith(" " + values.size() + ".0"));
    }
    assertTotals(p, counts, sums);
    assertKeysOnEveryMaster(p);
  }

  /**
   * Three masters with a replica each; a master holding the pipeline's keys is killed with SIGKILL
   * mid-stream. Its replica takes over, the worker follows the new topology by itself, and every
   * payment is counted exactly once: nothing whose offset was committed is lost (the worker waits
   * for a replica's {@code WAIT} before it commits), nothing is counted twice.
   */
  @Test
  void aMasterKilledMidStreamLosesNothingAcknowledged() throws Exception {
    try (EmbeddedRedisCluster replicated = EmbeddedRedisCluster.start(3, 1)) {
      String p = "cf" + UUID.randomUUID().toString().substring(0, 8);
      String in = p + "-in";
      kafka.createTopic(in, 3);
      int customers = 24;
      Map<String, Integer> counts = new HashMap<>();
      Map<String, BigDecimal> sums = new HashMap<>();
      List<String> first = new ArrayList<>();
      List<String> second = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        String customer = "c" + (i % customers);
        String amount = (i % 89) + "." + String.format("%02d", i % 100);
        (i < 1000 ? first : second).add("{\"payment_id\": \"p" + i + "\", \"customer\": \"" + customer
            + "\", \"amount\": \"" + amount + "\"}");
        counts.merge(customer, 1, Integer::sum);
        sums.merge(customer, new BigDecimal(amount), BigDecimal::add);
      }
      String processors = """
          [{"dedupe": {"key": "P:seen:{customer}:{payment_id}", "ttl": "1h"}},
           {"aggregate": {"key": "P:customer:{customer}", "count": true, "sum": ["amount"]}}]
          """.replace("P:", p + ":");
      String config = WorkerConfigs.topicWorker(p, kafka.bootstrapServers(), replicated.url(), in, processors, null)
          .replace("\"redis\": {\"url\": \"" + replicated.url() + "\"}",
              "\"redis\": {\"url\": \"" + replicated.url() + "\", \"cluster\": true}");
      assertThat(config).contains("\"cluster\": true");
      RedisClusterClient replicatedClient = RedisClusterClient.create(replicated.url());
      try (RunningRole worker = RunningRole.start(config)) {
        KafkaTestClient.send(kafka.bootstrapServers(), in, first);
        await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == first.size());
        replicatedClient.refreshPartitions();
        int victim = replicatedClient.getPartitions()
            .getMasterBySlot(SlotHash.getSlot(p + ":customer:{c0}")).getUri().getPort();
        List<Integer> mastersBefore = replicated.masterPorts();
        assertThat(mastersBefore).contains(victim).hasSize(3);
        Thread sender = new Thread(() -> KafkaTestClient.send(kafka.bootstrapServers(), in, second), "second-half");
        sender.start();
        // mid-stream: the worker is writing the second half when the master goes
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
            .until(() -> WorkerProcessorsIT.committed(p, in) > first.size());
        replicated.kill(victim);
        sender.join(60_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> replicated.masterPorts().size() == 3
            && !replicated.masterPorts().contains(victim));
        replicated.awaitOk();
        await().atMost(Duration.ofSeconds(120)).until(
            () -> WorkerProcessorsIT.committed(p, in) == first.size() + second.size());
        replicatedClient.refreshPartitions(); // the test's own client: the topology after the failover
        RedisAdvancedClusterCommands<String, String> sync = replicatedClient.connect().sync();
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
          String key = p + ":customer:{" + entry.getKey() + "}";
          assertThat(sync.hgetall(key)).as(key).isEqualTo(Map.of("count", String.valueOf(entry.getValue()),
              "sum_amount", sums.get(entry.getKey()).stripTrailingZeros().toPlainString()));
        }
      } finally {
        replicatedClient.shutdown();
      }
    }
  }

  private static void assertTotals(String p, Map<String, Integer> counts, Map<String, BigDecimal> sums) {
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      String key = p + ":customer:{" + entry.getKey() + "}";
      assertThat(redis.hgetall(key)).as(key).isEqualTo(Map.of("count", String.valueOf(entry.getValue()),
          "sum_amount", sums.get(entry.getKey()).stripTrailingZeros().toPlainString()));
    }
  }

  /** The pipeline's keys are spread over all three masters (the tag decides the slot, not one node). */
  private static void assertKeysOnEveryMaster(String p) {
    Set<Integer> holders = new HashSet<>();
    for (int port : cluster.masterPorts()) {
      String keys = cluster.command(port, "--scan", "--pattern", p + ":*");
      if (!keys.isBlank()) {
        holders.add(port);
      }
    }
    assertThat(holders).hasSize(3);
  }
}
