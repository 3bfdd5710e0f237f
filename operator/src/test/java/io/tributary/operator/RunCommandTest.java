package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCommandTest {
  @Test
  void theProbesListenOnEveryInterfaceUnlessAnAddressIsGiven() {
    assertThat(RunCommand.bindAddress(Map.of())).isEqualTo("0.0.0.0");
    assertThat(RunCommand.bindAddress(Map.of("TRIBUTARY_BIND_ADDRESS", " "))).isEqualTo("0.0.0.0");
    assertThat(RunCommand.bindAddress(Map.of("TRIBUTARY_BIND_ADDRESS", " 127.0.0.1 "))).isEqualTo("127.0.0.1");
    assertThat(RunCommand.bindAddress(Map.of("TRIBUTARY_BIND_ADDRESS", "::1"))).isEqualTo("::1");
  }

  @Test
  void aHostNameOrGarbageIsRefusedNamingTheVariableAndTheValue() {
    assertThatThrownBy(() -> RunCommand.bindAddress(Map.of("TRIBUTARY_BIND_ADDRESS", "evil.example.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TRIBUTARY_BIND_ADDRESS=\"evil.example.com\" is not an IP address (e.g. 0.0.0.0, 127.0.0.1, ::)");
    assertThatThrownBy(() -> RunCommand.bindAddress(Map.of("TRIBUTARY_BIND_ADDRESS", "999.1.1.1")))
        .hasMessageContaining("\"999.1.1.1\" is not an IP address");
    assertThatThrownBy(() -> RunCommand.bindAddress(Map.of("TRIBUTARY_BIND_ADDRESS", "1".repeat(10_000))))
        .hasMessageContaining("…\" is not an IP address");
  }
}
