package io.tributary.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextTest {
  private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void aValidVersion00HeaderIsTakenAsItIs() {
    assertThat(TraceContext.parse(VALID)).isEqualTo(VALID);
    assertThat(TraceContext.parse(" " + VALID + " ")).as("surrounding whitespace of a header").isEqualTo(VALID);
    assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).isNotNull();
    assertThat(TraceContext.traceId(VALID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void aLaterVersionIsPassedOnAsVersion00() {
    assertThat(TraceContext.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEqualTo(VALID);
    assertThat(TraceContext.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds"))
        .isEqualTo(VALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "garbage",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", // uppercase hex
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 is exactly 55
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01extra", // later version: a dash after the flags
      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // trace id too short
      "00-4bf92f3577b34da6a3ce929d0e0e47366-0f067aa0ba902b7-01", // fields shifted
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
      "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
      "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nx-injected: 1"
  })
  void anInvalidHeaderIsIgnored(String value) {
    assertThat(TraceContext.parse(value)).isNull();
    assertThat(TraceContext.traceId(value)).isNull();
  }

  @Test
  void aRequestWithNoneOrSeveralHeadersHasNoTraceContext() {
    assertThat(TraceContext.parse(null)).isNull();
    assertThat(TraceContext.ofRequest(List.of())).isNull();
    assertThat(TraceContext.ofRequest(List.of(VALID))).isEqualTo(VALID);
    assertThat(TraceContext.ofRequest(List.of(VALID, VALID))).isNull();
  }

  @Test
  void theTraceIdComesFromTheKafkaHeader() {
    List<Header> headers = List.of(new RecordHeader("correlation-id", "x".getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("traceparent", VALID.getBytes(StandardCharsets.UTF_8)));
    assertThat(TraceContext.traceIdOf(headers)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(TraceContext.traceIdOf(List.of(new RecordHeader("traceparent", "bad".getBytes(StandardCharsets.UTF_8)))))
        .isNull();
    assertThat(TraceContext.traceIdOf(List.of())).isNull();
  }
}
