package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorLoggingTest {

  @Test
  void operatorConfigurationIsItsOwnFileNotTheRuntimes() {
    URL operatorFile = getClass().getClassLoader().getResource(Main.LOGBACK_CONFIGURATION);
    URL runtimeFile = getClass().getClassLoader().getResource("logback.xml");
    assertThat(operatorFile).isNotNull();
    assertThat(runtimeFile).as("the runtime's logback.xml is on the classpath, hence the own name").isNotNull();
    assertThat(operatorFile).isNotEqualTo(runtimeFile);
  }

  @Test
  void mainSelectsTheOperatorConfigurationUnlessTheUserChoseOne() {
    String before = System.getProperty("logback.configurationFile");
    try {
      System.clearProperty("logback.configurationFile");
      Main.useOperatorLogging();
      assertThat(System.getProperty("logback.configurationFile")).isEqualTo(Main.LOGBACK_CONFIGURATION);

      System.setProperty("logback.configurationFile", "/etc/custom-logback.xml");
      Main.useOperatorLogging();
      assertThat(System.getProperty("logback.configurationFile")).isEqualTo("/etc/custom-logback.xml");
    } finally {
      if (before == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", before);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void writesEcsJsonLinesWithJosdkMdcAndQuietsClientLibraries() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getClassLoader().getResource(Main.LOGBACK_CONFIGURATION));

    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var appender = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT");
    Encoder<ILoggingEvent> encoder = appender.getEncoder();
    LoggingEvent event = new LoggingEvent("x", context.getLogger("io.tributary.operator.reconciler.PipelineReconciler"),
        Level.INFO, "reconciled {}", null, new Object[] {"market-data"});
    event.setMDCPropertyMap(Map.of("resource.name", "market-data", "resource.namespace", "default"));
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("}\n").doesNotContain("\n{");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("log.level").asText()).isEqualTo("INFO");
    assertThat(json.path("service.name").asText()).isEqualTo("tributary-operator");
    assertThat(json.path("ecs.version").asText()).isNotBlank();
    assertThat(json.path("message").asText()).isEqualTo("reconciled market-data");
    assertThat(json.path("resource.name").asText()).isEqualTo("market-data");
    assertThat(context.getLogger("io.fabric8.kubernetes.client.informers").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.apache.kafka.clients.admin").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.tributary.operator").getEffectiveLevel()).isEqualTo(Level.INFO);
    context.stop();
  }
}
