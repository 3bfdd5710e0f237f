package io.tributary.runtime.worker;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * One record as it arrived, from a Kafka topic or a Redis stream, before parsing.
 *
 * @param source the topic or stream name
 * @param partition the Kafka partition; -1 for a Redis stream
 * @param position the offset (Kafka) or the entry id (Redis stream), as text
 * @param offset the Kafka offset; -1 for a Redis stream
 * @param key the Kafka key, may be null
 * @param value the raw value (UTF-8 JSON, hopefully)
 * @param headers Kafka headers, kept when the record is forwarded or dead-lettered
 * @param timestampMillis when the record was produced (Kafka timestamp or stream entry time)
 * @param correlationId from the {@code correlation-id} header, may be null
 */
public record InboundRecord(
    String source,
    int partition,
    String position,
    long offset,
    byte[] key,
    byte[] value,
    List<Header> headers,
    long timestampMillis,
    String correlationId) {

  /** The header carrying the correlation id (DESIGN §3). */
  public static final String CORRELATION_HEADER = "correlation-id";

  public String valueAsText() {
    return value == null ? "" : new String(value, StandardCharsets.UTF_8);
  }

  /** The correlation id from the headers, or null. */
  public static String correlationIdOf(Iterable<Header> headers) {
    for (Header header : headers) {
      if (CORRELATION_HEADER.equals(header.key()) && header.value() != null) {
        return new String(header.value(), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
