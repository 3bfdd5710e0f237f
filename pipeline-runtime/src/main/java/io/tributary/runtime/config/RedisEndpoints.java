package io.tributary.runtime.config;

import io.lettuce.core.RedisURI;
import java.util.List;
import java.util.Locale;

/**
 * What a Redis URL names, read as Lettuce reads it ({@link RedisURI#create}): which kind of
 * deployment, its hosts, the Sentinel master name, the database and TLS. The one place that knows
 * the URL schemes Tributary accepts; the runtime's validation, its connections and the operator
 * (allowed hosts, KEDA, lag) all ask it.
 *
 * <ul>
 *   <li>{@code redis://[[user:]password@]host[:port][/db]}, {@code rediss://...} (TLS): one server;</li>
 *   <li>{@code redis-sentinel://[[user:]password@]host1[:port1][,host2[:port2]...][/db]#master}
 *       (or {@code ?sentinelMasterId=master}), {@code rediss-sentinel://...} (TLS to the sentinels
 *       and the master): the master that the sentinels name, found again after each failover.
 *       The port defaults to 26379; the password is the master's (and its replicas'), never sent
 *       to the sentinels — a sentinel password comes from {@link SecretEnv#REDIS_SENTINEL_PASSWORD}.</li>
 * </ul>
 *
 * @param kind standalone or sentinel
 * @param hosts {@code host:port} of the server, or of every sentinel, in URL order
 * @param masterName the Sentinel master name; null for a standalone server
 * @param database the database index
 * @param tls whether the connections use TLS
 */
public record RedisEndpoints(Kind kind, List<String> hosts, String masterName, int database, boolean tls) {

  /** The deployments a Redis URL can name. */
  public enum Kind {
    /** One server ({@code redis://}, {@code rediss://}). */
    STANDALONE,
    /** A master found through Redis Sentinel ({@code redis-sentinel://}, {@code rediss-sentinel://}). */
    SENTINEL
  }

  /** The schemes accepted, as a validation message lists them. */
  public static final String SCHEMES = "redis://, rediss://, redis-sentinel:// or rediss-sentinel://";

  /**
   * Reads {@code url}.
   *
   * @param field the field that holds it, named in errors (e.g. {@code redis.url})
   * @throws IllegalArgumentException naming the field, with the URL's password hidden: an unknown
   *     scheme, a URL Lettuce cannot parse, a Sentinel URL without a master name
   */
  public static RedisEndpoints parse(String field, String url) {
    try {
      return read(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  /**
   * What validation says about {@code url} (the field not named, the password hidden): an unknown
   * scheme, a Sentinel URL without a master name; else empty. A URL Lettuce cannot parse at all
   * is left to the role's start, which fails with {@code invalid Redis URL ...} (exit 1), as a URL
   * from {@link SecretEnv#REDIS_URL}, which validation never sees, does.
   */
  public static java.util.Optional<String> problem(String url) {
    try {
      read(url);
      return java.util.Optional.empty();
    } catch (Unparsable e) {
      return java.util.Optional.empty();
    } catch (IllegalArgumentException e) {
      return java.util.Optional.of(e.getMessage());
    }
  }

  /** Lettuce refused the URL. */
  private static final class Unparsable extends IllegalArgumentException {
    Unparsable(String message) {
      super(message);
    }
  }

  private static RedisEndpoints read(String url) {
    String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT) : "";
    Kind kind = switch (scheme) {
      case "redis", "rediss" -> Kind.STANDALONE;
      case "redis-sentinel", "rediss-sentinel" -> Kind.SENTINEL;
      default -> throw new IllegalArgumentException("\"" + Redaction.text(url) + "\" does not start with " + SCHEMES);
    };
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      String reason = Redaction.message(e);
      if (kind == Kind.SENTINEL && reason.contains("sentinelMasterId")) {
        throw noMaster(url);
      }
      // Lettuce's message quotes the whole URL, password included: redacted, and without the cause
      throw new Unparsable("invalid Redis URL " + Redaction.text(url) + ": " + reason);
    }
    if (kind == Kind.SENTINEL) {
      if (uri.getSentinelMasterId() == null || uri.getSentinelMasterId().isBlank()) {
        throw noMaster(url);
      }
      List<String> sentinels = uri.getSentinels().stream().map(s -> address(s.getHost(), s.getPort())).toList();
      return new RedisEndpoints(kind, sentinels, uri.getSentinelMasterId(), uri.getDatabase(), uri.isSsl());
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("\"" + Redaction.text(url) + "\" has no host");
    }
    return new RedisEndpoints(kind, List.of(address(uri.getHost(), uri.getPort())), null, uri.getDatabase(),
        uri.isSsl());
  }

  private static IllegalArgumentException noMaster(String url) {
    return new IllegalArgumentException("\"" + Redaction.text(url) + "\" names no Sentinel master: end it with"
        + " #<master name> (e.g. redis-sentinel://sentinel-0:26379,sentinel-1:26379/0#mymaster)");
  }

  /** Whether this is a Sentinel URL. */
  public boolean sentinel() {
    return kind == Kind.SENTINEL;
  }

  /** {@code host:port}, with an IPv6 literal in brackets. */
  private static String address(String host, int port) {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }
}
