package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.runtime.config.HostOverrides;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {
  @Test
  void theHttpSourceBindsAllInterfacesInAPodAndTheAddressTributaryHttpBindNames() {
    assertThat(ProducerRole.Settings.fromEnvironment(name -> null).httpBindAddress()).isEqualTo("0.0.0.0");
    assertThat(ProducerRole.Settings.fromEnvironment(name -> " ").httpBindAddress()).isEqualTo("0.0.0.0");
    assertThat(ProducerRole.Settings.fromEnvironment(Map.of(HostOverrides.HTTP_BIND, " 127.0.0.1 ")::get)
        .httpBindAddress()).isEqualTo("127.0.0.1");
  }
}
