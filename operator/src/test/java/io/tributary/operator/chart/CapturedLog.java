package io.tributary.operator.chart;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * What the JVM logs (through logback, at the levels {@code logback-test.xml} lets through) while
 * it is open: each event as one line with its logger, message and the messages of its causes, so
 * that a test can say "no Forbidden in the operator's log".
 */
final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private static final Pattern REFUSAL = Pattern.compile("(?i)forbidden|(code|status|http)[=: ]*403\\b");
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  private CapturedLog() {}

  /** Starts capturing; {@link #close()} stops. */
  static CapturedLog capture() {
    CapturedLog log = new CapturedLog();
    log.setContext(log.root.getLoggerContext());
    log.setName("captured-for-test");
    log.start();
    log.root.addAppender(log);
    return log;
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line = new StringBuilder()
        .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage());
    for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
      line.append(" | ").append(cause.getClassName()).append(": ").append(cause.getMessage());
    }
    lines.add(line.toString());
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines that speak of a refusal by the API server (403, Forbidden). */
  List<String> refusals() {
    return lines.stream().filter(l -> REFUSAL.matcher(l).find()).toList();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
