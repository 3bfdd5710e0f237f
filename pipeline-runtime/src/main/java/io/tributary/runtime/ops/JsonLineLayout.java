package io.tributary.runtime.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tributary.runtime.BuildInfo;
import io.tributary.runtime.config.Redaction;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Logback layout writing one JSON object per line in the Elastic Common Schema, as the
 * ecs-logging libraries do, so Filebeat/Elastic Agent, Fluent Bit, Vector, Loki or an OpenTelemetry
 * collector read it without a mapping: {@code @timestamp}, {@code log.level}, {@code message},
 * {@code ecs.version}, {@code service.name}, {@code service.version}, {@code process.thread.name},
 * {@code log.logger}; then the custom fields {@code pipeline}, {@code component}, {@code role} (the
 * names of the metric labels), {@code correlation_id}, {@code trace.id} and every other MDC entry (JOSDK's
 * {@code resource.name}, ...); and {@code error.type}, {@code error.message},
 * {@code error.stack_trace} for an event with an exception (no stack trace for a failure to reach
 * a peer, see {@link LogErrors}). Field names are dotted, not nested, like ecs-logging writes them.
 *
 * <p>Every text goes through {@link Redaction}, so no URL password or JAAS password reaches the log.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
  /** MDC key of the per-record correlation id (from the Kafka header {@code correlation-id}). */
  public static final String CORRELATION_ID = "correlation_id";
  /**
   * MDC key of the W3C trace id (from a valid {@code traceparent}, {@link TraceContext}): the ECS
   * field {@code trace.id}, which Elastic APM and OpenTelemetry collectors link to the trace.
   */
  public static final String TRACE_ID = "trace.id";
  /** The ECS version whose field definitions the lines follow (the one ecs-logging-java writes). */
  public static final String ECS_VERSION = "1.2.0";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static volatile RuntimeIdentity identity;

  private String serviceName = "pipeline-runtime";

  /** Sets the identity fields that every following log line carries (both formats). */
  public static void setIdentity(RuntimeIdentity runtimeIdentity) {
    identity = runtimeIdentity;
  }

  /** The identity set by {@link #setIdentity}, or null before a role started (the operator). */
  static RuntimeIdentity identity() {
    return identity;
  }

  /** {@code service.name} of every line: {@code pipeline-runtime} unless configured. */
  public void setServiceName(String serviceName) {
    this.serviceName = serviceName;
  }

  /** The {@code @timestamp} text of an event: UTC, milliseconds, always the same width. */
  static String timestamp(ILoggingEvent event) {
    return TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp()));
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder json = new StringBuilder(256).append('{');
    Set<String> written = new HashSet<>();
    // ecs-logging puts these three first so a line is readable as text too
    field(json, written, "@timestamp", timestamp(event));
    field(json, written, "log.level", event.getLevel().toString());
    // the last line of defence: whatever a library or a message puts in a line, no credential leaves
    field(json, written, "message", Redaction.text(event.getFormattedMessage()));
    field(json, written, "ecs.version", ECS_VERSION);
    field(json, written, "service.name", serviceName);
    field(json, written, "service.version", BuildInfo.version());
    field(json, written, "process.thread.name", event.getThreadName());
    field(json, written, "log.logger", event.getLoggerName());
    RuntimeIdentity current = identity;
    if (current != null) {
      field(json, written, "pipeline", current.pipeline());
      field(json, written, "component", current.component());
      field(json, written, "role", current.role());
    }
    IThrowableProxy throwable = event.getThrowableProxy();
    if (throwable != null) {
      field(json, written, "error.type", throwable.getClassName());
      field(json, written, "error.message",
          LogErrors.isConnectivity(throwable) ? LogErrors.chain(throwable) : LogErrors.message(throwable));
      String stackTrace = LogErrors.stackTrace(throwable);
      if (stackTrace != null) {
        field(json, written, "error.stack_trace", stackTrace);
      }
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      // an MDC entry never replaces a field above (a key "message" would make the line ambiguous)
      mdc.forEach((key, value) -> field(json, written, key, Redaction.text(value)));
    }
    json.setLength(json.length() - 1);
    return json.append("}\n").toString();
  }

  private static void field(StringBuilder json, Set<String> written, String name, String value) {
    // an absent value is left out, as ecs-logging does, rather than written as null
    if (name == null || value == null || !written.add(name)) {
      return;
    }
    json.append('"');
    JsonStringEncoder.getInstance().quoteAsString(name, json);
    json.append("\":\"");
    JsonStringEncoder.getInstance().quoteAsString(value, json);
    json.append("\",");
  }
}
