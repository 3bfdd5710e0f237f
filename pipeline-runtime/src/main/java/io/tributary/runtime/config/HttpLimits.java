package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * How much the {@code http} source gives one client: time to send a request, connections and
 * requests at once, header bytes. Every field is optional and has a default that is safe in front
 * of the internet; the operator leaves the whole object out, so the runtime's defaults apply.
 *
 * <p>Memory: a request's body is held while it is read and processed, and only requests that
 * hold one of the {@code maxPendingRequests} places read a body, so bodies take at most
 * {@code maxPendingRequests × maxBodyBytes} (32 MiB with the defaults); each open connection
 * holds at most {@code maxHeaderBytes} of headers besides.
 *
 * @param headerTimeout the request line and all headers must arrive within this long of the
 *     connection's opening or of the request's first byte, however slowly they trickle in; else
 *     {@code 408} and the connection is closed. Default {@value #DEFAULT_HEADER_TIMEOUT}
 * @param bodyTimeout the whole body must arrive within this long of the headers; else {@code 408},
 *     nothing of the request is sent, the connection is closed. Default {@value #DEFAULT_BODY_TIMEOUT}
 * @param idleTimeout a kept-alive connection without a request is closed after this long.
 *     Default {@value #DEFAULT_IDLE_TIMEOUT}
 * @param maxConnections open connections at most; one more is answered {@code 429} with
 *     {@code Retry-After} and closed. Default {@value #DEFAULT_MAX_CONNECTIONS}
 * @param maxPendingRequests requests at most whose body is being read, waits for a handler or is
 *     being sent to Kafka; one more is answered {@code 429} with {@code Retry-After} before its
 *     body is read. Default {@value #DEFAULT_MAX_PENDING_REQUESTS}
 * @param maxHeaderBytes the request's headers at most (the request line at most
 *     {@value #MAX_REQUEST_LINE_BYTES} bytes); larger is {@code 431} (a longer request line
 *     {@code 414}). Default {@value #DEFAULT_MAX_HEADER_BYTES}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpLimits(String headerTimeout, String bodyTimeout, String idleTimeout,
    Integer maxConnections, Integer maxPendingRequests, Integer maxHeaderBytes) {
  public static final String DEFAULT_HEADER_TIMEOUT = "10s";
  public static final String DEFAULT_BODY_TIMEOUT = "30s";
  public static final String DEFAULT_IDLE_TIMEOUT = "60s";
  public static final int DEFAULT_MAX_CONNECTIONS = 512;
  public static final int DEFAULT_MAX_PENDING_REQUESTS = 32;
  public static final int DEFAULT_MAX_HEADER_BYTES = 16_384;
  /** Upper bound of {@code maxConnections}: a file descriptor and a few KiB each. */
  public static final int MAX_MAX_CONNECTIONS = 65_536;
  /** Upper bound of {@code maxPendingRequests}: each may hold a body of {@code maxBodyBytes}. */
  public static final int MAX_MAX_PENDING_REQUESTS = 4096;
  /** Upper bound of {@code maxHeaderBytes} (1 MiB); the lower bound is 1024. */
  public static final int MAX_MAX_HEADER_BYTES = 1_048_576;
  /** Largest number of a timeout ({@code 999999s}, ...): larger ones would overflow as milliseconds. */
  public static final long MAX_TIMEOUT_AMOUNT = 999_999;
  /** Longest request line ({@code POST /path HTTP/1.1}); a longer one is {@code 414}. */
  public static final int MAX_REQUEST_LINE_BYTES = 8192;

  public HttpLimits {
    headerTimeout = headerTimeout == null ? DEFAULT_HEADER_TIMEOUT : headerTimeout;
    bodyTimeout = bodyTimeout == null ? DEFAULT_BODY_TIMEOUT : bodyTimeout;
    idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
    maxConnections = maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections;
    maxPendingRequests = maxPendingRequests == null ? DEFAULT_MAX_PENDING_REQUESTS : maxPendingRequests;
    maxHeaderBytes = maxHeaderBytes == null ? DEFAULT_MAX_HEADER_BYTES : maxHeaderBytes;
  }

  /** All defaults. */
  public static HttpLimits defaults() {
    return new HttpLimits(null, null, null, null, null, null);
  }

  /** {@link #headerTimeout()} parsed. */
  public Duration headerTimeoutDuration() {
    return Durations.parse(headerTimeout);
  }

  /** {@link #bodyTimeout()} parsed. */
  public Duration bodyTimeoutDuration() {
    return Durations.parse(bodyTimeout);
  }

  /** {@link #idleTimeout()} parsed. */
  public Duration idleTimeoutDuration() {
    return Durations.parse(idleTimeout);
  }
}
