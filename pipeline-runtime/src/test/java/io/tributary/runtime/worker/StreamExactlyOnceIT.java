package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.runtime.config.ErrorPolicyConfig;
import io.tributary.runtime.config.ProcessorConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import io.tributary.runtime.ops.Lifecycle;
import io.tributary.runtime.testing.SharedServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Redis-stream entry delivered to two consumers of one group — the first paused longer than
 * {@code claimIdleTimeout}, a second claimed its entries ({@code XAUTOCLAIM} does this), then both
 * go on — changes Redis once.
 */
class StreamExactlyOnceIT {
  private static RedisClient client;
  private static RedisCommands<String, String> redis;

  @BeforeAll
  static void servers() {
    client = RedisClient.create(SharedServers.redis().url());
    redis = client.connect().sync();
  }

  @AfterAll
  static void close() {
    client.shutdown();
  }

  @Test
  void anEntryClaimedByASecondConsumerIsAppliedOnce() throws Exception {
    String p = "se" + UUID.randomUUID().toString().substring(0, 8);
    String stream = p + ":in";
    String group = "executors";
    redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
    int entries = 50;
    for (int i = 0; i < entries; i++) {
      redis.xadd(stream, Map.of("data", "{\"id\":" + i + ",\"amount\":0.1}"));
    }
    List<StreamMessage<String, String>> first = redis.xreadgroup(Consumer.from(group, "paused"),
        XReadArgs.Builder.count(entries), XReadArgs.StreamOffset.lastConsumed(stream));
    List<StreamMessage<String, String>> claimed = redis.xclaim(stream, Consumer.from(group, "claimer"),
        XClaimArgs.Builder.minIdleTime(0), first.stream().map(StreamMessage::getId).toArray(String[]::new));
    assertThat(claimed).hasSize(entries);
    String processors = """
        [{"aggregate": {"key": "P:total", "count": true, "sum": ["amount"]}},
         {"store": {"key": "P:history", "maxLen": 1000}},
         {"enqueue": {"stream": "P:out", "maxLen": 1000}}]
        """.replace("P:", p + ":");

    process(processors, group, claimed);
    process(processors, group, first); // the paused consumer wakes up and finishes its copy

    assertThat(redis.hgetall(p + ":total")).isEqualTo(Map.of("count", "50", "sum_amount", "5"));
    assertThat(redis.llen(p + ":history")).isEqualTo(entries);
    assertThat(redis.xlen(p + ":out")).isEqualTo(entries);
    assertThat(redis.xpending(stream, group).getCount()).as("acknowledged with the writes").isZero();
  }

  /** One consumer's batch through the chain, as the worker runs it for stream input. */
  private static void process(String processors, String group, List<StreamMessage<String, String>> messages)
      throws Exception {
    ProcessorChain chain = ProcessorChain.compile(
        List.of(RuntimeConfigs.mapper().readValue(processors, ProcessorConfig[].class)), Map.of());
    Duration timeout = Duration.ofSeconds(10);
    try (StatefulRedisConnection<String, String> connection = client.connect();
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
            WorkerRole.producerProperties(Map.of("bootstrap.servers", SharedServers.kafka().bootstrapServers())),
            new ByteArraySerializer(), new ByteArraySerializer())) {
      BatchProcessor processor = new BatchProcessor(chain,
          new BatchExecutor(connection, producer, timeout, ReplayGuard.stream(group)),
          new DeadLetterPublisher(producer, "unused.dlq", "test"), ErrorPolicyConfig.defaults(),
          new WorkerMetrics(new SimpleMeterRegistry(), "in"), new Lifecycle(), timeout);
      List<BatchProcessor.Item> items = new ArrayList<>();
      for (StreamMessage<String, String> message : messages) {
        String id = message.getId();
        items.add(new BatchProcessor.Item(new InboundRecord(message.getStream(), -1, id, -1, null,
            message.getBody().get("data").getBytes(StandardCharsets.UTF_8), List.of(),
            Long.parseLong(id.substring(0, id.indexOf('-'))), null)));
      }
      assertThat(processor.process(items, new BatchProcessor.Waiter() {
        @Override
        public void pauseFor(Duration duration) {}

        @Override
        public void resume() {}
      })).isTrue();
    }
  }
}
