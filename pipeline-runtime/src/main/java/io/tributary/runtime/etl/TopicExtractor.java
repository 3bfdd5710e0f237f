package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded read of a topic: from the group's committed offsets (or the beginning) to the end
 * offsets seen when the run starts, at most {@code maxRecords}. Records arriving during the run
 * are left for the next run. The offsets are committed only by {@link Extraction#confirm()},
 * after the load succeeded.
 *
 * <p>With a {@link DataInterval} the read is by time instead: per partition from the offset of the
 * first record at or after the interval's start ({@code offsetsForTimes}) to the end offset seen
 * when the run starts, keeping the records whose timestamp lies in {@code [start, end)} (timestamps
 * need not grow with offsets, so the end offset is not looked up by time);
 * no offsets are committed, so a rerun of the same interval reads the same records.
 */
final class TopicExtractor implements Extractor {
  private static final Logger LOG = LoggerFactory.getLogger(TopicExtractor.class);
  private static final ObjectMapper JSON = io.tributary.runtime.config.RecordNumbers.recordMapper();
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final long maxRecords;
  private final DataInterval interval;

  TopicExtractor(Map<String, Object> kafkaProperties, String topic, String group, Long maxRecords,
      DataInterval interval) {
    this.interval = interval;
    Map<String, Object> props = new HashMap<>(kafkaProperties);
    props.put("group.id", group);
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    props.putIfAbsent("default.api.timeout.ms", "15000");
    this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.maxRecords = maxRecords == null ? Long.MAX_VALUE : maxRecords;
  }

  @Override
  public Extraction extract() {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
    } catch (RuntimeException e) {
      throw new EtlFailure("extract.topic: cannot read the partitions of \"" + topic + "\": " + e.getMessage(), e);
    }
    if (infos == null || infos.isEmpty()) {
      throw new EtlFailure("extract.topic: topic \"" + topic + "\" does not exist");
    }
    List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
    if (interval != null) {
      return extractInterval(partitions, new HashMap<>(end));
    }
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), METADATA_TIMEOUT);
    Map<TopicPartition, Long> position = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      if (offset != null) {
        consumer.seek(partition, offset.offset());
        position.put(partition, offset.offset());
      } else {
        consumer.seekToBeginning(List.of(partition));
        position.put(partition, consumer.position(partition, METADATA_TIMEOUT));
      }
    }
    List<ObjectNode> records = new ArrayList<>();
    long rejected = 0;
    Map<TopicPartition, Long> next = new HashMap<>(position);
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (!done(end) && records.size() + rejected < maxRecords) {
      if (System.nanoTime() > deadline) {
        throw new EtlFailure("extract.topic: reading \"" + topic + "\" up to " + end + " took longer than 10 minutes");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() >= end.get(partition) || records.size() + rejected >= maxRecords) {
          consumer.pause(List.of(partition)); // beyond the end seen at start: next run
          continue;
        }
        next.put(partition, record.offset() + 1);
        try {
          JsonNode node = JSON.readTree(record.value());
          if (node instanceof ObjectNode object) {
            records.add(object);
            continue;
          }
        } catch (Exception ignored) {
          // counted below
        }
        rejected++;
        LOG.warn("extract.topic: skipping {}[{}]@{}: not a JSON object", topic, record.partition(), record.offset());
      }
    }
    Map<TopicPartition, OffsetAndMetadata> toCommit = next.entrySet().stream()
        .filter(e -> !e.getValue().equals(position.get(e.getKey())))
        .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
    LOG.info("extract.topic: read {} records of {} (from {} to {})", records.size() + rejected, topic, position, next);
    return new Extraction(records, rejected, () -> {
      if (!toCommit.isEmpty()) {
        consumer.commitSync(toCommit, METADATA_TIMEOUT);
      }
    });
  }

  private Extraction extractInterval(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> from = offsetsAt(partitions, interval.start(), end);
    // to the end seen at start, not to offsetsForTimes(end): a record of the interval may follow a later one
    Map<TopicPartition, Long> to = end;
    for (TopicPartition partition : partitions) {
      consumer.seek(partition, from.get(partition));
    }
    List<ObjectNode> records = new ArrayList<>();
    long rejected = 0;
    long startMs = interval.start().toEpochMilli();
    long endMs = interval.end().toEpochMilli();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (!done(to) && records.size() + rejected < maxRecords) {
      if (System.nanoTime() > deadline) {
        throw new EtlFailure("extract.topic: reading \"" + topic + "\" from " + from + " to " + to
            + " took longer than 10 minutes");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() >= to.get(partition) || records.size() + rejected >= maxRecords) {
          consumer.pause(List.of(partition));
          continue;
        }
        if (record.timestamp() < startMs || record.timestamp() >= endMs) {
          continue; // timestamps need not grow with offsets: only the interval's records count
        }
        try {
          JsonNode node = JSON.readTree(record.value());
          if (node instanceof ObjectNode object) {
            records.add(object);
            continue;
          }
        } catch (Exception ignored) {
          // counted below
        }
        rejected++;
        LOG.warn("extract.topic: skipping {}[{}]@{}: not a JSON object", topic, record.partition(), record.offset());
      }
    }
    LOG.info("extract.topic: read {} records of {} in the data interval [{}, {}) (offsets {} to {})",
        records.size() + rejected, topic, interval.start(), interval.end(), from, to);
    return new Extraction(records, rejected, () -> { });
  }

  /** Per partition the offset of the first record at or after {@code time}, the end offset when there is none. */
  private Map<TopicPartition, Long> offsetsAt(List<TopicPartition> partitions, java.time.Instant time,
      Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, time.toEpochMilli()));
    Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> found;
    try {
      found = consumer.offsetsForTimes(query, METADATA_TIMEOUT);
    } catch (RuntimeException e) {
      throw new EtlFailure("extract.topic: cannot look up the offsets of \"" + topic + "\" at " + time + ": "
          + e.getMessage(), e);
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      var at = found.get(partition);
      offsets.put(partition, at == null ? end.get(partition) : at.offset());
    }
    return offsets;
  }

  /** The consumer's position (not the last record) passes transaction markers at the end too. */
  private boolean done(Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), METADATA_TIMEOUT) >= e.getValue());
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
