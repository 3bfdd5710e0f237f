package io.tributary.operator.topics;

import io.tributary.api.v1alpha1.WorkerReplay;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offset reset of a replay ({@code spec.replay}) on the Kafka Admin API: per partition of the
 * input topic, the new offset ({@code offsetsForTimes} for {@code fromTimestamp}, the earliest
 * retained offset for {@code toEarliest}, the given one for {@code toOffsets}, clamped to the
 * partition's retained range), written with {@code alterConsumerGroupOffsets}. The group must have no
 * members (the broker refuses otherwise): the operator stops the Deployment first.
 */
public final class ConsumerGroupRewind {
  private static final long TIMEOUT_SECONDS = 15;

  private ConsumerGroupRewind() {}

  /**
   * What a reset did.
   *
   * @param lagAtStart records behind the end before the reset (an uncommitted partition counts from its earliest)
   * @param recordsToReplay the sum over partitions of (committed, or end when uncommitted) minus the new offset, at least 0 each
   * @param newOffsets the offsets written, by partition
   */
  public record Result(long lagAtStart, long recordsToReplay, Map<Integer, Long> newOffsets) {}

  /** Resets {@code group}'s offsets on {@code topic} as {@code request} says. */
  public static Result rewind(Admin admin, String group, String topic, WorkerReplay request) throws Exception {
    int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> forTime = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      earliest.put(tp, OffsetSpec.earliest());
      latest.put(tp, OffsetSpec.latest());
      if (request.getFromTimestamp() != null) {
        forTime.put(tp, OffsetSpec.forTimestamp(Instant.parse(request.getFromTimestamp()).toEpochMilli()));
      }
    }
    Map<TopicPartition, ListOffsetsResultInfo> low = admin.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, ListOffsetsResultInfo> high = admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, ListOffsetsResultInfo> times = forTime.isEmpty() ? Map.of()
        : admin.listOffsets(forTime).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long lag = 0;
    long replay = 0;
    Map<TopicPartition, OffsetAndMetadata> target = new HashMap<>();
    Map<Integer, Long> written = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      long start = low.get(tp).offset();
      long end = high.get(tp).offset();
      OffsetAndMetadata c = committed.get(tp);
      long position = c == null ? end : c.offset();
      lag += Math.max(0, end - (c == null ? start : c.offset()));
      Long next;
      if (request.getFromTimestamp() != null) {
        long found = times.get(tp).offset();
        next = found < 0 ? end : found; // -1: no record at or after the time
      } else if (Boolean.TRUE.equals(request.getToEarliest())) {
        next = start;
      } else {
        next = request.getToOffsets() == null ? null : request.getToOffsets().get(Integer.toString(p));
      }
      if (next == null) {
        continue; // toOffsets without this partition: its committed offset stays
      }
      next = Math.max(start, Math.min(end, next));
      replay += Math.max(0, position - next);
      target.put(tp, new OffsetAndMetadata(next));
      written.put(p, next);
    }
    admin.alterConsumerGroupOffsets(group, target).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return new Result(lag, replay, written);
  }
}
