package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Points a Pipeline written for a cluster at the sandbox's Kafka and Redis: {@code spec.kafka}
 * becomes {@code {bootstrapServers: <embedded>}} (Strimzi, authentication and TLS dropped: the
 * embedded broker is plaintext) and {@code spec.redis} becomes {@code {url: <embedded>}} (secret
 * references dropped), with {@code cluster: true} when the sandbox runs a Redis Cluster. Pure:
 * returns what it changed so the sandbox can say so.
 */
final class PipelineRewriter {
  static final String GROUP_VERSION = "tributary.io/v1alpha1";

  private final String kafkaBootstrapServers;
  private final String redisUrl;
  private final boolean redisCluster;

  PipelineRewriter(String kafkaBootstrapServers, String redisUrl) {
    this(kafkaBootstrapServers, redisUrl, false);
  }

  /** @param redisCluster whether {@code redisUrl} names the seed nodes of a Redis Cluster */
  PipelineRewriter(String kafkaBootstrapServers, String redisUrl, boolean redisCluster) {
    this.kafkaBootstrapServers = kafkaBootstrapServers;
    this.redisUrl = redisUrl;
    this.redisCluster = redisCluster;
  }

  /** Rewrites {@code object} in place if it is a Pipeline; returns a one-line note of the change. */
  Optional<String> rewrite(ObjectNode object) {
    if (!"Pipeline".equals(object.path("kind").asText()) || !GROUP_VERSION.equals(object.path("apiVersion").asText())) {
      return Optional.empty();
    }
    ObjectNode spec = object.has("spec") && object.get("spec").isObject()
        ? (ObjectNode) object.get("spec") : object.putObject("spec");
    String kafkaBefore = describe(spec.get("kafka"));
    String redisBefore = describe(spec.get("redis"));
    ObjectNode kafka = JsonNodeFactory.instance.objectNode().put("bootstrapServers", kafkaBootstrapServers);
    ObjectNode redis = JsonNodeFactory.instance.objectNode().put("url", redisUrl);
    if (redisCluster) {
      redis.put("cluster", true);
    }
    spec.set("kafka", kafka);
    spec.set("redis", redis);
    String namespace = object.path("metadata").path("namespace").asText("default");
    return Optional.of("Pipeline " + (namespace.isEmpty() ? "default" : namespace) + "/"
        + object.path("metadata").path("name").asText() + ": spec.kafka " + kafkaBefore + " -> " + kafka
        + ", spec.redis " + redisBefore + " -> " + redis);
  }

  /**
   * Rewrites a JSON merge patch of a Pipeline in place: a {@code spec.kafka} or {@code spec.redis}
   * it sets becomes the sandbox's address, every other key of it {@code null} (removed).
   *
   * @return whether the patch touched either
   */
  boolean rewritePatch(ObjectNode patch) {
    JsonNode spec = patch.get("spec");
    if (!(spec instanceof ObjectNode specNode)) {
      return false;
    }
    boolean changed = pointAt(specNode, "kafka", "bootstrapServers", kafkaBootstrapServers);
    if (pointAt(specNode, "redis", "url", redisUrl)) {
      if (redisCluster) {
        ((ObjectNode) specNode.get("redis")).put("cluster", true);
      }
      changed = true;
    }
    return changed;
  }

  private static boolean pointAt(ObjectNode spec, String field, String key, String value) {
    if (!spec.has(field)) {
      return false;
    }
    ObjectNode replacement = JsonNodeFactory.instance.objectNode();
    if (spec.get(field).isObject()) {
      spec.get(field).fieldNames().forEachRemaining(name -> replacement.putNull(name));
    }
    replacement.put(key, value);
    spec.set(field, replacement);
    return true;
  }

  private static String describe(JsonNode node) {
    return node == null || node.isNull() ? "(none)" : node.toString();
  }
}
