package io.tributary.runtime.etl;

import io.tributary.runtime.config.Durations;
import io.tributary.runtime.config.WaitForConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code etl.waitFor.watermark}: holds the run until a topic's event-time watermark has passed the
 * end of the run's data interval, so that a run reads a period whose records have all arrived.
 *
 * <p>A partition's watermark is the largest record timestamp in it (Kafka's {@code ListOffsets}
 * max-timestamp: the broker answers from its time index, no record is read, and a transaction
 * marker at the end of a partition does not hide the record before it). The topic's watermark is
 * the smallest over its partitions: {@code watermark = min over partitions p of maxTimestamp(p)}.
 * An empty partition (never written, or emptied by retention) has none, and so neither has the
 * topic: the gate waits for every partition, and an idle partition holds it until the timeout.
 */
final class WatermarkGate {
  private static final Logger LOG = LoggerFactory.getLogger(WatermarkGate.class);
  private static final long CALL_TIMEOUT_SECONDS = 10;

  private WatermarkGate() {}

  /** The topic's watermark, or empty when a partition has no record. */
  static Optional<Instant> watermark(Admin admin, String topic) throws Exception {
    List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
        .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, OffsetSpec.maxTimestamp()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest =
        admin.listOffsets(request).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long lowest = Long.MAX_VALUE;
    for (TopicPartition partition : partitions) {
      ListOffsetsResult.ListOffsetsResultInfo info = latest.get(partition);
      // an empty partition answers offset -1, timestamp -1
      if (info == null || info.offset() < 0 || info.timestamp() < 0) {
        return Optional.empty();
      }
      lowest = Math.min(lowest, info.timestamp());
    }
    return partitions.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lowest));
  }

  /**
   * Waits, polling every {@link LagGate#POLL}, until the watermark is at or after {@code end}.
   *
   * @param end the end of the run's data interval (exclusive), or the run's start when it has none
   * @param stopped sleeps for the given time and says whether the role was told to stop meanwhile
   * @throws EtlFailure when the timeout passes first (naming the topic, the watermark reached and
   *     {@code end}), or when the role is stopped
   */
  static void await(Admin admin, WaitForConfig gate, Instant end, Predicate<Duration> stopped) throws Exception {
    String topic = gate.watermark().topic();
    long deadline = System.nanoTime() + Durations.parse(gate.timeout()).toNanos();
    Optional<Instant> watermark = watermark(admin, topic);
    while (watermark.isEmpty() || watermark.get().isBefore(end)) {
      String reached = watermark.map(w -> "is at " + w).orElse("has none yet (a partition holds no record)");
      if (System.nanoTime() >= deadline) {
        throw new EtlFailure("waitFor: the watermark of topic " + topic + " " + reached + ", before the data interval end "
            + end + ", after " + gate.timeout() + "; the run did not start");
      }
      LOG.info("waiting for the watermark of topic {} to reach {}: it {}", topic, end, reached);
      if (stopped.test(LagGate.POLL)) {
        throw new EtlFailure("waitFor: stopped while waiting for the watermark of topic " + topic);
      }
      watermark = watermark(admin, topic);
    }
    LOG.info("the watermark of topic {} is at {}, at or after {}: starting the run", topic, watermark.get(), end);
  }
}
