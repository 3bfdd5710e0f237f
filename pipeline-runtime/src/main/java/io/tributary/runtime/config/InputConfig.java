package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * Where a worker's records come from: exactly one member is set.
 *
 * @param topic a Kafka topic read by a consumer group
 * @param redisStream a Redis stream read by a consumer group ({@code XREADGROUP})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputConfig(Topic topic, RedisStream redisStream) {

  public static InputConfig of(Topic topic) {
    return new InputConfig(topic, null);
  }

  public static InputConfig of(RedisStream redisStream) {
    return new InputConfig(null, redisStream);
  }

  /** {@code topic}, {@code redisStream} or {@code null} when none is set. */
  public String kind() {
    return topic != null ? "topic" : redisStream != null ? "redisStream" : null;
  }

  /**
   * @param name required, the topic
   * @param consumerGroup default {@code <pipeline>.<component>} ({@link
   *     RuntimeConfig#defaultConsumerGroup()}), see {@link #consumerGroupOr(String)}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Topic(String name, String consumerGroup) {
    /** The configured group, or {@code fallback} when none is configured. */
    public String consumerGroupOr(String fallback) {
      return consumerGroup != null ? consumerGroup : fallback;
    }
  }

  /**
   * @param stream required, the stream key
   * @param group required, the consumer group (created at start if missing)
   * @param consumer this consumer's name; default the pod name ({@code HOSTNAME})
   * @param claimIdleTimeout pending entries idle this long are taken over from dead consumers
   *     ({@code XAUTOCLAIM}); default {@code 1m}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RedisStream(String stream, String group, String consumer, String claimIdleTimeout) {
    public static final String DEFAULT_CLAIM_IDLE_TIMEOUT = "1m";

    public RedisStream {
      claimIdleTimeout = claimIdleTimeout == null ? DEFAULT_CLAIM_IDLE_TIMEOUT : claimIdleTimeout;
    }

    /** {@link #claimIdleTimeout()} parsed. */
    public Duration claimIdleTimeoutDuration() {
      return Durations.parse(claimIdleTimeout);
    }
  }
}
