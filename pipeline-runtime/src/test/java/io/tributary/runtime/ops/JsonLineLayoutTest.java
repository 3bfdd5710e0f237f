package io.tributary.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLineLayoutTest {
  private final LoggerContext context = new LoggerContext();

  @AfterEach
  void clearIdentity() {
    JsonLineLayout.setIdentity(null);
  }

  private LoggingEvent event(Level level, String message, Throwable throwable, Object... arguments) {
    return event(Map.of(), level, message, throwable, arguments);
  }

  private LoggingEvent event(Map<String, String> mdc, Level level, String message, Throwable throwable,
      Object... arguments) {
    LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("io.tributary.Test"), level, message, throwable,
        arguments);
    event.setThreadName("worker-1");
    event.setMDCPropertyMap(mdc);
    return event;
  }

  @Test
  void writesOneEcsJsonObjectPerLineWithIdentityAndCorrelationId() throws Exception {
    JsonLineLayout.setIdentity(new RuntimeIdentity("payments", "fraud-check", "worker"));
    LoggingEvent event = event(Map.of(JsonLineLayout.CORRELATION_ID, "abc-123"), Level.WARN,
        "record {} \"failed\"\nagain", new IllegalStateException("bad"), 42);

    String line = new JsonLineLayout().doLayout(event);

    assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
    // ecs-logging's order: a line starts with the time, the level and the message
    assertThat(line).startsWith("{\"@timestamp\":\"");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(List.of(json.fieldNames().next())).containsExactly("@timestamp");
    assertThat(json.get("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(json.get("log.level").asText()).isEqualTo("WARN");
    assertThat(json.get("message").asText()).isEqualTo("record 42 \"failed\"\nagain");
    assertThat(json.get("ecs.version").asText()).isEqualTo("1.2.0");
    assertThat(json.get("log.logger").asText()).isEqualTo("io.tributary.Test");
    assertThat(json.get("process.thread.name").asText()).isEqualTo("worker-1");
    assertThat(json.get("service.name").asText()).isEqualTo("pipeline-runtime");
    assertThat(json.get("service.version").asText()).isNotBlank().isNotEqualTo("unknown");
    assertThat(json.get("pipeline").asText()).isEqualTo("payments");
    assertThat(json.get("component").asText()).isEqualTo("fraud-check");
    assertThat(json.get("role").asText()).isEqualTo("worker");
    assertThat(json.get("correlation_id").asText()).isEqualTo("abc-123");
    assertThat(json.get("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(json.get("error.message").asText()).isEqualTo("bad");
    assertThat(json.get("error.stack_trace").asText()).contains("IllegalStateException: bad").contains("\tat ");
    // the pre-ECS names are gone: one name per fact
    assertThat(json.has("ts")).isFalse();
    assertThat(json.has("level")).isFalse();
    assertThat(json.has("error")).isFalse();
  }

  @Test
  void aFailureToReachAPeerIsItsCauseChainWithoutAStackTrace() throws Exception {
    Throwable refused = new CompletionException(new ConnectException("Connection refused: 127.0.0.1/127.0.0.1:9092"));

    JsonNode json = new ObjectMapper().readTree(new JsonLineLayout().doLayout(event(Level.WARN,
        "listSyncAndWatch failed for tributary.io/v1alpha1/workers, will retry", refused)));

    assertThat(json.get("error.type").asText()).isEqualTo("java.util.concurrent.CompletionException");
    assertThat(json.get("error.message").asText()).isEqualTo("java.util.concurrent.CompletionException:"
        + " java.net.ConnectException: Connection refused: 127.0.0.1/127.0.0.1:9092; caused by"
        + " java.net.ConnectException: Connection refused: 127.0.0.1/127.0.0.1:9092");
    assertThat(json.has("error.stack_trace")).isFalse();
  }

  @Test
  void noPasswordInMessageMdcOrErrorAndMdcCannotReplaceAField() throws Exception {
    LoggingEvent event = event(Map.of("message", "not the message", "url", "redis://:hunter2@r:6379"), Level.ERROR,
        "connecting to {}", new ConnectException("redis://u:hunter2@redis:6379"), "redis://u:hunter2@redis:6379");

    String line = new JsonLineLayout().doLayout(event);

    assertThat(line).doesNotContain("hunter2");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("message").asText()).startsWith("connecting to redis://");
    assertThat(json.get("url").asText()).startsWith("redis://");
  }

  @Test
  void theTextLayoutCarriesTheSameFieldsOnOneLine() {
    JsonLineLayout.setIdentity(new RuntimeIdentity("payments", "fraud-check", "worker"));
    LoggingEvent event = event(Map.of(JsonLineLayout.CORRELATION_ID, "abc-123"), Level.INFO, "processed {} records",
        null, 3);

    String line = new TextLineLayout().doLayout(event);

    assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[worker-1] io.tributary.Test"
        + " - processed 3 records pipeline=payments component=fraud-check role=worker correlation_id=abc-123\n");
    String refused = new TextLineLayout().doLayout(event(Level.WARN, "retrying", new ConnectException("refused")));
    assertThat(refused).hasLineCount(1).endsWith(" - retrying pipeline=payments component=fraud-check role=worker:"
        + " java.net.ConnectException: refused\n");
    String failed = new TextLineLayout().doLayout(event(Level.ERROR, "failed", new IllegalStateException("bug")));
    assertThat(failed).contains("failed pipeline=payments component=fraud-check role=worker\n"
        + "java.lang.IllegalStateException: bug\n\tat ");
  }
}
