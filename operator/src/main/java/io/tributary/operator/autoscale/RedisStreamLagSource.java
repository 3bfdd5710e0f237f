package io.tributary.operator.autoscale;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.tributary.runtime.ops.Connections;
import java.nio.charset.StandardCharsets;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.api.StatefulRedisConnection;
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
 */
public final class RedisStreamLagSource implements LagSource {
  private final Map<String, RedisClient> clients = new ConcurrentHashMap<>();
  private final Map<String, StatefulRedisConnection<String, String>> connections = new ConcurrentHashMap<>();
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
      var redis = connection(stream).sync();
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
  private synchronized StatefulRedisConnection<String, String> connection(LagTarget.RedisStream stream)
      throws LagObservationException {
    // one client per URL, CA and sentinel password: a Pipeline that changes either gets a new client
    // (the key never leaves this map)
    String key = stream.redisUrl() + "\u0000" + (stream.caPem() == null ? "" : stream.caPem()) + "\u0000"
        + (stream.sentinelPassword() == null ? "" : stream.sentinelPassword());
    StatefulRedisConnection<String, String> existing = connections.get(key);
    if (existing != null && existing.isOpen()) {
      return existing;
    }
    RedisClient client = clients.get(key);
    if (client == null) {
      client = client(stream);
      clients.put(key, client);
    }
    StatefulRedisConnection<String, String> created = client.connect();
    connections.put(key, created);
    return created;
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
    connections.values().forEach(StatefulRedisConnection::close);
    clients.values().forEach(RedisClient::shutdown);
    connections.clear();
    clients.clear();
  }
}
