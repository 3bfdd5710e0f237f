package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.runtime.config.ErrorPolicyConfig;
import io.tributary.runtime.config.KeyPrefix;
import io.tributary.runtime.config.ProcessorConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import io.tributary.runtime.embedded.EmbeddedRedisCluster;
import io.tributary.runtime.ops.Lifecycle;
import io.tributary.runtime.ops.RedisAccess;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Worker reading a Redis stream on a real Redis Cluster of three masters
 * ({@link EmbeddedRedisCluster}): the stream is in one slot, the records' keys in many others, so
 * the entries are marked in per-slot applied sets by their scripts and acknowledged after them
 * ({@link ReplayGuard}). Every entry is applied once, also when it is delivered again before its
 * {@code XACK}, and the applied sets keep no marks below the group's smallest pending id.
 */
class RedisClusterStreamIT {
  private static final String GROUP = "g";
  private static EmbeddedRedisCluster cluster;
  private static RedisClusterClient client;
  private static RedisAdvancedClusterCommands<String, String> redis;

  @BeforeAll
  static void servers() {
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

  private static String processors(String p) {
    return """
        [{"aggregate": {"key": "P:totals:{customer}", "count": true, "sum": ["amount"]}},
         {"store": {"key": "P:history:{customer}", "maxLen": 1000}},
         {"cacheLatest": {"key": "P:latest:{customer}"}}]
        """.replace("P:", p + ":");
  }

  private static List<String> entries(String stream, int count, int customers) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(redis.xadd(stream, Map.of("data",
          "{\"customer\": \"c" + (i % customers) + "\", \"n\": " + i + ", \"amount\": 1.5}")));
    }
    return ids;
  }

  @Test
  void aStreamWorkerOnAClusterAppliesEveryEntryOnce() throws Exception {
    String p = "cs" + UUID.randomUUID().toString().substring(0, 8);
    String stream = p + ":in";
    int customers = 30;
    int perCustomer = 20;
    entries(stream, customers * perCustomer, customers);
    String config = WorkerConfigs.worker(p, SharedServers.kafka().bootstrapServers(), cluster.url(),
        "{\"redisStream\": {\"stream\": \"" + stream + "\", \"group\": \"" + GROUP + "\"}}", processors(p), null)
        .replace("\"redis\": {\"url\": \"" + cluster.url() + "\"}",
            "\"redis\": {\"url\": \"" + cluster.url() + "\", \"cluster\": true}");
    assertThat(config).contains("\"cluster\": true");
    try (RunningRole worker = RunningRole.start(config)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> groupDone(p, stream, customers, customers * perCustomer));
    }
    Set<Integer> masters = new HashSet<>();
    for (int c = 0; c < customers; c++) {
      String totals = p + ":totals:{c" + c + "}";
      assertThat(redis.hgetall(totals)).isEqualTo(Map.of("count", String.valueOf(perCustomer),
          "sum_amount", String.valueOf(perCustomer * 3 / 2)));
      assertThat(redis.llen(p + ":history:{c" + c + "}")).isEqualTo(perCustomer);
      assertThat(redis.get(p + ":latest:{c" + c + "}")).contains("\"n\":" + ((perCustomer - 1) * customers + c));
      masters.add(client.getPartitions().getMasterBySlot(SlotHash.getSlot(totals)).getUri().getPort());
    }
    assertThat(masters).as("the records' keys fall on every master").hasSize(3);
  }

  /**
   * Every entry counted and acknowledged: an entry counted twice would keep the total above the
   * entries and the wait would time out.
   */
  private static boolean groupDone(String p, String stream, int customers, int entries) {
    long counted = 0;
    for (int c = 0; c < customers; c++) {
      String count = redis.hget(p + ":totals:{c" + c + "}", "count");
      counted += count == null ? 0 : Long.parseLong(count);
    }
    return counted == entries && redis.xpending(stream, GROUP).getCount() == 0;
  }

  /**
   * A consumer runs the scripts of its batch and dies before its {@code XACK}; a second consumer
   * takes the entries over ({@code XAUTOCLAIM}) and processes them again: nothing is applied twice.
   */
  @Test
  void entriesRedeliveredBeforeTheirAckAreNotAppliedTwice() throws Exception {
    String p = "cr" + UUID.randomUUID().toString().substring(0, 8);
    String stream = p + ":in";
    redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
    int customers = 12;
    int count = 120;
    entries(stream, count, customers);
    List<StreamMessage<String, String>> crashed = redis.xreadgroup(Consumer.from(GROUP, "crashed"),
        XReadArgs.Builder.count(count), XReadArgs.StreamOffset.lastConsumed(stream));
    assertThat(crashed).hasSize(count);
    process(p, stream, crashed); // its scripts ran; the process died before the XACK

    List<StreamMessage<String, String>> claimed = redis.xautoclaim(stream,
        XAutoClaimArgs.Builder.xautoclaim(Consumer.from(GROUP, "heir"), Duration.ZERO, "0-0").count(count))
        .getMessages();
    assertThat(claimed).hasSize(count);
    process(p, stream, claimed);
    redis.xack(stream, GROUP, claimed.stream().map(StreamMessage::getId).toArray(String[]::new));

    int perCustomer = count / customers;
    for (int c = 0; c < customers; c++) {
      assertThat(redis.hgetall(p + ":totals:{c" + c + "}")).isEqualTo(Map.of("count", String.valueOf(perCustomer),
          "sum_amount", String.valueOf(perCustomer * 3 / 2)));
      assertThat(redis.llen(p + ":history:{c" + c + "}")).isEqualTo(perCustomer);
    }
    assertThat(redis.xpending(stream, GROUP).getCount()).isZero();
  }

  /**
   * After a batch is acknowledged, the next batch's scripts remove its marks: the applied sets
   * hold only ids at or above the group's smallest pending id.
   */
  @Test
  void theAppliedSetsKeepNoMarksBelowTheSmallestPendingId() throws Exception {
    String p = "ct" + UUID.randomUUID().toString().substring(0, 8);
    String stream = p + ":in";
    redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
    int customers = 6;
    List<String> first = entries(stream, 30, customers);
    Consumer<String> consumer = Consumer.from(GROUP, "one");
    List<StreamMessage<String, String>> batch1 = redis.xreadgroup(consumer, XReadArgs.Builder.count(30),
        XReadArgs.StreamOffset.lastConsumed(stream));
    process(p, stream, batch1);
    assertThat(marks(p, stream)).as("the first batch is marked").containsExactlyInAnyOrderElementsOf(padded(first));
    redis.xack(stream, GROUP, first.toArray(String[]::new));

    // the same customers, so every slot of the first batch is touched again
    List<String> second = entries(stream, 30, customers);
    List<StreamMessage<String, String>> batch2 = redis.xreadgroup(consumer, XReadArgs.Builder.count(30),
        XReadArgs.StreamOffset.lastConsumed(stream));
    process(p, stream, batch2);
    assertThat(marks(p, stream)).as("marks below the floor (the second batch's first id) are gone")
        .containsExactlyInAnyOrderElementsOf(padded(second));
    redis.xack(stream, GROUP, second.toArray(String[]::new));
    for (int c = 0; c < customers; c++) {
      assertThat(redis.hget(p + ":totals:{c" + c + "}", "count")).isEqualTo("10");
    }
  }

  private static List<String> padded(List<String> ids) {
    return ids.stream().map(ReplayGuard::paddedId).toList();
  }

  /** Every member of the group's applied sets of the stream, on every master. */
  private static List<String> marks(String p, String stream) {
    List<String> members = new ArrayList<>();
    for (int port : cluster.masterPorts()) {
      String keys = cluster.command(port, "--scan", "--pattern", "tributary:applied:*:" + GROUP + ":" + stream);
      for (String key : keys.strip().split("\\s+")) {
        if (!key.isBlank()) {
          assertThat(redis.zrange(key, 0, -1)).isNotEmpty();
          members.addAll(redis.zrange(key, 0, -1));
        }
      }
    }
    return members;
  }

  /** One consumer's batch through the chain, as the worker runs it for stream input on a cluster. */
  private static void process(String p, String stream, List<StreamMessage<String, String>> messages)
      throws Exception {
    ProcessorChain chain = ProcessorChain.compile(
        List.of(RuntimeConfigs.mapper().readValue(processors(p), ProcessorConfig[].class)),
        Map.of(), io.tributary.runtime.config.RecordTemplate.DEFAULT_MAX_VALUE_BYTES, KeyPrefix.NONE, true);
    Duration timeout = Duration.ofSeconds(10);
    RedisAccess access = RedisAccess.of(RedisClusterClient.create(cluster.url()));
    try (RedisAccess.Session session = access.connect();
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
            WorkerRole.producerProperties(Map.of("bootstrap.servers", SharedServers.kafka().bootstrapServers())),
            new ByteArraySerializer(), new ByteArraySerializer())) {
      BatchProcessor processor = new BatchProcessor(chain,
          new BatchExecutor(session, producer, timeout, ReplayGuard.streamOnCluster(GROUP, stream, KeyPrefix.NONE)),
          new DeadLetterPublisher(producer, "unused.dlq", "test"), ErrorPolicyConfig.defaults(),
          new WorkerMetrics(new SimpleMeterRegistry(), "in"), new Lifecycle(), timeout);
      List<BatchProcessor.Item> items = new ArrayList<>();
      for (StreamMessage<String, String> message : messages) {
        String id = message.getId();
        items.add(new BatchProcessor.Item(new InboundRecord(stream, -1, id, -1, null,
            message.getBody().get("data").getBytes(StandardCharsets.UTF_8), List.of(),
            Long.parseLong(id.substring(0, id.indexOf('-'))), null)));
      }
      assertThat(processor.process(items, new BatchProcessor.Waiter() {
        @Override
        public void pauseFor(Duration duration) {}

        @Override
        public void resume() {}
      })).isTrue();
      for (BatchProcessor.Item item : items) {
        assertThat(item.deadLetter).as("record %s dead-lettered: %s", item.inbound.position(), item.lastError).isFalse();
      }
    } finally {
      access.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
