package io.tributary.runtime.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Kafka client properties every role shares: servers, security, credentials and TLS material
 * from the environment, then {@code kafka.properties}. Roles add their own producer or consumer
 * settings on top.
 */
public final class KafkaClientProperties {
  private KafkaClientProperties() {}

  /**
   * @param env environment lookup, e.g. {@code System::getenv}
   * @throws IllegalStateException when SASL is configured but {@link SecretEnv#KAFKA_USERNAME} or
   *     {@link SecretEnv#KAFKA_PASSWORD} is empty
   */
  public static Map<String, Object> of(KafkaConfig kafka, Function<String, String> env) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    String protocol = kafka.securityProtocol();
    props.put("security.protocol", protocol);
    if (protocol.startsWith("SASL_")) {
      props.put("sasl.mechanism", kafka.saslMechanism());
      props.put("sasl.jaas.config", jaasConfig(kafka.saslMechanism(), env));
    }
    if (protocol.endsWith("SSL")) {
      String dirSetting = env.apply(SecretEnv.KAFKA_TLS_DIR);
      Path dir = Path.of(dirSetting == null || dirSetting.isBlank()
          ? SecretEnv.DEFAULT_KAFKA_TLS_DIR : dirSetting);
      Path ca = dir.resolve(SecretEnv.KAFKA_TLS_CA);
      if (Files.isRegularFile(ca)) {
        props.put("ssl.truststore.type", "PEM");
        props.put("ssl.truststore.location", ca.toString());
      }
      Path cert = dir.resolve(SecretEnv.KAFKA_TLS_USER_CERT);
      Path key = dir.resolve(SecretEnv.KAFKA_TLS_USER_KEY);
      if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
        // Inline PEM: Kafka reads certificate and unencrypted key from the settings themselves.
        props.put("ssl.keystore.type", "PEM");
        props.put("ssl.keystore.certificate.chain", read(cert));
        props.put("ssl.keystore.key", read(key));
      }
    }
    props.putAll(kafka.properties());
    return props;
  }

  private static String jaasConfig(String mechanism, Function<String, String> env) {
    String user = env.apply(SecretEnv.KAFKA_USERNAME);
    String password = env.apply(SecretEnv.KAFKA_PASSWORD);
    if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
      throw new IllegalStateException("kafka.saslMechanism " + mechanism + " needs "
          + SecretEnv.KAFKA_USERNAME + " and " + SecretEnv.KAFKA_PASSWORD);
    }
    String module = "PLAIN".equals(mechanism)
        ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
    return module + " required username=\"" + escape(user) + "\" password=\"" + escape(password)
        + "\";";
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Kafka TLS file " + file, e);
    }
  }
}
