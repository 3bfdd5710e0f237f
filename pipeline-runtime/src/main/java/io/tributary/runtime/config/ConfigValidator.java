package io.tributary.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a runtime configuration and reports every problem at once, each with its JSON path
 * ({@code worker.processors[2].cacheLatest.ttl: "5x" is not a duration (use e.g. 500ms, 30s, 5m,
 * 1h, 1d)}). The operator calls this on the configurations it builds before deploying anything;
 * the runtime calls it on start and in {@code validate}.
 *
 * <p>Checked: types, required fields, unknown fields, "exactly one" unions (none or two members
 * set), durations, {@code {field}} templates, number ranges, the section matching {@code role},
 * Redis being configured where a processor, input or load needs it, and a few cross-field rules
 * (backoff initial &le; max, no forward back into the input topic, ETL load/quality fields that a
 * {@code select} or {@code aggregate} removed).
 */
public final class ConfigValidator {
  static final List<String> ROLES = List.of("producer", "worker", "etl");

  private ConfigValidator() {}

  /** The problems of a typed configuration (empty when it is valid). */
  public static List<ConfigProblem> validate(RuntimeConfig config) {
    return validate(RuntimeConfigs.mapper().valueToTree(config));
  }

  /** The problems of a configuration document as parsed JSON (empty when it is valid). */
  public static List<ConfigProblem> validate(JsonNode document) {
    List<ConfigProblem> problems = new ArrayList<>();
    ObjectCheck root = ObjectCheck.of(ConfigProblem.ROOT, document, problems);
    if (root == null) {
      return problems;
    }
    root.text("pipeline", true);
    root.text("namespace", false);
    root.text("component", true);
    String role = root.oneOf("role", true, ROLES);
    checkKafka(root.object("kafka", true));
    ObjectCheck redis = root.object("redis", false);
    if (redis != null) {
      String url = redis.text("url", false);
      if (url != null) {
        RedisEndpoints.problem(url).ifPresent(problem -> redis.problem("url", problem));
      }
      redis.integer("maxTemplateValueBytes", false, 1, RecordTemplate.MAX_VALUE_BYTES_LIMIT);
      ObjectCheck tls = redis.object("tls", false);
      if (tls != null) {
        tls.text("caFile", true);
        tls.finish();
        if (url != null && url.startsWith("redis://")) {
          // a CA without TLS would be silently unused: the author meant rediss://
          redis.problem("tls", "is set but url is redis:// (plain text); use rediss:// for TLS");
        }
      }
      JsonNode keyPrefix = redis.value("keyPrefix"); // "" is valid: no prefix
      if (keyPrefix != null && !keyPrefix.isTextual()) {
        redis.problem("keyPrefix", ObjectCheck.describe(keyPrefix) + " is not a text");
      } else if (keyPrefix != null && KeyPrefix.problem(keyPrefix.asText()) != null) {
        redis.problem("keyPrefix", KeyPrefix.problem(keyPrefix.asText()));
      }
      redis.integer("minReplicasAcked", false, 0, RedisConfig.MAX_REPLICAS_ACKED);
      redis.bool("cluster");
      redis.finish();
    }
    root.topicName("deadLetterTopic", false);
    Long metricsPort = root.integer("metricsPort", false, 1, 65535);

    String needsRedis = null;
    for (String section : ROLES) {
      boolean present = root.has(section);
      if (role != null && section.equals(role) && !present) {
        root.problem(section, "is required when role is " + role);
      } else if (role != null && !section.equals(role) && present) {
        root.problem(section, "must not be set when role is " + role);
      } else if (present) {
        ObjectCheck sectionCheck = root.object(section, true);
        if (sectionCheck != null) {
          String user = checkSection(section, sectionCheck, root,
              metricsPort == null ? RuntimeConfig.DEFAULT_METRICS_PORT : metricsPort);
          needsRedis = needsRedis == null ? user : needsRedis;
        }
      }
    }
    if (needsRedis != null && !root.has("redis")) {
      root.problem("redis", "is required because " + needsRedis + " uses Redis (set redis.url, or "
          + "redis: {} when the URL comes from " + SecretEnv.REDIS_URL + ")");
    }
    root.finish();
    return problems;
  }

  /** Checks one role section; returns the path of the first thing that needs Redis, or null. */
  private static String checkSection(
      String section, ObjectCheck check, ObjectCheck root, long metricsPort) {
    switch (section) {
      case "producer":
        ProducerRules.check(check, metricsPort);
        return null;
      case "worker":
        return WorkerRules.check(check, root);
      default:
        return EtlRules.check(check);
    }
  }

  private static final List<String> SECURITY_PROTOCOLS =
      List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  private static final List<String> SASL_MECHANISMS =
      List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

  private static void checkKafka(ObjectCheck kafka) {
    if (kafka == null) {
      return;
    }
    String servers = kafka.text("bootstrapServers", true);
    if (servers != null) {
      for (String server : servers.split(",")) {
        if (!server.trim().matches("[^\\s:]+:\\d{1,5}")) {
          kafka.problem("bootstrapServers", "\"" + server.trim() + "\" is not host:port");
        }
      }
    }
    String protocol = kafka.oneOf("securityProtocol", false, SECURITY_PROTOCOLS);
    String mechanism = kafka.oneOf("saslMechanism", false, SASL_MECHANISMS);
    boolean sasl = protocol != null && protocol.startsWith("SASL_");
    if (sasl && mechanism == null && !kafka.has("saslMechanism")) {
      kafka.problem("saslMechanism", "is required when securityProtocol is " + protocol);
    }
    if (!sasl && mechanism != null) {
      kafka.problem("saslMechanism", "is set but securityProtocol "
          + (protocol == null ? KafkaConfig.DEFAULT_SECURITY_PROTOCOL : protocol)
          + " does not use SASL");
    }
    ObjectCheck properties = kafka.object("properties", false);
    if (properties != null) {
      java.util.Iterator<java.util.Map.Entry<String, JsonNode>> fields =
          kafka.value("properties").fields();
      while (fields.hasNext()) {
        java.util.Map.Entry<String, JsonNode> property = fields.next();
        properties.value(property.getKey());
        if (!property.getValue().isValueNode()) {
          properties.problem(property.getKey(),
              ObjectCheck.describe(property.getValue()) + " is not a text, number or boolean");
        }
      }
    }
    kafka.finish();
  }
}
