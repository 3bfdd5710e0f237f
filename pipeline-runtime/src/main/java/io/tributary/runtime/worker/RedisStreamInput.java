package io.tributary.runtime.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.tributary.runtime.ops.Lifecycle;
import io.tributary.runtime.ops.RedisAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Redis stream in a consumer group ({@code XREADGROUP}) and acknowledges entries
 * ({@code XACK}) only after the {@link BatchProcessor} is done with them. At start it first
 * re-reads its own pending entries; every half {@code claimIdleTimeout} it takes over entries that
 * other (dead) consumers left pending longer than {@code claimIdleTimeout} ({@code XAUTOCLAIM}).
 *
 * <p>Over either kind of Redis ({@link RedisAccess}): on a Redis Cluster every command here names
 * the stream first, so the cluster connection sends it to the master of the stream's slot. On one
 * server the record's script acknowledges the entry itself; on a cluster it cannot (the stream is
 * in another slot) and the {@code XACK} here, after every script of the batch is done, is the one
 * that counts ({@link ReplayGuard}: the scripts mark the entries in per-slot applied sets, so an
 * entry delivered again before this {@code XACK} is not applied twice).
 *
 * <p>An entry's record is its {@code data} field (the JSON written by the {@code enqueue}
 * processor); an entry without {@code data} becomes the JSON object of its fields.
 */
final class RedisStreamInput implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisStreamInput.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedisAccess.Session connection;
  private final RedisClusterCommands<String, String> redis;
  private final String stream;
  private final String group;
  private final Consumer<String> consumer;
  private final Duration claimIdle;
  private final int batchSize;
  private final Lifecycle lifecycle;
  private final WorkerMetrics metrics;

  RedisStreamInput(RedisAccess client, String stream, String group, String consumerName, Duration claimIdle,
      int batchSize, Lifecycle lifecycle, WorkerMetrics metrics) {
    this.connection = client.connect();
    this.redis = connection.sync();
    this.stream = stream;
    this.group = group;
    this.consumer = Consumer.from(group, consumerName);
    this.claimIdle = claimIdle;
    this.batchSize = batchSize;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
  }

  void run(BatchProcessor processor) {
    BatchProcessor.Waiter waiter = new SleepingWaiter();
    boolean groupReady = false;
    boolean ownPendingDone = false;
    long nextClaim = 0;
    int outages = 0;
    while (!lifecycle.isStopping()) {
      try {
        if (!groupReady) {
          createGroup();
          groupReady = true;
        }
        List<StreamMessage<String, String>> messages;
        if (System.currentTimeMillis() >= nextClaim) {
          messages = redis.xautoclaim(stream, XAutoClaimArgs.Builder.xautoclaim(consumer, claimIdle, "0-0")
              .count(batchSize)).getMessages();
          nextClaim = System.currentTimeMillis() + Math.max(1000, claimIdle.toMillis() / 2);
          if (!messages.isEmpty()) {
            LOG.info("claimed {} entries of {} left pending by other consumers", messages.size(), stream);
          }
        } else if (!ownPendingDone) {
          messages = redis.xreadgroup(consumer, XReadArgs.Builder.count(batchSize),
              XReadArgs.StreamOffset.from(stream, "0"));
          ownPendingDone = messages.isEmpty();
        } else {
          messages = redis.xreadgroup(consumer, XReadArgs.Builder.count(batchSize).block(1000),
              XReadArgs.StreamOffset.lastConsumed(stream));
        }
        outages = 0;
        if (messages == null || messages.isEmpty()) {
          continue;
        }
        if (!handle(messages, processor, waiter)) {
          break;
        }
      } catch (RuntimeException e) {
        outages++;
        groupReady = false; // a restarted Redis without persistence lost the group too
        LOG.warn("Redis unavailable while reading {} (try {}): {}", stream, outages, e.toString());
        lifecycle.sleep(Duration.ofMillis(Math.min(5000, 200L << Math.min(5, outages - 1))));
      }
    }
  }

  private boolean handle(List<StreamMessage<String, String>> messages, BatchProcessor processor,
      BatchProcessor.Waiter waiter) {
    long started = System.nanoTime();
    List<BatchProcessor.Item> items = new ArrayList<>(messages.size());
    for (StreamMessage<String, String> message : messages) {
      metrics.taskStarted();
      items.add(new BatchProcessor.Item(toRecord(message)));
    }
    if (!processor.process(items, waiter)) {
      return false;
    }
    String[] ids = messages.stream().map(StreamMessage::getId).toArray(String[]::new);
    acknowledge(ids);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    for (BatchProcessor.Item item : items) {
      metrics.taskFinished(!item.deadLetter, took);
    }
    return true;
  }

  private void acknowledge(String[] ids) {
    int failures = 0;
    while (true) {
      try {
        redis.xack(stream, group, ids);
        return;
      } catch (RuntimeException e) {
        failures++;
        LOG.warn("XACK failed (try {}), retrying: {}", failures, e.toString());
        if (lifecycle.isStopping() && failures >= 3) {
          return; // left pending: reclaimed and processed again later
        }
        lifecycle.sleep(Duration.ofMillis(Math.min(5000, 200L << Math.min(5, failures - 1))));
      }
    }
  }

  private void createGroup() {
    try {
      redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
      LOG.info("created consumer group {} on stream {}", group, stream);
    } catch (RedisBusyException alreadyThere) {
      // BUSYGROUP: the group exists
    }
  }

  private InboundRecord toRecord(StreamMessage<String, String> message) {
    // a claimed entry trimmed away meanwhile (MAXLEN) has no body: an empty record, dead-lettered
    Map<String, String> body = message.getBody() == null ? Map.of() : message.getBody();
    String data = body.get("data");
    byte[] value;
    if (data != null) {
      value = data.getBytes(StandardCharsets.UTF_8);
    } else {
      ObjectNode object = JSON.createObjectNode();
      body.forEach(object::put);
      value = ProcessorChain.json(object).getBytes(StandardCharsets.UTF_8);
    }
    String correlationId = body.get("correlation_id");
    List<Header> headers = correlationId == null ? List.of()
        : List.of(new RecordHeader(InboundRecord.CORRELATION_HEADER, correlationId.getBytes(StandardCharsets.UTF_8)));
    String id = message.getId();
    long timestamp = Long.parseLong(id.substring(0, id.indexOf('-')));
    return new InboundRecord(stream, -1, id, -1, null, value, headers, timestamp, correlationId);
  }

  @Override
  public void close() {
    connection.close();
  }

  /** No group membership to keep alive: just sleep, waking early on stop. */
  private final class SleepingWaiter implements BatchProcessor.Waiter {
    @Override
    public void pauseFor(Duration duration) {
      lifecycle.sleep(duration);
    }

    @Override
    public void resume() {}
  }
}
