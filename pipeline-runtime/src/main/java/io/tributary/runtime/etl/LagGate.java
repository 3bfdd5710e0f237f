package io.tributary.runtime.etl;

import io.tributary.runtime.config.Durations;
import io.tributary.runtime.config.WaitForConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code etl.waitFor}: holds the run until a Worker's consumer group is at most {@code maxLag}
 * records behind its topic, so that a run reads what the stream has processed, not a backlog.
 */
final class LagGate {
  private static final Logger LOG = LoggerFactory.getLogger(LagGate.class);
  static final Duration POLL = Duration.ofSeconds(2);
  private static final long CALL_TIMEOUT_SECONDS = 10;

  private LagGate() {}

  /**
   * The group's lag on the topic: per partition, its end offset minus the group's committed
   * offset (the partition's start when the group has none there).
   *
   * <p>{@code lag = sum over partitions p of (end(p) - committed(p))}
   */
  static long lag(Admin admin, String group, String topic) throws Exception {
    List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
        .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = offsets(admin, partitions, OffsetSpec.latest());
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = offsets(admin, partitions, OffsetSpec.earliest());
    long lag = 0;
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata at = committed.get(partition);
      long from = at == null ? starts.get(partition).offset() : at.offset();
      lag += Math.max(0, ends.get(partition).offset() - from);
    }
    return lag;
  }

  /**
   * Waits, polling every {@link #POLL}, until the lag is at most {@code maxLag}.
   *
   * @param stopped sleeps for the given time and says whether the role was told to stop meanwhile
   * @throws EtlFailure when the timeout passes first (naming the Worker, the lag and the bound), or
   *     when the role is stopped
   */
  static void await(Admin admin, WaitForConfig gate, Predicate<Duration> stopped) throws Exception {
    Duration timeout = Durations.parse(gate.timeout());
    long deadline = System.nanoTime() + timeout.toNanos();
    long lag = lag(admin, gate.group(), gate.topic());
    while (lag > gate.maxLag()) {
      if (System.nanoTime() >= deadline) {
        throw new EtlFailure("waitFor: Worker " + gate.worker() + " (group " + gate.group() + ") is still " + lag
            + " records behind topic " + gate.topic() + ", more than maxLag " + gate.maxLag() + ", after "
            + gate.timeout() + "; the run did not start");
      }
      LOG.info("waiting for Worker {} to catch up: {} records behind {} (maxLag {})", gate.worker(), lag,
          gate.topic(), gate.maxLag());
      if (stopped.test(POLL)) {
        throw new EtlFailure("waitFor: stopped while waiting for Worker " + gate.worker());
      }
      lag = lag(admin, gate.group(), gate.topic());
    }
    LOG.info("Worker {} is {} records behind {} (maxLag {}): starting the run", gate.worker(), lag, gate.topic(),
        gate.maxLag());
  }

  private static Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, spec));
    return admin.listOffsets(request).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
