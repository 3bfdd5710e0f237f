package io.tributary.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineLayoutTest {

  @Test
  void writesOneJsonObjectPerLineWithIdentityAndCorrelationId() throws Exception {
    JsonLineLayout.setIdentity(new RuntimeIdentity("payments", "fraud-check", "worker"));
    LoggerContext context = new LoggerContext();
    LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("io.tributary.Test"), Level.WARN,
        "record {} \"failed\"\nagain", new IllegalStateException("bad"), new Object[] {42});
    event.setMDCPropertyMap(Map.of(JsonLineLayout.CORRELATION_ID, "abc-123"));

    String line = new JsonLineLayout().doLayout(event);

    assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("logger").asText()).isEqualTo("io.tributary.Test");
    assertThat(json.get("message").asText()).isEqualTo("record 42 \"failed\"\nagain");
    assertThat(json.get("pipeline").asText()).isEqualTo("payments");
    assertThat(json.get("component").asText()).isEqualTo("fraud-check");
    assertThat(json.get("role").asText()).isEqualTo("worker");
    assertThat(json.get("correlation_id").asText()).isEqualTo("abc-123");
    assertThat(json.get("error").asText()).contains("IllegalStateException: bad");
    assertThat(json.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }
}
