package io.tributary.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime's logback.xml as the image uses it. Logback resolves {@code ${TRIBUTARY_LOG_FORMAT}}
 * from system properties before the environment, so a property stands in for the variable here.
 */
class LogLineLayoutTest {
  @AfterEach
  void clear() {
    System.clearProperty(LogSettings.FORMAT);
    System.clearProperty(LogSettings.LEVEL);
  }

  private static LoggerContext configured() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogLineLayoutTest.class.getClassLoader().getResource("logback.xml"));
    return context;
  }

  @SuppressWarnings("unchecked")
  private static String line(LoggerContext context) {
    var appender = (ConsoleAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        .getAppender("STDOUT");
    LoggingEvent event = new LoggingEvent("x", context.getLogger("io.tributary.runtime.Main"), Level.INFO,
        "starting role worker", null, null);
    event.setThreadName("main");
    event.setMDCPropertyMap(java.util.Map.of());
    return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void jsonByDefaultTextOnRequestAnyCase() throws Exception {
    LoggerContext json = configured();
    assertThat(line(json)).startsWith("{\"@timestamp\":").contains("\"service.name\":\"pipeline-runtime\"");
    assertThat(json.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
    json.stop();

    System.setProperty(LogSettings.FORMAT, "Text");
    System.setProperty(LogSettings.LEVEL, "warn");
    LoggerContext text = configured();
    assertThat(line(text)).matches("\\S+Z INFO  \\[main] io.tributary.runtime.Main - starting role worker\n");
    assertThat(text.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
    text.stop();
  }

  @Test
  void anEmptyLevelWhichLogbackReadsAsDebugIsRefusedAPaddedOneIsRead() throws Exception {
    System.setProperty(LogSettings.LEVEL, "");
    LoggerContext blank = configured();
    assertThat(blank.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
    blank.stop();
    assertThat(LogSettings.problem(name -> name.equals(LogSettings.LEVEL) ? " " : null)).get().asString()
        .startsWith("TRIBUTARY_LOG_LEVEL is empty: unset it (INFO) or use one of TRACE, DEBUG");
    System.setProperty(LogSettings.LEVEL, " debug ");
    LoggerContext padded = configured();
    assertThat(padded.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
    padded.stop();
  }

  @Test
  void anUnknownFormatWritesJsonAndSaysSo() throws Exception {
    System.setProperty(LogSettings.FORMAT, "yaml");
    LoggerContext context = configured();
    assertThat(line(context)).startsWith("{\"@timestamp\":");
    assertThat(context.getStatusManager().getCopyOfStatusList()).extracting(Status::getMessage)
        .contains("TRIBUTARY_LOG_FORMAT=\"yaml\" is not json or text; writing json");
    context.stop();
  }

  @Test
  void theEntryPointsCheckBothVariables() {
    Function<String, String> none = name -> null;
    assertThat(LogSettings.problem(none)).isEmpty();
    assertThat(LogSettings.problem(name -> name.equals(LogSettings.LEVEL) ? " debug " : "TEXT")).isEmpty();
    assertThat(LogSettings.problem(name -> name.equals(LogSettings.FORMAT) ? "" : null)).isEmpty();
    assertThat(LogSettings.problem(name -> name.equals(LogSettings.LEVEL) ? "x".repeat(1000) : null)).get()
        .asString().contains("\"" + "x".repeat(64) + "…\" is not a log level");
  }
}
