package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One step of a worker: exactly one member is set. Keys, channels and stream names are
 * {@link RecordTemplate}s ({@code market_data:{symbol}:latest}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessorConfig(
    CacheLatest cacheLatest,
    Publish publish,
    Enqueue enqueue,
    Aggregate aggregate,
    FilterConfig filter,
    Forward forward,
    Dedupe dedupe,
    Store store,
    Log log,
    Plugin plugin) {

  /** The member names, in declaration order. */
  public static final List<String> KINDS = List.of(
      "cacheLatest", "publish", "enqueue", "aggregate", "filter", "forward", "dedupe", "store",
      "log", "plugin");

  public static ProcessorConfig of(CacheLatest m) {
    return new ProcessorConfig(m, null, null, null, null, null, null, null, null, null);
  }

  public static ProcessorConfig of(Publish m) {
    return new ProcessorConfig(null, m, null, null, null, null, null, null, null, null);
  }

  public static ProcessorConfig of(Enqueue m) {
    return new ProcessorConfig(null, null, m, null, null, null, null, null, null, null);
  }

  public static ProcessorConfig of(Aggregate m) {
    return new ProcessorConfig(null, null, null, m, null, null, null, null, null, null);
  }

  public static ProcessorConfig of(FilterConfig m) {
    return new ProcessorConfig(null, null, null, null, m, null, null, null, null, null);
  }

  public static ProcessorConfig of(Forward m) {
    return new ProcessorConfig(null, null, null, null, null, m, null, null, null, null);
  }

  public static ProcessorConfig of(Dedupe m) {
    return new ProcessorConfig(null, null, null, null, null, null, m, null, null, null);
  }

  public static ProcessorConfig of(Store m) {
    return new ProcessorConfig(null, null, null, null, null, null, null, m, null, null);
  }

  public static ProcessorConfig of(Log m) {
    return new ProcessorConfig(null, null, null, null, null, null, null, null, m, null);
  }

  public static ProcessorConfig of(Plugin m) {
    return new ProcessorConfig(null, null, null, null, null, null, null, null, null, m);
  }

  /** The name of the member that is set ({@code cacheLatest}, ...), or {@code null} if none. */
  public String kind() {
    Object[] members = {cacheLatest, publish, enqueue, aggregate, filter, forward, dedupe, store, log,
        plugin};
    for (int i = 0; i < members.length; i++) {
      if (members[i] != null) {
        return KINDS.get(i);
      }
    }
    return null;
  }

  private static Optional<Duration> optionalDuration(String text) {
    return text == null ? Optional.empty() : Optional.of(Durations.parse(text));
  }

  /**
   * {@code SET key record} (the whole record JSON); counts a cache hit when the key existed.
   *
   * @param key required template
   * @param ttl expiry of the key; absent: no expiry
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CacheLatest(String key, String ttl) {
    public Optional<Duration> ttlDuration() {
      return optionalDuration(ttl);
    }
  }

  /**
   * {@code PUBLISH channel record}; at-most-once by nature of Redis pub/sub.
   *
   * @param channel required template
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Publish(String channel) {}

  /**
   * {@code XADD stream MAXLEN ~ maxLen * ...}: reliable task hand-off to workers reading the stream.
   *
   * @param stream required template
   * @param maxLen approximate cap of the stream length; default 100000
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Enqueue(String stream, Long maxLen) {
    public static final long DEFAULT_MAX_LEN = 100_000;

    public Enqueue {
      maxLen = maxLen == null ? DEFAULT_MAX_LEN : maxLen;
    }
  }

  /**
   * Running totals in the Redis hash {@code key}: field {@code count} incremented when
   * {@code count} is true, field {@code sum_<field>} incremented by the record's value per listed
   * field. At least one of {@code count}, {@code sum} is required.
   *
   * @param key required template
   * @param count default false
   * @param sum numeric record fields to add up; default none
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Aggregate(String key, Boolean count, List<String> sum) {
    public Aggregate {
      count = count != null && count;
      sum = sum == null ? List.of() : List.copyOf(sum);
    }
  }

  /**
   * Produces the record, key and headers kept, to another Kafka topic.
   *
   * @param topic required
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Forward(String topic) {}

  /**
   * {@code SET key 1 NX}: a record whose key already exists is dropped (not passed on).
   *
   * @param key required template
   * @param ttl how long a key is remembered; absent: forever
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Dedupe(String key, String ttl) {
    public Optional<Duration> ttlDuration() {
      return optionalDuration(ttl);
    }
  }

  /**
   * {@code LPUSH key record} then {@code LTRIM key 0 maxLen-1}: the latest records, newest first.
   *
   * @param key required template
   * @param maxLen how many records the list keeps; default 1000
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Store(String key, Long maxLen) {
    public static final long DEFAULT_MAX_LEN = 1000;

    public Store {
      maxLen = maxLen == null ? DEFAULT_MAX_LEN : maxLen;
    }
  }

  /** Logs the record as a JSON line (with its correlation id). Takes no fields. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Log() {}

  /**
   * A user processor found with {@link java.util.ServiceLoader} in a jar added to the image.
   *
   * @param name required, the name the plug-in registers
   * @param config free-form JSON object handed to the plug-in; default {@code {}}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Plugin(String name, JsonNode config) {
    public Plugin {
      config = config == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
          : config;
    }
  }
}
