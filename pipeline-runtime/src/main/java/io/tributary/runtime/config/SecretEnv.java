package io.tributary.runtime.config;

/**
 * Names of the environment variables and mount paths through which secrets reach the runtime.
 * Secrets never appear in the configuration JSON; the operator fills these from {@code
 * secretKeyRef}s and Secret volumes, and uses these constants to do so.
 */
public final class SecretEnv {
  private SecretEnv() {}

  /** Path of the configuration JSON; default {@link #DEFAULT_CONFIG_PATH}. */
  public static final String CONFIG_PATH = "TRIBUTARY_CONFIG";

  /** Where the operator mounts the configuration ConfigMap. */
  public static final String DEFAULT_CONFIG_PATH = "/etc/tributary/config.json";

  /** Full Redis URL; overrides {@code redis.url} (the Pipeline's {@code redis.urlSecretRef}). */
  public static final String REDIS_URL = "TRIBUTARY_REDIS_URL";

  /** Redis password, applied to the URL when the URL carries none. */
  public static final String REDIS_PASSWORD = "TRIBUTARY_REDIS_PASSWORD";

  /**
   * Redis ACL user name, applied with {@link #REDIS_PASSWORD} when the URL carries no user info
   * (the component's own Redis user); absent: the {@code default} user.
   */
  public static final String REDIS_USERNAME = "TRIBUTARY_REDIS_USERNAME";

  /**
   * Password of the Redis Sentinels of a {@code redis-sentinel://} URL (the URL's own password is
   * the master's); unset: the sentinels are asked without one.
   */
  public static final String REDIS_SENTINEL_PASSWORD = "TRIBUTARY_REDIS_SENTINEL_PASSWORD";

  /** SASL user name for Kafka (SCRAM or PLAIN). */
  public static final String KAFKA_USERNAME = "TRIBUTARY_KAFKA_USERNAME";

  /** SASL password for Kafka. */
  public static final String KAFKA_PASSWORD = "TRIBUTARY_KAFKA_PASSWORD";

  /** Bearer token the {@code http} source demands when {@code tokenSecretRef} is set. */
  public static final String HTTP_TOKEN = "TRIBUTARY_HTTP_TOKEN";

  /** Overrides {@link #DEFAULT_KAFKA_TLS_DIR} (tests, local runs). */
  public static final String KAFKA_TLS_DIR = "TRIBUTARY_KAFKA_TLS_DIR";

  /** Directory of the Kafka TLS PEM files {@code ca.crt}, {@code user.crt}, {@code user.key}. */
  public static final String DEFAULT_KAFKA_TLS_DIR = "/etc/tributary/kafka-tls";

  /** File names inside the Kafka TLS directory. */
  public static final String KAFKA_TLS_CA = "ca.crt";

  public static final String KAFKA_TLS_USER_CERT = "user.crt";
  public static final String KAFKA_TLS_USER_KEY = "user.key";

  /**
   * Where the operator mounts the CA of {@code spec.redis.tls.caSecretRef} (PEM); the runtime
   * reads the path from {@code redis.tls.caFile}.
   */
  public static final String DEFAULT_REDIS_TLS_CA = SecretEnv.DEFAULT_REDIS_TLS_DIR + "/" + SecretEnv.REDIS_TLS_CA;

  /** Directory of the Redis CA volume. */
  public static final String DEFAULT_REDIS_TLS_DIR = "/etc/tributary/redis-tls";

  /** File name of the Redis CA inside {@link #DEFAULT_REDIS_TLS_DIR}. */
  public static final String REDIS_TLS_CA = "ca.crt";

  /**
   * Where the operator mounts the {@code kubernetes.io/tls} Secret of a Producer's
   * {@code spec.source.http.tls.secretRef}: {@link #HTTP_TLS_CERT} and {@link #HTTP_TLS_KEY}.
   */
  public static final String DEFAULT_HTTP_TLS_DIR = "/etc/tributary/http-tls";

  /** The certificate chain (PEM) in {@link #DEFAULT_HTTP_TLS_DIR}, the Secret's key of that name. */
  public static final String HTTP_TLS_CERT = "tls.crt";

  /** The private key (PEM) in {@link #DEFAULT_HTTP_TLS_DIR}, the Secret's key of that name. */
  public static final String HTTP_TLS_KEY = "tls.key";

  /**
   * Directory where the operator mounts the ConfigMap of a {@code csv.configMap} extract; the ETL
   * role reads {@code <dir>/<key>}.
   */
  public static final String CSV_CONFIG_MAP_DIR = "/etc/tributary/csv";
}
