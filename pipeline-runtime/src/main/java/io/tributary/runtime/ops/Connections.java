package io.tributary.runtime.ops;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.runtime.config.KafkaClientProperties;
import io.tributary.runtime.config.Redaction;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SecretEnv;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Builds the Kafka client properties and the Redis client of a role from its configuration. */
public final class Connections {
  /** How long one Redis command may take before it counts as an outage. */
  public static final Duration REDIS_COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private Connections() {}

  /**
   * The common Kafka client properties ({@link KafkaClientProperties}) plus a {@code client.id}
   * naming the pipeline, component and pod.
   */
  public static Map<String, Object> kafkaProperties(RuntimeConfig config, Function<String, String> env) {
    Map<String, Object> props = new HashMap<>(KafkaClientProperties.of(config.kafka(), env));
    props.put("client.id", config.pipeline() + "." + config.component() + "." + hostname(env));
    return props;
  }

  /**
   * A Redis client that fails commands at once while disconnected (instead of queueing them
   * without bound) and times them out after {@link #REDIS_COMMAND_TIMEOUT}, so an outage surfaces
   * as an error the worker can pause and retry on.
   */
  public static RedisClient redisClient(RuntimeConfig config, Function<String, String> env) {
    String url = config.redis().effectiveUrl(env);
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      // the parser quotes the whole URL, password included: say what is wrong without it, and
      // without the cause (its message and stack trace would print the URL again)
      throw new IllegalArgumentException("invalid Redis URL " + Redaction.text(url) + ": " + Redaction.message(e));
    }
    String sentinelPassword = env.apply(SecretEnv.REDIS_SENTINEL_PASSWORD);
    if (sentinelPassword != null && !sentinelPassword.isEmpty()) {
      // the URL's password is the master's; Lettuce asks each sentinel with the sentinel URI's own
      for (RedisURI sentinel : uri.getSentinels()) {
        sentinel.setCredentialsProvider(new StaticCredentialsProvider(null, sentinelPassword.toCharArray()));
      }
    }
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(REDIS_COMMAND_TIMEOUT))
        .build());
    return client;
  }

  /** A readiness check that pings Redis over {@code connection}. */
  public static boolean redisAnswers(StatefulRedisConnection<String, String> connection) {
    try {
      return "PONG".equals(connection.async().ping().get(2, java.util.concurrent.TimeUnit.SECONDS));
    } catch (Exception e) {
      return false;
    }
  }

  /** The pod name (HOSTNAME), or "local". */
  public static String hostname(Function<String, String> env) {
    String host = env.apply("HOSTNAME");
    return host == null || host.isBlank() ? "local" : host;
  }
}
