package io.tributary.operator.autoscale;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.tributary.runtime.ops.Connections;
import java.nio.charset.StandardCharsets;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis stream lag through {@code XINFO GROUPS} (the group's {@code lag}: entries never delivered,
 * and {@code pending}: delivered, not acknowledged) and {@code XINFO STREAM}
 * ({@code entries-added}, the arrival counter). Needs Redis 7 or later. One connection per URL.
 *
 * <p>A stream that does not exist yet has no backlog; a group that does not exist yet will be
 * created at the stream's start by the Worker, so the whole stream ({@code XLEN}) is its lag.
 *
 * <p>On a Redis Cluster ({@link LagTarget.RedisStream#cluster}) the URL's hosts are seed nodes and
 * a {@link RedisClusterClient} sends each command to the master of the stream's slot (every one
 * names the stream first), following a failover through {@code MOVED} and topology refreshes.
 */
public final class RedisStreamLagSource implements LagSource {
  private final Map<String, AbstractRedisClient> clients = new ConcurrentHashMap<>();
  private final Map<String, StatefulConnection<String, String>> connections = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration timeout;

  public RedisStreamLagSource(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  @Override
  public LagObservation observe(LagTarget target) throws LagObservationException {
    if (!(target instanceof LagTarget.RedisStream stream)) {
      throw new IllegalArgumentException("not a Redis stream target: " + target.describe());
    }
    try {
      RedisClusterCommands<String, String> redis = sync(connection(stream));
      Map<String, Object> info;
      try {
        info = pairs(redis.xinfoStream(stream.stream()));
      } catch (RedisCommandExecutionException e) {
        if (e.getMessage() != null && e.getMessage().contains("no such key")) {
          return LagObservation.ofRedisStream(clock.instant(), 0, 0, 0);
        }
        throw e;
      }
      long entriesAdded = number(info, "entries-added", stream);
      Instant at = clock.instant();
      for (Object group : redis.xinfoGroups(stream.stream())) {
        Map<String, Object> g = pairs((List<?>) group);
        if (stream.group().equals(g.get("name"))) {
          if (g.get("lag") == null) {
            throw new LagObservationException("Redis " + stream.describe()
                + ": XINFO GROUPS reports no lag (entries were deleted inside the group's range)");
          }
          return LagObservation.ofRedisStream(at, entriesAdded, number(g, "lag", stream), number(g, "pending", stream));
        }
      }
      return LagObservation.ofRedisStream(at, entriesAdded, redis.xlen(stream.stream()), 0);
    } catch (RedisException e) {
      throw new LagObservationException("Redis " + stream.describe() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A connection to the server of the stream's URL: a {@code redis-sentinel://} URL reaches the
   * master the sentinels name now (Lettuce asks them again on each reconnect, so a failover is
   * followed), the sentinels asked with the stream's sentinel password when given.
   */
  private synchronized StatefulConnection<String, String> connection(LagTarget.RedisStream stream)
      throws LagObservationException {
    // one client per URL, CA, sentinel password and kind: a Pipeline that changes either gets a new
    // client (the key never leaves this map)
    String key = stream.redisUrl() + "\u0000" + (stream.caPem() == null ? "" : stream.caPem()) + "\u0000"
        + (stream.sentinelPassword() == null ? "" : stream.sentinelPassword()) + "\u0000" + stream.cluster();
    StatefulConnection<String, String> existing = connections.get(key);
    if (existing != null && existing.isOpen()) {
      return existing;
    }
    AbstractRedisClient client = clients.get(key);
    if (client == null) {
      client = stream.cluster() ? clusterClient(stream) : client(stream);
      clients.put(key, client);
    }
    StatefulConnection<String, String> created = client instanceof RedisClusterClient cluster ? cluster.connect()
        : ((RedisClient) client).connect();
    connections.put(key, created);
    return created;
  }

  private static RedisClusterCommands<String, String> sync(StatefulConnection<String, String> connection) {
    if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
      return cluster.sync();
    }
    return ((StatefulRedisConnection<String, String>) connection).sync();
  }

  /**
   * A cluster client for the seed nodes of the stream's URL ({@code redis://[user:pw@]h1:p1,h2:p2},
   * split as the workers split it); with its CA, TLS on every seed as for one server.
   */
  private RedisClusterClient clusterClient(LagTarget.RedisStream stream) throws LagObservationException {
    List<RedisURI> seeds;
    try {
      seeds = RedisClusterURIUtil.toRedisURIs(java.net.URI.create(stream.redisUrl()));
    } catch (RuntimeException e) {
      // never the URL: it may carry a password
      throw new LagObservationException("Redis " + stream.describe() + ": invalid Redis Cluster URL");
    }
    ClusterClientOptions.Builder options = ClusterClientOptions.builder();
    if (stream.caPem() != null) {
      try {
        for (RedisURI seed : seeds) {
          Connections.applyRedisTls(seed, options, stream.caPem().getBytes(StandardCharsets.UTF_8),
              "spec.redis.tls.caSecretRef");
        }
      } catch (IllegalArgumentException e) {
        throw new LagObservationException("Redis " + stream.describe() + ": " + e.getMessage());
      }
    }
    RedisClusterClient c = RedisClusterClient.create(seeds);
    c.setOptions(options.build());
    c.setDefaultTimeout(timeout);
    return c;
  }

  /** A client for the stream's URL; with its CA, TLS set up as the workers set it up ({@link Connections#applyRedisTls}). */
  private RedisClient client(LagTarget.RedisStream stream) throws LagObservationException {
    RedisURI uri = RedisURI.create(stream.redisUrl());
    if (stream.sentinelPassword() != null) {
      for (RedisURI sentinel : uri.getSentinels()) {
        sentinel.setCredentialsProvider(new StaticCredentialsProvider(null, stream.sentinelPassword().toCharArray()));
      }
    }
    RedisClient c;
    if (stream.caPem() != null) {
      ClientOptions.Builder options = ClientOptions.builder();
      try {
        Connections.applyRedisTls(uri, options, stream.caPem().getBytes(StandardCharsets.UTF_8),
            "spec.redis.tls.caSecretRef");
      } catch (IllegalArgumentException e) {
        // a plain URL or a CA that is no PEM: hold the count and say which field (never the URL)
        throw new LagObservationException("Redis " + stream.describe() + ": " + e.getMessage());
      }
      c = RedisClient.create(uri);
      c.setOptions(options.build());
    } else {
      c = RedisClient.create(uri);
    }
    c.setDefaultTimeout(timeout);
    return c;
  }

  private static Map<String, Object> pairs(List<?> flat) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      map.put(String.valueOf(flat.get(i)), flat.get(i + 1));
    }
    return map;
  }

  private static long number(Map<String, Object> info, String field, LagTarget.RedisStream stream)
      throws LagObservationException {
    Object value = info.get(field);
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new LagObservationException("Redis " + stream.describe() + ": XINFO has no numeric " + field
        + " (got " + value + "; Redis 7 or later is needed)");
  }

  @Override
  public void close() {
    connections.values().forEach(StatefulConnection::close);
    clients.values().forEach(AbstractRedisClient::shutdown);
    connections.clear();
    clients.clear();
  }
}
