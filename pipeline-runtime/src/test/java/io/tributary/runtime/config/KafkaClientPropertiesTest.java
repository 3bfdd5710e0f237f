package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {
  @TempDir Path tls;

  @Test
  void plaintextNeedsOnlyTheServersAndKeepsExtraProperties() {
    KafkaConfig kafka = new KafkaConfig("k:9092", null, null, Map.of("linger.ms", "20"));
    assertThat(KafkaClientProperties.of(kafka, name -> null)).containsExactlyInAnyOrderEntriesOf(
        Map.of("bootstrap.servers", "k:9092", "security.protocol", "PLAINTEXT", "linger.ms", "20"));
  }

  @Test
  void scramTakesTheCredentialsFromTheEnvironment() {
    KafkaConfig kafka = new KafkaConfig("k:9093", "SASL_PLAINTEXT", "SCRAM-SHA-512", null);
    Map<String, String> env = Map.of("TRIBUTARY_KAFKA_USERNAME", "app",
        "TRIBUTARY_KAFKA_PASSWORD", "se\"cret");
    assertThat(KafkaClientProperties.of(kafka, env::get))
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule"
            + " required username=\"app\" password=\"se\\\"cret\";");
    assertThatThrownBy(() -> KafkaClientProperties.of(kafka, name -> null))
        .hasMessage("kafka.saslMechanism SCRAM-SHA-512 needs TRIBUTARY_KAFKA_USERNAME and "
            + "TRIBUTARY_KAFKA_PASSWORD");
  }

  @Test
  void tlsUsesThePemFilesThatAreMounted() throws IOException {
    Files.writeString(tls.resolve("ca.crt"), "CA");
    Files.writeString(tls.resolve("user.crt"), "CERT");
    Files.writeString(tls.resolve("user.key"), "KEY");
    KafkaConfig kafka = new KafkaConfig("k:9093", "SSL", null, null);
    assertThat(KafkaClientProperties.of(kafka, Map.of("TRIBUTARY_KAFKA_TLS_DIR", tls.toString())::get))
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.location", tls.resolve("ca.crt").toString())
        .containsEntry("ssl.keystore.certificate.chain", "CERT")
        .containsEntry("ssl.keystore.key", "KEY");
  }
}
