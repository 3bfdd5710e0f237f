package io.tributary.runtime.producer;

/**
 * One record on its way to Kafka.
 *
 * @param key the Kafka key, or null for none
 * @param value the record as JSON text
 * @param correlationId sent as the header {@code correlation-id}
 * @param timestampMillis the Kafka record timestamp (the record's event time)
 * @param traceparent sent as the header {@code traceparent} (W3C Trace Context), or null for none
 */
public record OutgoingRecord(String key, String value, String correlationId, long timestampMillis,
    String traceparent) {
  /** A record without a trace context. */
  public OutgoingRecord(String key, String value, String correlationId, long timestampMillis) {
    this(key, value, correlationId, timestampMillis, null);
  }
}
