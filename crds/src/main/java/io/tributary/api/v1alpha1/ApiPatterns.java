package io.tributary.api.v1alpha1;

/**
 * Regular expressions the CRD schemas enforce. They are compile-time constants because they
 * are used in annotations; they use only the regex subset shared by Go (the API server), Java
 * and ECMA-262, so the schema means the same everywhere.
 */
public final class ApiPatterns {

  /** A duration: digits followed by one unit, e.g. {@code 200ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}. */
  public static final String DURATION = "^[0-9]+(ms|s|m|h|d)$";

  /** A Kubernetes object name that is also a valid label value (RFC 1123 label). */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A Kubernetes object name such as a Secret or ConfigMap name (RFC 1123 subdomain). */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A key inside a Secret or ConfigMap. */
  public static final String DATA_KEY = "^[-._a-zA-Z0-9]+$";

  /** A Kafka topic name (Kafka's own rule: letters, digits, '.', '_', '-', at most 249). */
  public static final String KAFKA_TOPIC = "^[a-zA-Z0-9._-]{1,249}$";

  /** A comma-separated list of host:port pairs. */
  public static final String BOOTSTRAP_SERVERS = "^[^\\s,]+:[0-9]{1,5}(,[^\\s,]+:[0-9]{1,5})*$";

  /**
   * A Redis URL: {@code redis://} ({@code rediss://} for TLS), or Sentinel as Lettuce spells it,
   * {@code redis-sentinel://host1:26379,host2:26379/0#master} ({@code rediss-sentinel://} for TLS).
   * The runtime's rule ({@code RedisEndpoints}) also demands the Sentinel master name.
   */
  public static final String REDIS_URL = "^rediss?(-sentinel)?://\\S+$";

  /** A Redis key prefix (the runtime's {@code KeyPrefix.PATTERN}; a test keeps the two equal). */
  public static final String REDIS_KEY_PREFIX = "^[A-Za-z0-9._:/|#;,=@+%-]*$";

  /** An http or https URL. */
  public static final String HTTP_URL = "^https?://\\S+$";

  /** An absolute URL path. */
  public static final String URL_PATH = "^/\\S*$";

  /**
   * A path of the http source: absolute, without spaces, query or fragment (a request's path is
   * matched without its query). The runtime's rule ({@code ProducerRules}).
   */
  public static final String INGEST_PATH = "^/[^\\s?#]*$";

  /**
   * A timeout of the http source's limits: a duration longer than zero whose number has at most
   * six significant digits (at most 12 digits in all), the runtime's rule ({@code HttpLimits}).
   */
  public static final String HTTP_TIMEOUT = "^0{0,6}[1-9][0-9]{0,5}(ms|s|m|h|d)$";

  /** A JSON field name: not blank. */
  public static final String FIELD_NAME = "\\S";

  /** An IANA time zone name such as {@code UTC} or {@code Europe/Berlin}. */
  public static final String TIME_ZONE = "^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$";

  private static final String STEP = "(/[0-9]+)?";
  private static final String MINUTE = "([0-5]?[0-9])";
  private static final String HOUR = "([01]?[0-9]|2[0-3])";
  private static final String DAY_OF_MONTH = "(0?[1-9]|[12][0-9]|3[01])";
  private static final String MONTH = "(0?[1-9]|1[0-2]|[A-Za-z]{3})";
  private static final String DAY_OF_WEEK = "([0-7]|[A-Za-z]{3})";
  private static final String MINUTES = "(\\*|" + MINUTE + "(-" + MINUTE + ")?)" + STEP
      + "(,(\\*|" + MINUTE + "(-" + MINUTE + ")?)" + STEP + ")*";
  private static final String HOURS = "(\\*|" + HOUR + "(-" + HOUR + ")?)" + STEP
      + "(,(\\*|" + HOUR + "(-" + HOUR + ")?)" + STEP + ")*";
  private static final String DAYS_OF_MONTH = "(\\?|(\\*|" + DAY_OF_MONTH + "(-" + DAY_OF_MONTH + ")?)" + STEP
      + "(,(\\*|" + DAY_OF_MONTH + "(-" + DAY_OF_MONTH + ")?)" + STEP + ")*)";
  private static final String MONTHS = "(\\*|" + MONTH + "(-" + MONTH + ")?)" + STEP
      + "(,(\\*|" + MONTH + "(-" + MONTH + ")?)" + STEP + ")*";
  private static final String DAYS_OF_WEEK = "(\\?|(\\*|" + DAY_OF_WEEK + "(-" + DAY_OF_WEEK + ")?)" + STEP
      + "(,(\\*|" + DAY_OF_WEEK + "(-" + DAY_OF_WEEK + ")?)" + STEP + ")*)";

  /**
   * A standard 5-field cron expression (minute hour day-of-month month day-of-week, with
   * {@code *}, ranges, lists and steps, numbers in range) or one of the macros
   * {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}.
   */
  public static final String CRON = "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|"
      + MINUTES + " +" + HOURS + " +" + DAYS_OF_MONTH + " +" + MONTHS + " +" + DAYS_OF_WEEK + ")$";

  private ApiPatterns() {
  }
}
