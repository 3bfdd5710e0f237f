package io.tributary.operator.topics;

import io.tributary.operator.model.DeadLetterIndex;
import io.tributary.operator.model.RedrivePlan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One bounded step of the incremental scan of a dead-letter topic into a {@link DeadLetterIndex}:
 * a consumer without a group (nothing committed) reads each partition from where the index
 * stopped (or its earliest retained offset) towards its end, reading only the headers it needs,
 * at most {@code maxRecords} records in all.
 */
public final class DeadLetterScan {
  /** Short: the scan runs on a reconcile thread, which an unreachable Kafka must not hold for long. */
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private DeadLetterScan() {}

  /** Scans; empty when the topic does not exist. */
  public static Optional<DeadLetterIndex> step(String bootstrapServers, Map<String, String> clientProperties, String topic,
      DeadLetterIndex index, int maxRecords) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // looking at a dead-letter topic must never create it (brokers with auto.create.topics.enable)
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.max(1, Math.min(500, maxRecords))));
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-operator-dead-letter-scan");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        return Optional.empty();
      }
      List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      // assigned before the offsets are asked for: a read_committed consumer logs a warning for
      // each stable offset it is told of a partition it does not hold
      consumer.assign(tps);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, TIMEOUT);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, TIMEOUT);
      List<TopicPartition> open = new java.util.ArrayList<>();
      for (TopicPartition tp : tps) {
        index.retainedFrom(tp.partition(), begin.getOrDefault(tp, 0L));
        if (index.next(tp.partition()) < end.getOrDefault(tp, 0L)) {
          open.add(tp);
        }
      }
      if (open.isEmpty()) {
        return Optional.of(index);
      }
      consumer.pause(tps.stream().filter(tp -> !open.contains(tp)).toList());
      for (TopicPartition tp : open) {
        consumer.seek(tp, index.next(tp.partition()));
      }
      int read = 0;
      int emptyPolls = 0;
      while (read < maxRecords && !open.isEmpty() && emptyPolls < 3) {
        var records = consumer.poll(Duration.ofMillis(200));
        emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (!open.contains(tp) || r.offset() < index.next(r.partition()) || r.offset() >= end.get(tp)) {
            continue;
          }
          index.add(r.partition(), r.offset(), header(r, RedrivePlan.COMPONENT_HEADER), r.timestamp());
          index.scanned(r.partition(), r.offset() + 1);
          read++;
        }
        List<TopicPartition> finished = new java.util.ArrayList<>();
        for (java.util.Iterator<TopicPartition> it = open.iterator(); it.hasNext(); ) {
          TopicPartition tp = it.next();
          long position = Math.min(consumer.position(tp), end.get(tp));
          index.scanned(tp.partition(), position); // past transaction markers too
          if (position >= end.get(tp)) {
            it.remove();
            finished.add(tp);
          }
        }
        // paused, not unassigned: an unassignment while the consumer still asks for the partition's
        // stable offset logs a warning per partition and scan
        consumer.pause(finished);
      }
      return Optional.of(index);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
