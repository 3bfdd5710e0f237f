package io.tributary.runtime.ops;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * The W3C Trace Context {@code traceparent} (https://www.w3.org/TR/trace-context/#traceparent-header):
 * {@code version-traceid-parentid-flags}, 2, 32, 16 and 2 lowercase hex digits. Version {@code ff}
 * and all-zero ids are invalid; version {@code 00} is exactly 55 characters, a later version may
 * carry more after a further {@code -} (and is passed on as version {@code 00}, as the
 * recommendation says for a version not understood).
 *
 * <p>The http source takes a valid header and carries it on every record of the request as the
 * Kafka header {@link #HEADER}; an invalid or repeated one is ignored, never a refusal. The worker
 * logs the trace id as the ECS field {@code trace.id} ({@link JsonLineLayout#TRACE_ID}) and
 * keeps the header on forwarded and dead-letter records.
 */
public final class TraceContext {
  /** The HTTP and the Kafka header name. */
  public static final String HEADER = "traceparent";

  private TraceContext() {}

  /**
   * The {@code traceparent} to pass on, as version 00, or null when {@code value} is not a valid
   * one.
   */
  public static String parse(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (v.length() < 55 || !hex(v, 0, 2) || v.charAt(2) != '-' || !hex(v, 3, 35) || v.charAt(35) != '-'
        || !hex(v, 36, 52) || v.charAt(52) != '-' || !hex(v, 53, 55)) {
      return null;
    }
    String version = v.substring(0, 2);
    if (version.equals("ff") || (version.equals("00") ? v.length() != 55 : v.length() > 55 && v.charAt(55) != '-')) {
      return null;
    }
    if (zero(v, 3, 35) || zero(v, 36, 52)) {
      return null;
    }
    return "00" + v.substring(2, 55);
  }

  /**
   * The {@code traceparent} of a request from every value of the header: the one valid value,
   * else null (none, an invalid one, or several: the recommendation is to start a new trace).
   */
  public static String ofRequest(List<String> values) {
    return values.size() == 1 ? parse(values.get(0)) : null;
  }

  /** The 32-digit trace id of a valid {@code traceparent}, else null. */
  public static String traceId(String traceparent) {
    String valid = parse(traceparent);
    return valid == null ? null : valid.substring(3, 35);
  }

  /** The trace id of the last {@link #HEADER} among Kafka headers, if valid; else null. */
  public static String traceIdOf(Iterable<Header> headers) {
    String value = null;
    for (Header header : headers) {
      if (HEADER.equals(header.key()) && header.value() != null) {
        value = new String(header.value(), StandardCharsets.UTF_8);
      }
    }
    return traceId(value);
  }

  private static boolean hex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean zero(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
