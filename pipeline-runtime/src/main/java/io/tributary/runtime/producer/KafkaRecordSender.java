package io.tributary.runtime.producer;

import io.tributary.runtime.ops.TraceContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
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
 *
 * <p>Reachability ({@link #isReachable()}) has two sources: every acknowledgement or failure of a
 * record, and {@link #probe}, which asks the brokers afresh (a small Admin client's
 * {@code describeTopics}, never the producer's cached metadata) so that it sees an outage while
 * idle and a recovery while nothing is sent.
 */
public final class KafkaRecordSender implements RecordSink, AutoCloseable {
  /** The Kafka header that carries the correlation id (DESIGN §3). */
  public static final String CORRELATION_HEADER = "correlation-id";

  private final String topic;
  private final Producer<String, String> producer;
  private final ProducerMetrics metrics;
  private final int maxRequestSize;
  private final Admin admin;
  private volatile boolean reachable;
  private volatile long lastAckNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

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
    this.admin = Admin.create(adminProperties(clientProperties));
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

  /** The connection settings an Admin client knows, with its own {@code client.id}. */
  static Map<String, Object> adminProperties(Map<String, Object> clientProperties) {
    Map<String, Object> props = new HashMap<>();
    clientProperties.forEach((name, value) -> {
      if (AdminClientConfig.configNames().contains(name)) {
        props.put(name, value);
      }
    });
    Object clientId = clientProperties.get(AdminClientConfig.CLIENT_ID_CONFIG);
    if (clientId != null) {
      props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + ".probe");
    }
    return props;
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
    Header correlation = new RecordHeader(CORRELATION_HEADER, record.correlationId().getBytes(StandardCharsets.UTF_8));
    List<Header> headers = record.traceparent() == null ? List.of(correlation) : List.of(correlation,
        new RecordHeader(TraceContext.HEADER, record.traceparent().getBytes(StandardCharsets.UTF_8)));
    long sentNanos = System.nanoTime();
    try {
      producer.send(new ProducerRecord<>(topic, null, record.timestampMillis(), record.key(),
          record.value(), headers), (metadata, error) -> {
            reachable = error == null;
            if (error == null) {
              lastAckNanos = System.nanoTime();
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
   * Asks the brokers afresh for the topic (one {@code describeTopics} request, waiting at most
   * {@code timeout}): reachable when they answer and every partition has a leader. The answer
   * is remembered as {@link #isReachable()}: a probe that succeeds makes a sender ready again
   * after failed records, one that fails makes it unready while nothing is sent.
   */
  public boolean probe(Duration timeout) {
    boolean answered;
    try {
      TopicDescription description = admin.describeTopics(List.of(topic),
              new DescribeTopicsOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())))
          .allTopicNames().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).get(topic);
      answered = description != null && !description.partitions().isEmpty()
          && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answered = false;
    } catch (Exception e) {
      answered = false;
    }
    reachable = answered;
    return answered;
  }

  /** Whether a record was acknowledged within the last {@code window} (then a probe adds nothing). */
  public boolean acknowledgedWithin(Duration window) {
    return System.nanoTime() - lastAckNanos < window.toNanos();
  }

  /**
   * Without blocking: whether the latest probe or acknowledgement succeeded (false after a record
   * failed until a probe or a record succeeds again).
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
    try {
      producer.close(timeout);
    } finally {
      admin.close(Duration.ZERO);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
