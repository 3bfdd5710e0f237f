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
  private final Counter httpRecords;

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
    this.httpRecords = Counter.builder("http.ingest.records")
        .description("Records of the http source's accepted requests (202)").tag("topic", topic).register(registry);
  }

  void acknowledged(long sentNanos, long ackNanos) {
    produced.increment();
    latency.record(Duration.ofNanos(Math.max(0, ackNanos - sentNanos)));
  }

  void failed() {
    failed.increment();
  }

  /** The records of one accepted (202) ingest request. */
  void httpRecordsAccepted(int records) {
    httpRecords.increment(records);
  }

  /**
   * The http source's counts so far, read from the meters above (so {@code /stats} and
   * {@code /metrics} cannot disagree): {@code {"accepted": {"requests", "records"},
   * "rejected": {"requests", "byStatus": {"400": n, ...}}}}. Rejected is every ingest request
   * answered other than 202.
   */
  com.fasterxml.jackson.databind.node.ObjectNode httpStats() {
    var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    var byStatus = json.objectNode();
    long rejected = 0;
    long accepted = 0;
    for (Map.Entry<Integer, Counter> entry : new java.util.TreeMap<>(httpRequests).entrySet()) {
      long count = (long) entry.getValue().count();
      if (entry.getKey() == 202) {
        accepted = count;
      } else {
        rejected += count;
        byStatus.put(String.valueOf(entry.getKey()), count);
      }
    }
    var stats = json.objectNode();
    stats.putObject("accepted").put("requests", accepted).put("records", (long) httpRecords.count());
    stats.putObject("rejected").put("requests", rejected).set("byStatus", byStatus);
    return stats;
  }

  /** One answered ingest request, by HTTP status. */
  void httpRequest(int status) {
    httpRequests.computeIfAbsent(status, code -> Counter.builder("http.ingest.requests")
        .description("Requests to the http source by status").tag("status", String.valueOf(code))
        .register(registry)).increment();
  }
}
