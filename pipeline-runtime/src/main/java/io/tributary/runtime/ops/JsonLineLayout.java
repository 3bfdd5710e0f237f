package io.tributary.runtime.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tributary.runtime.config.Redaction;
import java.time.Instant;
import java.util.Map;

/**
 * Logback layout writing one JSON object per line: {@code ts, level, logger, message, pipeline,
 * component, role}, then {@code correlation_id} (and any other MDC entry) when set, and
 * {@code error} with the stack trace when the event has a throwable. Every text goes through
 * {@link Redaction}, so no URL password or JAAS password reaches the log.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
  /** MDC key of the per-record correlation id (from the Kafka header {@code correlation-id}). */
  public static final String CORRELATION_ID = "correlation_id";

  private static volatile RuntimeIdentity identity;

  /** Sets the identity fields that every following log line carries. */
  public static void setIdentity(RuntimeIdentity runtimeIdentity) {
    identity = runtimeIdentity;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder json = new StringBuilder(256).append('{');
    field(json, "ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    field(json, "level", event.getLevel().toString());
    field(json, "logger", event.getLoggerName());
    // the last line of defence: whatever a library or a message puts in a line, no credential leaves
    field(json, "message", Redaction.text(event.getFormattedMessage()));
    RuntimeIdentity current = identity;
    if (current != null) {
      field(json, "pipeline", current.pipeline());
      field(json, "component", current.component());
      field(json, "role", current.role());
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      mdc.forEach((key, value) -> field(json, key, Redaction.text(value)));
    }
    IThrowableProxy throwable = event.getThrowableProxy();
    if (throwable != null) {
      field(json, "error", Redaction.text(ThrowableProxyUtil.asString(throwable)));
    }
    json.setLength(json.length() - 1);
    return json.append("}\n").toString();
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append('"');
    JsonStringEncoder.getInstance().quoteAsString(name, json);
    json.append("\":");
    if (value == null) {
      json.append("null");
    } else {
      json.append('"');
      JsonStringEncoder.getInstance().quoteAsString(value, json);
      json.append('"');
    }
    json.append(',');
  }
}
