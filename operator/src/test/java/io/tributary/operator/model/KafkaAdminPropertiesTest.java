package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.operator.model.KafkaAdminProperties.KafkaSecrets;
import io.tributary.runtime.config.KafkaConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaAdminPropertiesTest {
  private static final String CA = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";

  @Test
  void plaintextNeedsNothingElse() {
    assertThat(KafkaAdminProperties.of(KafkaConfig.plaintext("kafka:9092"), KafkaSecrets.NONE))
        .containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
  }

  @Test
  void scramOverTlsLogsInAndTrustsTheClusterCa() {
    var kafka = new KafkaConfig("kafka:9093", "SASL_SSL", "SCRAM-SHA-512", Map.of());
    Map<String, String> props = KafkaAdminProperties.of(kafka, new KafkaSecrets("pipeline-user", "pa\"ss", CA, null, null));
    assertThat(props)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"pipeline-user\" password=\"pa\\\"ss\";")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", CA)
        .doesNotContainKey("ssl.keystore.type");
  }

  @Test
  void mutualTlsPresentsTheClientCertificate() {
    var kafka = new KafkaConfig("kafka:9093", "SSL", null, Map.of());
    Map<String, String> props = KafkaAdminProperties.of(kafka, new KafkaSecrets(null, null, CA, "CERT", "KEY"));
    assertThat(props)
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.keystore.type", "PEM")
        .containsEntry("ssl.keystore.certificate.chain", "CERT")
        .containsEntry("ssl.keystore.key", "KEY")
        .doesNotContainKey("sasl.jaas.config");
  }

  @Test
  void theSecretsNeverShowInTheirDescription() {
    assertThat(new KafkaSecrets("u", "s3cret", CA, "CERT", "PRIVATE KEY").toString())
        .doesNotContain("s3cret").doesNotContain("PRIVATE KEY");
  }
}
