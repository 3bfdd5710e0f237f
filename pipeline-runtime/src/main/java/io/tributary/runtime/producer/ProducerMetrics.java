package io.tributary.runtime.producer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The producer's meters, named as in DESIGN §3 (Micrometer dots become Prometheus underscores:
 * {@code kafka_messages_produced_total}, {@code kafka_produce_latency_seconds}). The registry adds
 * the {@code pipeline}, {@code component} and {@code role} tags.
 */
public final class ProducerMetrics {
  private final MeterRegistry registry;
  private final Counter produced;
  private final Counter failed;
  private final Timer latency;
  private final Map<Integer, Counter> httpRequests = new ConcurrentHashMap<>();

  public ProducerMetrics(MeterRegistry registry, String topic) {
    this.registry = registry;
    this.produced = Counter.builder("kafka.messages.produced")
        .description("Records acknowledged by Kafka").tag("topic", topic).register(registry);
    this.failed = Counter.builder("kafka.produce.errors")
        .description("Records Kafka did not accept").tag("topic", topic).register(registry);
    this.latency = Timer.builder("kafka.produce.latency")
        .description("Send to broker acknowledgement").tag("topic", topic)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  void acknowledged(long sentNanos, long ackNanos) {
    produced.increment();
    latency.record(Duration.ofNanos(Math.max(0, ackNanos - sentNanos)));
  }

  void failed() {
    failed.increment();
  }

  /** One answered ingest request, by HTTP status. */
  void httpRequest(int status) {
    httpRequests.computeIfAbsent(status, code -> Counter.builder("http.ingest.requests")
        .description("Requests to the http source by status").tag("status", String.valueOf(code))
        .register(registry)).increment();
  }
}
