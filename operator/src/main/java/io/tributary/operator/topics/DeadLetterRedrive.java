package io.tributary.operator.topics;

import io.tributary.api.v1alpha1.WorkerRedrive;
import io.tributary.operator.model.RedrivePlan;
import io.tributary.operator.model.RedrivePlan.Counts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A redrive ({@code spec.redrive}) on the Kafka clients: reads the dead-letter topic from the
 * position committed for the redrive's group up to its fixed end offsets, and re-publishes the
 * records {@link RedrivePlan#verdict} sends to the Worker's input topic (key, value and original
 * headers as they are, plus {@value RedrivePlan#REDRIVE_ID_HEADER}).
 *
 * <p>Exactly once per redrive id: each batch is one Kafka transaction (producer
 * {@code transactional.id} per redrive) holding the records sent and the group's new positions
 * ({@code sendOffsetsToTransaction}), with the counts so far in the commit's metadata. A runner
 * stopped at any point leaves either the whole batch (records and position) or none of it; the next
 * one ({@code initTransactions} fences the one before and aborts its open transaction) resumes from
 * the committed position with the committed counts. Consumers of the input topic see the redriven
 * records once when they read with {@code isolation.level=read_committed}; the worker runtime does.
 */
public final class DeadLetterRedrive {
  private static final Duration POLL = Duration.ofMillis(200);

  private DeadLetterRedrive() {}

  /**
   * What to redrive.
   *
   * @param bootstrapServers the Pipeline's Kafka
   * @param clientProperties security settings of the operator's Kafka clients
   * @param deadLetterTopic the topic read
   * @param inputTopic the Worker's input topic, written
   * @param untilOffsets by partition of the dead-letter topic: records at or after are not read
   * @param worker the Worker's name (the component whose dead letters are sent)
   * @param group the consumer group holding the position ({@link RedrivePlan#group})
   * @param transactionalId the producer's ({@link RedrivePlan#transactionalId})
   */
  public record Job(String bootstrapServers, Map<String, String> clientProperties, String deadLetterTopic,
      String inputTopic, Map<Integer, Long> untilOffsets, String worker, WorkerRedrive request, String group,
      String transactionalId) {}

  /**
   * The end offsets of {@code topic} now, by partition (those a read_committed consumer sees);
   * empty when the topic does not exist.
   */
  public static Map<Integer, Long> endOffsets(String bootstrapServers, Map<String, String> clientProperties, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, clientProperties, null, 1)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
      if (infos == null || infos.isEmpty()) {
        return Map.of(); // no dead-letter topic (nothing was ever dead-lettered): nothing to redrive
      }
      List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      Map<Integer, Long> out = new TreeMap<>();
      consumer.endOffsets(tps, Duration.ofSeconds(15)).forEach((tp, o) -> out.put(tp.partition(), o));
      return out;
    }
  }

  /**
   * Runs (or resumes) the redrive until every partition reached its end offset, {@code maxRecords}
   * were sent, or {@code stop} says so.
   *
   * @param progress told the counts after each transaction (and once at the start)
   * @return whether the redrive finished (false: stopped before)
   */
  public static boolean run(Job job, Consumer<Counts> progress, BooleanSupplier stop) {
    WorkerRedrive request = job.request();
    int rate = request.getRecordsPerSecond() == null ? 500 : request.getRecordsPerSecond();
    long max = request.getMaxRecords() == null ? Long.MAX_VALUE : request.getMaxRecords();
    byte[] id = request.getId().getBytes(StandardCharsets.UTF_8);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(job.bootstrapServers(), job.clientProperties(), job.group(),
            Math.max(1, Math.min(500, rate)));
        KafkaProducer<byte[], byte[]> producer = producer(job)) {
      producer.initTransactions();
      Map<TopicPartition, Long> until = new HashMap<>();
      job.untilOffsets().forEach((p, o) -> until.put(new TopicPartition(job.deadLetterTopic(), p), o));
      consumer.assign(until.keySet());
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(until.keySet(), Duration.ofSeconds(15));
      Map<TopicPartition, Long> beginning = consumer.beginningOffsets(until.keySet(), Duration.ofSeconds(15));
      Map<TopicPartition, Long> next = new HashMap<>();
      Map<TopicPartition, Counts> counts = new HashMap<>();
      for (TopicPartition tp : until.keySet()) {
        OffsetAndMetadata c = committed.get(tp);
        long at = c == null ? beginning.getOrDefault(tp, 0L) : Math.max(c.offset(), beginning.getOrDefault(tp, 0L));
        next.put(tp, at);
        counts.put(tp, c == null ? Counts.ZERO : Counts.decode(c.metadata()));
        consumer.seek(tp, at);
      }
      progress.accept(total(counts));
      long sentByThisRun = 0;
      long startedNanos = System.nanoTime();
      while (!stop.getAsBoolean()) {
        if (total(counts).sent() >= max) {
          return true;
        }
        List<TopicPartition> open = new ArrayList<>();
        for (TopicPartition tp : until.keySet()) {
          if (next.get(tp) < until.get(tp)) {
            open.add(tp);
          }
        }
        if (open.isEmpty()) {
          return true;
        }
        Set<TopicPartition> reached = new java.util.HashSet<>(until.keySet());
        open.forEach(reached::remove);
        consumer.pause(reached);
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        Map<TopicPartition, Long> before = new HashMap<>(next);
        List<ProducerRecord<byte[], byte[]>> toSend = new ArrayList<>();
        long sentTotal = total(counts).sent();
        outer:
        for (TopicPartition tp : open) {
          for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
            if (r.offset() >= until.get(tp)) {
              next.put(tp, until.get(tp));
              break;
            }
            if (sentTotal >= max) {
              break outer;
            }
            RedrivePlan.Verdict verdict = RedrivePlan.verdict(request, job.worker(), header(r, RedrivePlan.COMPONENT_HEADER),
                header(r, RedrivePlan.ERROR_CLASS_HEADER), r.timestamp());
            Counts c = counts.get(tp);
            switch (verdict) {
              case SEND -> {
                List<Header> headers = new ArrayList<>();
                for (Header h : r.headers()) {
                  if (!h.key().startsWith(RedrivePlan.RESERVED_HEADER_PREFIX)) {
                    headers.add(h);
                  }
                }
                headers.add(new RecordHeader(RedrivePlan.REDRIVE_ID_HEADER, id));
                toSend.add(new ProducerRecord<>(job.inputTopic(), null, r.key(), r.value(), headers));
                counts.put(tp, c.plus(new Counts(1, 1, 0)));
                sentTotal++;
              }
              case SKIP -> counts.put(tp, c.plus(new Counts(0, 0, 1)));
              case OTHER -> { }
            }
            next.put(tp, r.offset() + 1);
          }
          // past the last record (transaction markers, compacted gaps): the position says where
          if (records.records(tp).isEmpty() && sentTotal < max) {
            next.put(tp, Math.min(until.get(tp), Math.max(next.get(tp), consumer.position(tp))));
          }
        }
        if (next.equals(before)) {
          continue;
        }
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (TopicPartition tp : until.keySet()) {
          if (!next.get(tp).equals(before.get(tp)) || committed.get(tp) == null) {
            positions.put(tp, new OffsetAndMetadata(next.get(tp), counts.get(tp).encode()));
          }
        }
        producer.beginTransaction();
        toSend.forEach(producer::send);
        producer.sendOffsetsToTransaction(positions, consumer.groupMetadata());
        producer.commitTransaction();
        positions.forEach(committed::put);
        progress.accept(total(counts));
        // the rate: the records sent by this run so far may not be ahead of rate x elapsed
        sentByThisRun += toSend.size();
        long dueNanos = startedNanos + sentByThisRun * 1_000_000_000L / rate;
        long waitMillis = (dueNanos - System.nanoTime()) / 1_000_000L;
        if (waitMillis > 0) {
          Thread.sleep(waitMillis);
        }
        // records read beyond what was handled (maxRecords): read again from the committed position
        for (TopicPartition tp : open) {
          if (consumer.position(tp) != next.get(tp)) {
            consumer.seek(tp, next.get(tp));
          }
        }
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Counts total(Map<TopicPartition, Counts> counts) {
    return counts.values().stream().reduce(Counts.ZERO, Counts::plus);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, Map<String, String> clientProperties,
      String group, int maxPollRecords) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    if (group != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // looking at a dead-letter topic must never create it (brokers with auto.create.topics.enable)
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }

  private static KafkaProducer<byte[], byte[]> producer(Job job) {
    Properties p = new Properties();
    p.putAll(job.clientProperties());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, job.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, job.transactionalId());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }
}
