package io.tributary.runtime.producer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends records to one topic with the idempotent producer ({@code acks=all},
 * {@code enable.idempotence=true}); sends are asynchronous and batched ({@code linger.ms=5}), and
 * each acknowledgement is counted and timed in {@link ProducerMetrics}.
 */
public final class KafkaRecordSender implements RecordSink, AutoCloseable {
  /** The Kafka header that carries the correlation id (DESIGN §3). */
  public static final String CORRELATION_HEADER = "correlation-id";

  private final String topic;
  private final Producer<String, String> producer;
  private final ProducerMetrics metrics;
  private final int maxRequestSize;
  private volatile boolean reachable;

  /**
   * @param clientProperties connection settings (servers, security, {@code kafka.properties});
   *     batching settings there win over the defaults here, delivery guarantees do not
   * @param maxBlock longest a {@link #send} may block (no metadata yet, buffer full); null for
   *     Kafka's default of 60 s. The http source sets its ack timeout here so that an unreachable
   *     Kafka answers 503 in time.
   */
  public KafkaRecordSender(String topic, Map<String, Object> clientProperties,
      ProducerMetrics metrics, Duration maxBlock) {
    this.topic = topic;
    this.metrics = metrics;
    Map<String, Object> props = producerProperties(clientProperties, maxBlock);
    this.producer = new KafkaProducer<>(props);
    Object maxRequestSize = props.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    this.maxRequestSize = Integer.parseInt(String.valueOf(maxRequestSize).trim());
  }

  /**
   * The producer's {@code max.request.size}: Kafka refuses a record whose serialised size (key,
   * value, headers and framing) is larger, so key and value alone must not be.
   */
  @Override
  public long maxRecordBytes() {
    return maxRequestSize;
  }

  static Map<String, Object> producerProperties(Map<String, Object> clientProperties, Duration maxBlock) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    if (maxBlock != null) {
      props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
    }
    props.putAll(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return props;
  }

  @Override
  public CompletableFuture<Void> send(OutgoingRecord record) {
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    List<Header> headers = List.of(new RecordHeader(
        CORRELATION_HEADER, record.correlationId().getBytes(StandardCharsets.UTF_8)));
    long sentNanos = System.nanoTime();
    try {
      producer.send(new ProducerRecord<>(topic, null, record.timestampMillis(), record.key(),
          record.value(), headers), (metadata, error) -> {
            reachable = error == null;
            if (error == null) {
              metrics.acknowledged(sentNanos, System.nanoTime());
              acknowledged.complete(null);
            } else {
              metrics.failed();
              acknowledged.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      // send() itself throws for a closed producer or when metadata does not arrive in time
      metrics.failed();
      acknowledged.completeExceptionally(e);
    }
    return acknowledged;
  }

  /**
   * Asks the brokers for the topic's partitions (blocking up to {@code max.block.ms}); true and
   * remembered as {@link #isReachable()} when they answer.
   */
  public boolean probe() {
    try {
      reachable = !producer.partitionsFor(topic).isEmpty();
    } catch (RuntimeException e) {
      reachable = false;
    }
    return reachable;
  }

  /**
   * Without blocking: whether the last probe or acknowledgement succeeded (false after a record
   * failed until one succeeds again).
   */
  @Override
  public boolean isReachable() {
    return reachable;
  }

  public String topic() {
    return topic;
  }

  /** Sends everything buffered and waits for the acknowledgements. */
  public void flush() {
    producer.flush();
  }

  /** Flushes, then closes the producer, waiting at most {@code timeout}. */
  public void close(Duration timeout) {
    producer.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
