package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.tributary.runtime.config.KeyPrefix;
import io.tributary.runtime.ops.RedisAccess;
import io.tributary.runtime.config.RecordTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code HSET key field value ...} with every non-null field of each record ({@code key} a
 * {@code {field}} template), then {@code PEXPIRE key ttl} when a ttl is set; all pipelined, one
 * wait. Text values are stored as is, other values as their JSON text. On a Redis Cluster the
 * pipeline goes to every master that holds one of the keys (each command touches one key).
 */
final class RedisHashLoader implements Loader {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final RedisAccess client;
  private final RecordTemplate key;
  private final Optional<Duration> ttl;

  RedisHashLoader(RedisClient client, String keyTemplate, Optional<Duration> ttl) {
    this(client, keyTemplate, ttl, RecordTemplate.DEFAULT_MAX_VALUE_BYTES);
  }

  /** @param maxValueBytes the bound on one key template value ({@code redis.maxTemplateValueBytes}) */
  RedisHashLoader(RedisClient client, String keyTemplate, Optional<Duration> ttl, int maxValueBytes) {
    this(RedisAccess.of(client), keyTemplate, ttl, maxValueBytes, KeyPrefix.NONE);
  }

  /** On a single server, every hash key under {@code prefix}. */
  RedisHashLoader(RedisClient client, String keyTemplate, Optional<Duration> ttl, int maxValueBytes,
      KeyPrefix prefix) {
    this(RedisAccess.of(client), keyTemplate, ttl, maxValueBytes, prefix);
  }

  /** Over either kind of Redis, a single server or a cluster, without key prefix. */
  RedisHashLoader(RedisAccess client, String keyTemplate, Optional<Duration> ttl, int maxValueBytes) {
    this(client, keyTemplate, ttl, maxValueBytes, KeyPrefix.NONE);
  }

  /**
   * Over either kind of Redis, a single server or a cluster.
   *
   * @param maxValueBytes the bound on one key template value ({@code redis.maxTemplateValueBytes})
   * @param prefix what every hash key starts with ({@code redis.keyPrefix})
   */
  RedisHashLoader(RedisAccess client, String keyTemplate, Optional<Duration> ttl, int maxValueBytes,
      KeyPrefix prefix) {
    this.client = client;
    this.key = RecordTemplate.compile(keyTemplate, maxValueBytes, prefix);
    this.ttl = ttl;
  }

  /**
   * A field's hash value: a text as is; a decimal number as plain digits ({@code 0.0000001}, not
   * {@code 1E-7}; a sum is exact, see Transforms) unless spelling it out would be long
   * ({@code 1e999999999} stays {@code 1E+999999999}); anything else as its JSON text.
   */
  static String text(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isBigDecimal()) {
      java.math.BigDecimal number = value.decimalValue();
      return Math.abs((long) number.scale()) <= PLAIN_SCALE ? number.toPlainString() : number.toString();
    }
    return value.toString();
  }

  /** Largest |scale| written as plain digits: 400 zeros at most, beyond the range of a double. */
  private static final int PLAIN_SCALE = 400;

  @Override
  public void load(List<ObjectNode> records) throws Exception {
    List<String> keys = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        keys.add(key.resolve(records.get(i)));
      } catch (RecordTemplate.UnresolvedException e) {
        throw new EtlFailure("load.redisHash.key: record " + i + ": " + e.getMessage(), e);
      }
    }
    try (RedisAccess.Session session = client.connect()) {
      session.connectMasters();
      session.connection().setAutoFlushCommands(false);
      RedisClusterAsyncCommands<String, String> redis = session.async();
      List<RedisFuture<?>> writes = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        Map<String, String> fields = new LinkedHashMap<>();
        records.get(i).fields().forEachRemaining(field -> {
          JsonNode value = field.getValue();
          if (!value.isNull()) {
            fields.put(field.getKey(), text(value));
          }
        });
        if (fields.isEmpty()) {
          continue;
        }
        String hash = keys.get(i);
        writes.add(redis.hset(hash, fields));
        ttl.ifPresent(expiry -> writes.add(redis.pexpire(hash, expiry.toMillis())));
      }
      session.connection().flushCommands();
      for (RedisFuture<?> write : writes) {
        write.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }
}
