package io.tributary.runtime.ops;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import io.tributary.runtime.config.Redaction;
import java.util.Map;

/**
 * Logback layout for people reading a terminal ({@code TRIBUTARY_LOG_FORMAT=text}):
 * {@code <timestamp> <LEVEL> [<thread>] <logger> - <message> pipeline=… component=… role=…
 * correlation_id=…}, then the stack trace on the following lines. The same fields and the same
 * {@link Redaction} as {@link JsonLineLayout}; a failure to reach a peer is one line there too.
 */
public final class TextLineLayout extends LayoutBase<ILoggingEvent> {
  private static final TargetLengthBasedClassNameAbbreviator LOGGER = new TargetLengthBasedClassNameAbbreviator(36);

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160)
        .append(JsonLineLayout.timestamp(event)).append(' ')
        .append(String.format("%-5s", event.getLevel())).append(" [").append(event.getThreadName()).append("] ")
        .append(LOGGER.abbreviate(event.getLoggerName())).append(" - ")
        .append(Redaction.text(event.getFormattedMessage()));
    RuntimeIdentity identity = JsonLineLayout.identity();
    if (identity != null) {
      line.append(" pipeline=").append(identity.pipeline()).append(" component=").append(identity.component())
          .append(" role=").append(identity.role());
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      mdc.forEach((key, value) -> line.append(' ').append(key).append('=').append(Redaction.text(value)));
    }
    IThrowableProxy throwable = event.getThrowableProxy();
    if (throwable != null) {
      String stackTrace = LogErrors.stackTrace(throwable);
      if (stackTrace == null) {
        line.append(": ").append(LogErrors.chain(throwable));
      } else {
        line.append('\n').append(stackTrace.stripTrailing());
      }
    }
    return line.append('\n').toString();
  }
}
