package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
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
 * wait. Text values are stored as is, other values as their JSON text.
 */
final class RedisHashLoader implements Loader {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final RedisClient client;
  private final RecordTemplate key;
  private final Optional<Duration> ttl;

  RedisHashLoader(RedisClient client, String keyTemplate, Optional<Duration> ttl) {
    this.client = client;
    this.key = RecordTemplate.compile(keyTemplate);
    this.ttl = ttl;
  }

  @Override
  public void load(List<ObjectNode> records) throws Exception {
    List<String> keys = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        keys.add(key.resolve(records.get(i)));
      } catch (RecordTemplate.MissingFieldException e) {
        throw new EtlFailure("load.redisHash.key: record " + i + ": " + e.getMessage(), e);
      }
    }
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.setAutoFlushCommands(false);
      RedisAsyncCommands<String, String> redis = connection.async();
      List<RedisFuture<?>> writes = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        Map<String, String> fields = new LinkedHashMap<>();
        records.get(i).fields().forEachRemaining(field -> {
          JsonNode value = field.getValue();
          if (!value.isNull()) {
            fields.put(field.getKey(), value.isTextual() ? value.asText() : value.toString());
          }
        });
        if (fields.isEmpty()) {
          continue;
        }
        String hash = keys.get(i);
        writes.add(redis.hset(hash, fields));
        ttl.ifPresent(expiry -> writes.add(redis.pexpire(hash, expiry.toMillis())));
      }
      connection.flushCommands();
      for (RedisFuture<?> write : writes) {
        write.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }
}
