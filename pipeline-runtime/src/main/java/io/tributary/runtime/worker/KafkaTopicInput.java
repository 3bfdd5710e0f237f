package io.tributary.runtime.worker;

import io.tributary.runtime.ops.Lifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Kafka topic in a consumer group (cooperative-sticky assignment, auto-commit off) and
 * hands each poll to the {@link BatchProcessor}; commits the batch's offsets only after it
 * returns done. While records are retried the partitions are paused but the consumer keeps
 * polling, so the group does not evict it.
 *
 * <p>A partition revoked while a batch waits (a rebalance during retries or an outage): what of
 * it is done — the records up to its first unfinished one — is committed before the revocation
 * returns, and its unfinished records are dropped from the batch, not applied: the new owner
 * starts right after the commit. Records both owners get (a commit that failed, a zombie) are
 * applied once all the same, by the {@link ReplayGuard} watermark.
 */
final class KafkaTopicInput implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopicInput.class);
  private static final Duration POLL = Duration.ofMillis(250);
  /**
   * Without a heartbeat for this long (five of the default 3 s intervals) the group coordinator is
   * taken as unreachable: readiness turns false until heartbeats come back.
   */
  static final double HEARTBEAT_SILENCE_SECONDS = 15;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Lifecycle lifecycle;
  private final Runnable onRebalance;
  private volatile boolean joined;
  private volatile boolean heartbeating = true;
  private volatile org.apache.kafka.common.Metric heartbeatMetric;
  private volatile long joinedAtNanos;
  private boolean paused;
  /** The batch being processed, for the revocation callback (which runs inside poll). */
  private List<BatchProcessor.Item> inFlight = List.of();
  /** Partitions revoked while {@link #inFlight} was being processed. */
  private final Set<TopicPartition> revokedInFlight = new HashSet<>();
  /** The offset last committed (or found committed) per owned partition; polling thread only. */
  private final Map<TopicPartition, Long> committedOffsets = new HashMap<>();
  /** Owned partitions whose last batch left a record unfinished: their position is not committed. */
  private final Set<TopicPartition> unfinished = new HashSet<>();

  /**
   * @param onRebalance called once per partition assignment this consumer receives, so that
   *     frequent rebalances (which stall consumption) show up in metrics
   */
  KafkaTopicInput(Map<String, Object> kafkaProperties, String topic, String group, int maxPollRecords,
      Lifecycle lifecycle, Runnable onRebalance) {
    Map<String, Object> props = new HashMap<>(kafkaProperties);
    props.put("group.id", group);
    props.put("enable.auto.commit", "false");
    props.putIfAbsent("auto.offset.reset", "earliest");
    // records of aborted transactions are never processed: the operator's redrive (spec.redrive)
    // publishes transactionally, and a redrive resumed after a crash aborts the batch it left open
    props.putIfAbsent("isolation.level", "read_committed");
    props.put("partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
    props.putIfAbsent("max.poll.records", String.valueOf(maxPollRecords));
    this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.lifecycle = lifecycle;
    this.onRebalance = onRebalance;
  }

  /**
   * Readiness: the consumer joined its group (so the broker answered) and its heartbeats still
   * reach the coordinator. After a Kafka outage the pod turns not ready, and ready again when the
   * consumer is back in its group. Called from the readiness probe's thread: it reads only the
   * heartbeat metric (a metric is safe to read from any thread; the consumer itself is not).
   */
  boolean joined() {
    if (!joined) {
      return false;
    }
    org.apache.kafka.common.Metric metric = heartbeatMetric;
    if (metric == null || !(metric.metricValue() instanceof Number secondsAgo)) {
      return true;
    }
    // -1: no heartbeat sent yet (the first one goes out a heartbeat interval after joining)
    double silence = secondsAgo.doubleValue() >= 0 ? secondsAgo.doubleValue()
        : (System.nanoTime() - joinedAtNanos) / 1e9;
    boolean fresh = silence < HEARTBEAT_SILENCE_SECONDS;
    if (fresh != heartbeating) {
      heartbeating = fresh;
      if (fresh) {
        LOG.info("heartbeats reach the group coordinator again");
      } else {
        LOG.warn("no heartbeat for {} s: Kafka's group coordinator is unreachable, not ready", Math.round(silence));
      }
    }
    return fresh;
  }

  /** Finds the consumer's {@code last-heartbeat-seconds-ago} once; from the polling thread only. */
  private void findHeartbeatMetric() {
    if (heartbeatMetric != null || !joined) {
      return;
    }
    for (var metric : consumer.metrics().entrySet()) {
      if (metric.getKey().name().equals("last-heartbeat-seconds-ago")
          && metric.getKey().group().equals("consumer-coordinator-metrics")) {
        heartbeatMetric = metric.getValue();
        return;
      }
    }
  }

  void run(BatchProcessor processor) {
    consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        revokedInFlight.addAll(partitions);
        Map<TopicPartition, OffsetAndMetadata> done = doneOffsets(inFlight);
        done.keySet().retainAll(partitions);
        if (!done.isEmpty()) {
          try {
            consumer.commitSync(done, Duration.ofSeconds(15));
          } catch (KafkaException e) {
            // the new owner replays them; the watermark keeps their Redis effects single
            LOG.warn("offsets of revoked partitions not committed: {}", e.toString());
          }
        }
        committedOffsets.keySet().removeAll(partitions);
        unfinished.removeAll(partitions);
        LOG.info("partitions revoked: {} (committed {})", partitions, done);
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        joinedAtNanos = System.nanoTime();
        joined = true;
        onRebalance.run();
        if (paused) {
          consumer.pause(partitions); // an outage is going on: do not fetch from the new ones either
        }
        LOG.info("partitions assigned: {}", partitions);
      }
    });
    BatchProcessor.Waiter waiter = new PausingWaiter();
    while (!lifecycle.isStopping()) {
      ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
      findHeartbeatMetric();
      if (polled.isEmpty()) {
        commitPastControlRecords(waiter);
        continue;
      }
      List<BatchProcessor.Item> items = new ArrayList<>(polled.count());
      for (ConsumerRecord<byte[], byte[]> record : polled) {
        List<org.apache.kafka.common.header.Header> headers = List.of(record.headers().toArray());
        items.add(new BatchProcessor.Item(new InboundRecord(record.topic(), record.partition(),
            String.valueOf(record.offset()), record.offset(), record.key(), record.value(), headers,
            record.timestamp(), InboundRecord.correlationIdOf(headers))));
      }
      inFlight = items;
      revokedInFlight.clear();
      try {
        if (!processor.process(items, waiter)) {
          break;
        }
        Map<TopicPartition, OffsetAndMetadata> done = doneOffsets(items);
        unfinished.clear();
        for (BatchProcessor.Item item : items) {
          if (!item.done) {
            unfinished.add(new TopicPartition(item.inbound.source(), item.inbound.partition()));
          }
        }
        commit(done, waiter);
      } finally {
        inFlight = List.of();
      }
    }
  }

  /**
   * Per partition, the offset to commit: one past the last record before its first unfinished
   * one (records of a partition come in offset order); partitions whose first record is
   * unfinished are left out.
   */
  static Map<TopicPartition, OffsetAndMetadata> doneOffsets(List<BatchProcessor.Item> items) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Set<TopicPartition> stopped = new HashSet<>();
    for (BatchProcessor.Item item : items) {
      TopicPartition partition = new TopicPartition(item.inbound.source(), item.inbound.partition());
      if (!item.done) {
        stopped.add(partition);
      } else if (!stopped.contains(partition)) {
        offsets.put(partition, new OffsetAndMetadata(item.inbound.offset() + 1));
      }
    }
    return offsets;
  }

  /**
   * On an idle poll, commits the consumer's position where it is past the committed offset of a
   * partition whose records are all done. The gap is records the consumer skipped, never handed
   * out: transaction markers (a redrive publishes transactionally) and aborted records. Without
   * this the committed offset stays one short of the end after each transaction, and the lag the
   * autoscaler and an ETL {@code waitFor} gate read never reaches 0.
   */
  private void commitPastControlRecords(BatchProcessor.Waiter waiter) {
    if (paused) {
      return;
    }
    Set<TopicPartition> owned = new HashSet<>(consumer.assignment());
    owned.removeAll(unfinished);
    Set<TopicPartition> unknown = new HashSet<>(owned);
    unknown.removeAll(committedOffsets.keySet());
    if (!unknown.isEmpty()) {
      try {
        consumer.committed(unknown, Duration.ofSeconds(5)).forEach((tp, at) -> committedOffsets.put(tp, at == null ? -1L : at.offset()));
      } catch (KafkaException e) {
        return; // looked up again on the next idle poll
      }
    }
    Map<TopicPartition, OffsetAndMetadata> ahead = new HashMap<>();
    for (TopicPartition tp : owned) {
      Long committed = committedOffsets.get(tp);
      long position;
      try {
        position = consumer.position(tp, Duration.ZERO);
      } catch (KafkaException e) {
        continue; // no position yet (being reset): nothing skipped
      }
      if (committed != null && committed >= 0 && position > committed) {
        ahead.put(tp, new OffsetAndMetadata(position));
      }
    }
    if (!ahead.isEmpty()) {
      commit(ahead, waiter);
    }
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets, BatchProcessor.Waiter waiter) {
    int failures = 0;
    while (true) {
      Set<TopicPartition> owned = new HashSet<>(consumer.assignment());
      Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>(offsets);
      mine.keySet().retainAll(owned);
      if (mine.isEmpty()) {
        return;
      }
      try {
        consumer.commitSync(mine, Duration.ofSeconds(15));
        mine.forEach((tp, at) -> committedOffsets.put(tp, at.offset()));
        return;
      } catch (RebalanceInProgressException | org.apache.kafka.clients.consumer.CommitFailedException e) {
        // the partitions moved: their new owner starts from the last committed offsets
        LOG.warn("offsets not committed, the group rebalanced: {}", e.toString());
        return;
      } catch (KafkaException e) {
        failures++;
        LOG.warn("commit failed (try {}), retrying: {}", failures, e.toString());
        if (lifecycle.isStopping() && failures >= 3) {
          return;
        }
        waiter.pauseFor(Duration.ofMillis(Math.min(5000, 200L << Math.min(5, failures))));
        waiter.resume();
      }
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(10));
  }

  /** Waits by polling with every partition paused, so that the group membership stays alive. */
  private final class PausingWaiter implements BatchProcessor.Waiter {
    @Override
    public void pauseFor(Duration duration) {
      if (!paused) {
        consumer.pause(consumer.assignment());
        paused = true;
      }
      long deadline = System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < deadline) {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(Duration.ofMillis(Math.min(left, 250)));
        findHeartbeatMetric();
        rewind(unexpected);
        if (lifecycle.isStopping()) {
          return;
        }
      }
    }

    @Override
    public boolean owns(InboundRecord record) {
      return revokedInFlight.isEmpty()
          || !revokedInFlight.contains(new TopicPartition(record.source(), record.partition()));
    }

    @Override
    public void resume() {
      if (paused) {
        consumer.resume(consumer.paused());
        paused = false;
      }
    }

    /** Records fetched although paused (a race with an assignment) are read again later. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
      for (TopicPartition partition : records.partitions()) {
        consumer.seek(partition, records.records(partition).get(0).offset());
        consumer.pause(List.of(partition));
      }
    }
  }
}
