package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * How to reach Kafka. Credentials come from {@link SecretEnv#KAFKA_USERNAME} and
 * {@link SecretEnv#KAFKA_PASSWORD}, TLS material from PEM files in {@link
 * SecretEnv#DEFAULT_KAFKA_TLS_DIR}; see {@link KafkaClientProperties}.
 *
 * @param bootstrapServers required, {@code host:port[,host:port...]}
 * @param securityProtocol {@code PLAINTEXT} (default), {@code SSL}, {@code SASL_PLAINTEXT} or
 *     {@code SASL_SSL}
 * @param saslMechanism {@code SCRAM-SHA-512}, {@code SCRAM-SHA-256} or {@code PLAIN}; required with
 *     the SASL protocols
 * @param properties extra Kafka client properties, applied last (default none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KafkaConfig(
    String bootstrapServers,
    String securityProtocol,
    String saslMechanism,
    Map<String, String> properties) {

  public static final String DEFAULT_SECURITY_PROTOCOL = "PLAINTEXT";

  public KafkaConfig {
    securityProtocol = securityProtocol == null ? DEFAULT_SECURITY_PROTOCOL : securityProtocol;
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /** A plain-text connection to {@code bootstrapServers}. */
  public static KafkaConfig plaintext(String bootstrapServers) {
    return new KafkaConfig(bootstrapServers, null, null, null);
  }
}
