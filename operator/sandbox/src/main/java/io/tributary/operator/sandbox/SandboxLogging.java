package io.tributary.operator.sandbox;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends the sandbox JVM's own logs (operator, broker, node) to a file, so the console shows the
 * live table; also quiets the mock API server's per-request java.util.logging lines.
 */
final class SandboxLogging {
  private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

  private SandboxLogging() {}

  static void toFile(Path file) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setFile(file.toAbsolutePath().toString());
    appender.setAppend(false);
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    for (String noisy : List.of("org.apache.kafka", "kafka", "io.fabric8", "io.javaoperatorsdk", "io.vertx", "io.netty")) {
      context.getLogger(noisy).setLevel(Level.WARN);
    }
    quietJul();
  }

  static void quietJul() {
    for (String name : List.of("", "okhttp3.mockwebserver", "io.fabric8.mockwebserver")) {
      java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
      logger.setLevel(java.util.logging.Level.WARNING);
      QUIETED.add(logger);
    }
  }
}
