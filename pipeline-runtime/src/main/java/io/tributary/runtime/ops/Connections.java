package io.tributary.runtime.ops;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.tributary.runtime.config.SecretEnv;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.tributary.runtime.config.KafkaClientProperties;
import io.tributary.runtime.config.Redaction;
import io.tributary.runtime.config.RedisConfig;
import io.tributary.runtime.config.RuntimeConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.TrustManagerFactory;

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
    RedisURI uri = redisUri(config, env);
    ClientOptions.Builder options = ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(REDIS_COMMAND_TIMEOUT));
    RedisConfig.Tls tls = config.redis().tls();
    if (tls != null) {
      String field = "redis.tls.caFile " + tls.caFile();
      requireTls(uri, field); // before reading the file: the URL is the mistake to report
      applyRedisTls(uri, options, readCa(tls.caFile()), field);
    }
    RedisClient client = RedisClient.create(uri);
    client.setOptions(options.build());
    return client;
  }

  /**
   * The Redis address and credentials of the role: {@link io.tributary.runtime.config.RedisConfig#effectiveUrl},
   * and, when the URL names no user but a password came from {@link SecretEnv#REDIS_PASSWORD},
   * the user {@link SecretEnv#REDIS_USERNAME} (the component's own ACL user). Set on the
   * {@link RedisURI}, not written into the URL: Lettuce does not decode a user name there.
   *
   * @throws IllegalArgumentException naming the URL with its password masked when it does not parse
   */
  public static RedisURI redisUri(RuntimeConfig config, Function<String, String> env) {
    String url = config.redis().effectiveUrl(env);
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      // the parser quotes the whole URL, password included: say what is wrong without it, and
      // without the cause (its message and stack trace would print the URL again)
      throw new IllegalArgumentException("invalid Redis URL " + Redaction.text(url) + ": " + Redaction.message(e));
    }
    String username = env.apply(SecretEnv.REDIS_USERNAME);
    String password = env.apply(SecretEnv.REDIS_PASSWORD);
    if (username != null && !username.isEmpty() && password != null && !password.isEmpty()
        && uri.getUsername() == null) {
      uri.setUsername(username);
    }
    String sentinelPassword = env.apply(SecretEnv.REDIS_SENTINEL_PASSWORD);
    if (sentinelPassword != null && !sentinelPassword.isEmpty()) {
      // the URL's password is the master's; Lettuce asks each sentinel with the sentinel URI's own
      for (RedisURI sentinel : uri.getSentinels()) {
        sentinel.setCredentialsProvider(new StaticCredentialsProvider(null, sentinelPassword.toCharArray()));
      }
    }
    return uri;
  }

  /**
   * TLS to Redis with a CA of its own: the server's certificate must chain to one of the PEM
   * certificates in {@code caPem} and carry the URL's host (peer and host name verified, Lettuce's
   * {@link SslVerifyMode#FULL}). The operator's autoscaler uses this too, so that it trusts what
   * the workers trust.
   *
   * @param uri the parsed URL; must be {@code rediss://}
   * @param caPem one or more PEM certificates
   * @param field what to name in errors, e.g. {@code redis.tls.caFile /etc/...}
   * @throws IllegalArgumentException naming {@code field} when the URL is not {@code rediss://}
   *     or {@code caPem} holds no certificate
   */
  public static void applyRedisTls(RedisURI uri, ClientOptions.Builder options, byte[] caPem, String field) {
    requireTls(uri, field);
    uri.setVerifyPeer(SslVerifyMode.FULL);
    options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(trustManagers(caPem, field)).build());
  }

  private static void requireTls(RedisURI uri, String field) {
    if (!uri.isSsl()) {
      throw new IllegalArgumentException(field + " is set but the Redis URL is redis:// (plain text);"
          + " use rediss:// for TLS");
    }
  }

  private static TrustManagerFactory trustManagers(byte[] caPem, String field) {
    try {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(caPem));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(field + ": no PEM certificate in it");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(field + ": not a PEM certificate (" + e.getMessage() + ")");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(field + ": cannot build a trust store: " + e.getMessage(), e);
    }
  }

  private static byte[] readCa(String caFile) {
    try {
      return Files.readAllBytes(Path.of(caFile));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("redis.tls.caFile " + caFile + ": cannot read it (" + e + ")");
    }
  }

  /**
   * Why connecting to Redis failed, with the innermost cause (a TLS handshake failure, e.g. a
   * server certificate the CA did not sign, is otherwise hidden behind "Unable to connect").
   */
  public static String redisConnectFailure(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = e.toString();
    return root == e ? text : text + " (cause: " + root + ")";
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
