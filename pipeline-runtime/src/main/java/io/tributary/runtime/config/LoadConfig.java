package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.Optional;

/** Where an ETL run writes its records: exactly one member is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadConfig(RedisHash redisHash, Topic topic) {

  public static LoadConfig of(RedisHash redisHash) {
    return new LoadConfig(redisHash, null);
  }

  public static LoadConfig of(Topic topic) {
    return new LoadConfig(null, topic);
  }

  /** {@code redisHash}, {@code topic} or {@code null} when none is set. */
  public String kind() {
    return redisHash != null ? "redisHash" : topic != null ? "topic" : null;
  }

  /**
   * {@code HSET key field value...} with every field of the record, per record.
   *
   * @param key required template
   * @param ttl expiry of each written key; absent: no expiry
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RedisHash(String key, String ttl) {
    public Optional<Duration> ttlDuration() {
      return ttl == null ? Optional.empty() : Optional.of(Durations.parse(ttl));
    }
  }

  /**
   * Produces each record to a Kafka topic.
   *
   * @param name required
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Topic(String name) {}
}
