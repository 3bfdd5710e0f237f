package io.tributary.runtime.ops;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.tributary.runtime.config.Redaction;
import java.util.List;

/**
 * How a log line shows the exception it carries, for both log formats. A failure to reach a peer
 * (the API server, Kafka, Redis: connection refused, unknown host, timeouts) is shown as its
 * cause chain in one line and without a stack trace: it says where the problem is (the network or
 * the peer) and a stack trace of the client library, repeated on every retry of every informer or
 * connection, only buries it. Every other exception keeps its full stack trace.
 */
final class LogErrors {
  /**
   * Simple-name endings of the connection failures (the proxy knows only class names; Netty's
   * {@code AnnotatedConnectException} and friends are subclasses with other names).
   */
  private static final List<String> CONNECTIVITY = List.of("ConnectException", "UnknownHostException",
      "NoRouteToHostException", "ConnectTimeoutException", "SocketTimeoutException", "UnresolvedAddressException",
      "PortUnreachableException");

  private LogErrors() {}

  /** True when some exception of the cause chain is a failure to reach the peer. */
  static boolean isConnectivity(IThrowableProxy throwable) {
    for (IThrowableProxy t = throwable; t != null; t = t.getCause()) {
      String name = t.getClassName();
      String simple = name.substring(name.lastIndexOf('.') + 1);
      if (CONNECTIVITY.stream().anyMatch(simple::endsWith)) {
        return true;
      }
    }
    return false;
  }

  /** {@code Outer: message; caused by Inner: message; ...}, redacted. */
  static String chain(IThrowableProxy throwable) {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    for (IThrowableProxy t = throwable; t != null && depth < 10; t = t.getCause(), depth++) {
      if (depth > 0) {
        text.append("; caused by ");
      }
      text.append(t.getClassName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage());
      }
    }
    return Redaction.text(text.toString());
  }

  /** The outermost exception's message, redacted (may be null). */
  static String message(IThrowableProxy throwable) {
    return throwable.getMessage() == null ? null : Redaction.text(throwable.getMessage());
  }

  /** The full stack trace with causes, redacted; null for a connectivity failure. */
  static String stackTrace(IThrowableProxy throwable) {
    return isConnectivity(throwable) ? null : Redaction.text(ThrowableProxyUtil.asString(throwable));
  }
}
