package io.tributary.runtime.ops;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.tributary.runtime.config.KafkaClientProperties;
import io.tributary.runtime.config.Redaction;
import io.tributary.runtime.config.RuntimeConfig;
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
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(REDIS_COMMAND_TIMEOUT))
        .build());
    return client;
  }

  /**
   * The Redis of a role: a {@link #redisClient single server}, or with {@code redis.cluster: true}
   * a Redis Cluster reached through the seed nodes of the URL
   * ({@code redis://[user:password@]h1:p1,h2:p2}, which Lettuce's {@link RedisClusterURIUtil}
   * splits into one {@link RedisURI} per node, each with the URL's credentials and TLS). The
   * cluster client has the same command options and refreshes its topology every 30 s and at once
   * on {@code MOVED}, {@code ASK} or a reconnect, so that a failover is followed.
   */
  public static RedisAccess redisAccess(RuntimeConfig config, Function<String, String> env) {
    if (config.redis() == null || !config.redis().clusterMode()) {
      return RedisAccess.of(redisClient(config, env));
    }
    String url = config.redis().effectiveUrl(env);
    java.util.List<RedisURI> seeds;
    try {
      seeds = RedisClusterURIUtil.toRedisURIs(java.net.URI.create(url));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid Redis URL " + Redaction.text(url) + ": " + Redaction.message(e));
    }
    RedisClusterClient client = RedisClusterClient.create(seeds);
    client.setOptions(ClusterClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(REDIS_COMMAND_TIMEOUT))
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(Duration.ofSeconds(30))
            .enableAllAdaptiveRefreshTriggers()
            .build())
        .build());
    return RedisAccess.of(client);
  }

  /** A readiness check that pings Redis over {@code connection}. */
  public static boolean redisAnswers(StatefulRedisConnection<String, String> connection) {
    try {
      return "PONG".equals(connection.async().ping().get(2, java.util.concurrent.TimeUnit.SECONDS));
    } catch (Exception e) {
      return false;
    }
  }

  /** A readiness check that pings Redis (on a cluster: the node the session's default connection uses). */
  public static boolean redisAnswers(RedisAccess.Session session) {
    try {
      return "PONG".equals(session.async().ping().get(2, java.util.concurrent.TimeUnit.SECONDS));
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
