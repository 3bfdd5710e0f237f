package io.tributary.operator.model;

import io.tributary.runtime.config.KafkaConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka client properties of the operator's own Admin client (topics of plain-Kafka
 * Pipelines): the same security settings the runtime derives from {@link PipelineWiring#kafka()},
 * with the secret material inline (the operator has no mounted files). Pure.
 */
public final class KafkaAdminProperties {
  private KafkaAdminProperties() {}

  /**
   * Secret material read from the Pipeline's Secrets; null members are absent.
   *
   * @param username SASL user name
   * @param password SASL password
   * @param caPem CA certificate of the brokers (PEM)
   * @param userCertPem client certificate for mutual TLS (PEM)
   * @param userKeyPem unencrypted client key for mutual TLS (PEM)
   */
  public record KafkaSecrets(String username, String password, String caPem, String userCertPem, String userKeyPem) {
    public static final KafkaSecrets NONE = new KafkaSecrets(null, null, null, null, null);

    @Override
    public String toString() {
      // never print credentials (events, logs)
      return "KafkaSecrets[username=" + username + ", password=" + (password == null ? "absent" : "***")
          + ", ca=" + (caPem != null) + ", clientCertificate=" + (userCertPem != null) + "]";
    }
  }

  /**
   * @param kafka the runtime's Kafka section of the Pipeline ({@code securityProtocol},
   *     {@code saslMechanism}, {@code properties})
   * @param secrets what the Pipeline's Secrets hold
   * @return properties for {@code Admin.create}, without {@code bootstrap.servers}
   */
  public static Map<String, String> of(KafkaConfig kafka, KafkaSecrets secrets) {
    Map<String, String> props = new LinkedHashMap<>();
    String protocol = kafka.securityProtocol();
    props.put("security.protocol", protocol);
    if (protocol.startsWith("SASL_")) {
      props.put("sasl.mechanism", kafka.saslMechanism());
      String module = "PLAIN".equals(kafka.saslMechanism())
          ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      props.put("sasl.jaas.config", module + " required username=\"" + escape(secrets.username())
          + "\" password=\"" + escape(secrets.password()) + "\";");
    }
    if (protocol.endsWith("SSL")) {
      if (secrets.caPem() != null) {
        props.put("ssl.truststore.type", "PEM");
        props.put("ssl.truststore.certificates", secrets.caPem());
      }
      if (secrets.userCertPem() != null && secrets.userKeyPem() != null) {
        props.put("ssl.keystore.type", "PEM");
        props.put("ssl.keystore.certificate.chain", secrets.userCertPem());
        props.put("ssl.keystore.key", secrets.userKeyPem());
      }
    }
    kafka.properties().forEach((k, v) -> props.put(k, String.valueOf(v)));
    return props;
  }

  private static String escape(String value) {
    return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
