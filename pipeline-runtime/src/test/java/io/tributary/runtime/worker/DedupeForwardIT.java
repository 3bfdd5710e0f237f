package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dedupe before a forward, with records of the same dedupe key in one batch, through the real
 * {@link BatchProcessor} and a real redis-server. The producer is a fake whose sends to one topic
 * fail a given number of times, so that a failure hits exactly the record it is meant to.
 */
class DedupeForwardIT {
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
  void aRetriedForwardIsNotTakenForADuplicateOfTheSameKeyLaterInTheBatch() throws Exception {
    String p = "df" + UUID.randomUUID().toString().substring(0, 8);
    // the first send to the topic times out, as with a broker that is briefly away (an outage)
    FlakyProducer producer = new FlakyProducer(p + "-out", 1, () -> new TimeoutException("broker away"));
    String processors = "[{\"dedupe\": {\"key\": \"P:seen:{id}\", \"ttl\": \"1h\"}}, {\"forward\": {\"topic\": \"P-out\"}}]"
        .replace("P", p);

    List<BatchProcessor.Item> items = run(p, processors, producer, ErrorPolicyConfig.defaults(),
        "{\"id\":1,\"n\":\"first\"}", "{\"id\":1,\"n\":\"second\"}");

    assertThat(items).allMatch(item -> item.done && !item.deadLetter);
    assertThat(producer.sentTo(p + "-out")).as("exactly one of the two is forwarded: the first, once it went through")
        .containsExactly("{\"id\":1,\"n\":\"first\"}");
    assertThat(redis.exists(p + ":seen:1")).isEqualTo(1);
  }

  @Test
  void aForwardThatNeverSucceedsLeavesTheKeyToTheNextRecordWithIt() throws Exception {
    String p = "dn" + UUID.randomUUID().toString().substring(0, 8);
    // the first record cannot be forwarded at all (a record error): it is dead-lettered, the second goes
    FlakyProducer producer = new FlakyProducer(p + "-out", 2, () -> new RecordTooLargeException("too large"));
    String processors = "[{\"dedupe\": {\"key\": \"P:seen:{id}\", \"ttl\": \"1h\"}}, {\"forward\": {\"topic\": \"P-out\"}}]"
        .replace("P", p);
    ErrorPolicyConfig policy = new ErrorPolicyConfig(2, new ErrorPolicyConfig.Backoff("10ms", 1.0, "10ms"), true);

    List<BatchProcessor.Item> items = run(p, processors, producer, policy,
        "{\"id\":1,\"n\":\"first\"}", "{\"id\":1,\"n\":\"second\"}");

    assertThat(items.get(0).deadLetter).isTrue();
    assertThat(items.get(1).done && !items.get(1).deadLetter).isTrue();
    assertThat(producer.sentTo(p + ".dlq")).containsExactly("{\"id\":1,\"n\":\"first\"}");
    assertThat(producer.sentTo(p + "-out")).containsExactly("{\"id\":1,\"n\":\"second\"}");
  }

  @Test
  void aRecordStoppedByAnEarlierDedupeDoesNotHoldTheKeysAfterIt() throws Exception {
    String p = "dm" + UUID.randomUUID().toString().substring(0, 8);
    FlakyProducer producer = new FlakyProducer(p + "-out", 0, null);
    String processors = ("[{\"dedupe\": {\"key\": \"P:a:{x}\"}}, {\"dedupe\": {\"key\": \"P:b:{y}\"}},"
        + " {\"forward\": {\"topic\": \"P-out\"}}]").replace("P", p);
    redis.set(p + ":a:1", "1");

    // the first stops at its first dedupe (a:1 was seen) and never sets b:1; the second is new on both
    run(p, processors, producer, ErrorPolicyConfig.defaults(), "{\"x\":1,\"y\":1}", "{\"x\":2,\"y\":1}");

    assertThat(producer.sentTo(p + "-out")).containsExactly("{\"x\":2,\"y\":1}");
    assertThat(redis.exists(p + ":a:2", p + ":b:1")).isEqualTo(2);
  }

  @Test
  void aRecordWaitingBehindAFailureHoldsBackOnlyTheKeysItClaimed() throws Exception {
    String p = "dc" + UUID.randomUUID().toString().substring(0, 8);
    FlakyProducer producer = new FlakyProducer(p + "-out", 1, () -> new TimeoutException("broker away"));
    String processors = ("[{\"dedupe\": {\"key\": \"P:a:{x}\"}}, {\"dedupe\": {\"key\": \"P:b:{y}\"}},"
        + " {\"forward\": {\"topic\": \"P-out\"}}]").replace("P", p);

    // the first fails; the second waits for it (same a:1); the third shares only b:2 with the
    // second, which the second does not claim while a:1 is taken: the third goes at once, once
    run(p, processors, producer, ErrorPolicyConfig.defaults(),
        "{\"x\":1,\"y\":9}", "{\"x\":1,\"y\":2}", "{\"x\":3,\"y\":2}");

    assertThat(producer.sentTo(p + "-out")).containsExactly("{\"x\":3,\"y\":2}", "{\"x\":1,\"y\":9}");
  }

  /** One batch of {@code values} through the chain (dead letters to {@code <p>.dlq}); the items once done. */
  private static List<BatchProcessor.Item> run(String p, String processors, FlakyProducer producer,
      ErrorPolicyConfig policy, String... values) throws Exception {
    ProcessorChain chain = ProcessorChain.compile(
        List.of(RuntimeConfigs.mapper().readValue(processors, ProcessorConfig[].class)), Map.of());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      Duration timeout = Duration.ofSeconds(10);
      BatchProcessor processor = new BatchProcessor(chain, new BatchExecutor(connection, producer, timeout,
          ReplayGuard.kafka(p + "-" + UUID.randomUUID())),
          new DeadLetterPublisher(producer, p + ".dlq", "test"), policy,
          new WorkerMetrics(new SimpleMeterRegistry(), "in"), new Lifecycle(), timeout);
      List<BatchProcessor.Item> items = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        items.add(new BatchProcessor.Item(new InboundRecord("in", 0, String.valueOf(i), i, null,
            values[i].getBytes(StandardCharsets.UTF_8), List.of(), System.currentTimeMillis(), "cid-" + i)));
      }
      assertThat(processor.process(items, new SleepingWaiter())).isTrue();
      return items;
    }
  }

  /** Sends to {@code topic} fail {@code failures} times with the given error, then succeed. */
  private static final class FlakyProducer extends MockProducer<byte[], byte[]> {
    private final String topic;
    private final Supplier<RuntimeException> error;
    private final Map<String, Integer> sends = new HashMap<>();
    private int failures;

    FlakyProducer(String topic, int failures, Supplier<RuntimeException> error) {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
      this.topic = topic;
      this.failures = failures;
      this.error = error;
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
      sends.merge(record.topic(), 1, Integer::sum);
      if (record.topic().equals(topic) && failures > 0) {
        failures--;
        return CompletableFuture.failedFuture(error.get());
      }
      return super.send(record);
    }

    /** The values acknowledged for {@code topic}, in order. */
    synchronized List<String> sentTo(String topic) {
      return history().stream().filter(r -> r.topic().equals(topic))
          .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }
  }

  private static final class SleepingWaiter implements BatchProcessor.Waiter {
    @Override
    public void pauseFor(Duration duration) {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void resume() {}
  }
}
