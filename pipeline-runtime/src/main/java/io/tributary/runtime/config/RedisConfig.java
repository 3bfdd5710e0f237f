package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.function.Function;

/**
 * How to reach Redis.
 *
 * @param url {@code redis://host:port/db} or {@code rediss://...}; may be absent when the URL comes
 *     from {@link SecretEnv#REDIS_URL} (the Pipeline's {@code urlSecretRef})
 * @param maxTemplateValueBytes the bound on one {@code {field}} value of a key, channel or stream
 *     template, in bytes of UTF-8; absent means {@link RecordTemplate#DEFAULT_MAX_VALUE_BYTES}
 * @param tls the CA to trust for a {@code rediss://} URL; absent: the JVM's default trust store
 * @param keyPrefix what every key, channel and stream name starts with ({@link KeyPrefix});
 *     absent or empty means none (names as written)
 * @param minReplicasAcked how many replicas must have a worker batch's Redis writes ({@code WAIT})
 *     before its Kafka offsets are committed or its stream entries acknowledged; absent or 0: no
 *     wait (Redis replication is asynchronous, so a failover can lose the last writes the master
 *     acknowledged)
 * @param cluster {@code true}: {@link #url()} names seed nodes of a Redis Cluster
 *     ({@code redis://[user:password@]host1:port1,host2:port2}, Lettuce's form for
 *     {@code RedisClusterClient}); every key of one record's script is then tagged into one slot
 *     (CONFIG.md "Redis Cluster"); absent means a single server
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RedisConfig(String url, Integer maxTemplateValueBytes, Tls tls, String keyPrefix,
    Integer minReplicasAcked, Boolean cluster) {

  /** The most replicas {@link #minReplicasAcked()} may ask for. */
  public static final int MAX_REPLICAS_ACKED = 16;

  /**
   * TLS to Redis: the server's certificate must chain to the CA in {@code caFile} and name the
   * host of the URL (peer and host name are always verified).
   *
   * @param caFile a PEM file of one or more CA certificates; the operator mounts the Pipeline's
   *     {@code spec.redis.tls.caSecretRef} at {@link SecretEnv#DEFAULT_REDIS_TLS_CA}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tls(String caFile) {}

  /** A connection with the default bound on template values. */
  public RedisConfig(String url) {
    this(url, null, null, null, null, null);
  }

  /** A connection without a TLS CA of its own, without key prefix, that does not wait for replicas, on a single server. */
  public RedisConfig(String url, Integer maxTemplateValueBytes) {
    this(url, maxTemplateValueBytes, null, null, null, null);
  }

  /** {@link #minReplicasAcked()}, 0 when absent. */
  public int replicasToWaitFor() {
    return minReplicasAcked == null ? 0 : minReplicasAcked;
  }

  /**
   * The prefix of every name ({@link #keyPrefix()}; {@link KeyPrefix#NONE} when absent).
   *
   * @throws IllegalArgumentException when {@link #keyPrefix()} is not a valid prefix
   */
  public KeyPrefix prefix() {
    return KeyPrefix.of(keyPrefix);
  }

  /** Whether the URL names a Redis Cluster ({@link #cluster()} is {@code true}). */
  public boolean clusterMode() {
    return Boolean.TRUE.equals(cluster);
  }

  /** The bound on one template value: {@link #maxTemplateValueBytes()} or the default. */
  public int templateValueBound() {
    return maxTemplateValueBytes == null ? RecordTemplate.DEFAULT_MAX_VALUE_BYTES : maxTemplateValueBytes;
  }

  /**
   * The URL to connect to: {@link SecretEnv#REDIS_URL} if set, else {@link #url()}; with
   * {@link SecretEnv#REDIS_PASSWORD} added as the password when the URL carries none.
   *
   * @param env environment lookup, e.g. {@code System::getenv}
   * @throws IllegalStateException when neither the config nor the environment gives a URL
   */
  public String effectiveUrl(Function<String, String> env) {
    String fromEnv = env.apply(SecretEnv.REDIS_URL);
    String chosen = fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : url;
    if (chosen == null || chosen.isBlank()) {
      throw new IllegalStateException(
          "redis.url is not set and " + SecretEnv.REDIS_URL + " is empty: no Redis to connect to");
    }
    String password = env.apply(SecretEnv.REDIS_PASSWORD);
    if (password == null || password.isEmpty()) {
      return chosen;
    }
    URI uri;
    try {
      uri = new URI(chosen);
    } catch (java.net.URISyntaxException e) {
      // not the parser's message: it quotes the whole URL, which may carry a password
      throw new IllegalArgumentException("invalid Redis URL " + Redaction.text(chosen) + ": "
          + Redaction.text(e.getReason()) + " at index " + e.getIndex());
    }
    if (uri.getRawUserInfo() != null) {
      return chosen;
    }
    String encoded = java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
    return uri.getScheme() + "://:" + encoded + "@" + chosen.substring(uri.getScheme().length() + 3);
  }
}
