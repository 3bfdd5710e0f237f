package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Where a producer's records come from: exactly one member is set.
 *
 * @param marketData random-walk prices per symbol
 * @param payments payment events, some flagged as suspicious
 * @param calls phone calls with Poisson arrivals and exponential durations
 * @param http records POSTed by clients
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceConfig(MarketData marketData, Payments payments, Calls calls, Http http) {

  public static SourceConfig of(MarketData marketData) {
    return new SourceConfig(marketData, null, null, null);
  }

  public static SourceConfig of(Payments payments) {
    return new SourceConfig(null, payments, null, null);
  }

  public static SourceConfig of(Calls calls) {
    return new SourceConfig(null, null, calls, null);
  }

  public static SourceConfig of(Http http) {
    return new SourceConfig(null, null, null, http);
  }

  /** The name of the member that is set ({@code marketData}, ...), or {@code null} if none. */
  public String kind() {
    if (marketData != null) {
      return "marketData";
    }
    if (payments != null) {
      return "payments";
    }
    if (calls != null) {
      return "calls";
    }
    return http != null ? "http" : null;
  }

  /** The record field used as Kafka key when the producer names none. */
  public String defaultKey() {
    if (marketData != null) {
      return "symbol";
    }
    if (payments != null) {
      return "payment_id";
    }
    if (calls != null) {
      return "call_id";
    }
    return null;
  }

  /**
   * @param symbols required, non-empty
   * @param intervalMs time between two updates of the same symbol; default 1000
   * @param seed makes the stream reproducible; absent: a random seed
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MarketData(List<String> symbols, Long intervalMs, Long seed) {
    public static final long DEFAULT_INTERVAL_MS = 1000;
    /** The fields of each generated record, in order. */
    public static final List<String> FIELDS = List.of("symbol", "price", "volume", "ts");

    public MarketData {
      symbols = symbols == null ? null : List.copyOf(symbols);
      intervalMs = intervalMs == null ? DEFAULT_INTERVAL_MS : intervalMs;
    }
  }

  /**
   * @param ratePerSecond required, payments per second (&gt; 0)
   * @param fraudRatio share of payments flagged suspicious, 0..1; default 0.01
   * @param seed makes the stream reproducible; absent: a random seed
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Payments(Double ratePerSecond, Double fraudRatio, Long seed) {
    public static final double DEFAULT_FRAUD_RATIO = 0.01;
    /** The fields of each generated record, in order. */
    public static final List<String> FIELDS = List.of(
        "payment_id", "merchant", "customer", "amount", "currency", "suspicious", "ts");

    public Payments {
      fraudRatio = fraudRatio == null ? DEFAULT_FRAUD_RATIO : fraudRatio;
    }
  }

  /**
   * @param callsPerMinute required, mean arrival rate of the Poisson process (&gt; 0)
   * @param meanDurationSeconds mean of the exponential call duration; default 60
   * @param seed makes the stream reproducible; absent: a random seed
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Calls(Double callsPerMinute, Double meanDurationSeconds, Long seed) {
    public static final double DEFAULT_MEAN_DURATION_SECONDS = 60;
    /** The fields of each generated record, in order. */
    public static final List<String> FIELDS =
        List.of("call_id", "caller", "callee", "duration", "start_ts", "ts");

    public Calls {
      meanDurationSeconds =
          meanDurationSeconds == null ? DEFAULT_MEAN_DURATION_SECONDS : meanDurationSeconds;
    }
  }

  /**
   * @param port listening port; default 8080
   * @param path the batch POST path; default {@code /v1/records}. Its body is
   *     {@code {"<recordsField>": [...]}}, or, when there is no {@code singlePath}, one record
   * @param maxBatch most records in one request; default 500
   * @param maxBodyBytes largest request body; default 1048576 (1 MiB), at most
   *     {@value #MAX_MAX_BODY_BYTES} (64 MiB: a body is held in memory while it is parsed)
   * @param tokenSecretRef when set, requests need {@code Authorization: Bearer <token>} with the
   *     token from {@link SecretEnv#HTTP_TOKEN}
   * @param limits timeouts and bounds against slow, many or hostile clients; absent: the defaults
   *     of {@link HttpLimits} (absent rather than filled in, so a configuration the operator wrote
   *     keeps its shape)
   * @param singlePath a second POST path whose body is always one record; absent: none (then
   *     {@code path} takes single records too)
   * @param recordsField the field of a batch body that holds the list of records; default
   *     {@value #DEFAULT_RECORDS_FIELD}. Any other top-level field of a batch body is refused
   *     unless it is {@code correlationIdField}
   * @param correlationIdField a top-level text field of a batch body, beside the records, that is
   *     the request's correlation id when it has no {@code X-Correlation-ID} header; absent: none
   * @param healthPath {@code GET}: 200 {@code {"status":"ok"}} while Kafka takes records, else 503;
   *     default {@value #DEFAULT_HEALTH_PATH}
   * @param statsPath {@code GET}: the requests and records accepted and the requests refused so
   *     far; default {@value #DEFAULT_STATS_PATH}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Http(Integer port, String path, Integer maxBatch, Integer maxBodyBytes,
      KeyRef tokenSecretRef, HttpLimits limits, String singlePath, String recordsField,
      String correlationIdField, String healthPath, String statsPath, Tls tls) {
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_PATH = "/v1/records";
    public static final int DEFAULT_MAX_BATCH = 500;
    public static final int DEFAULT_MAX_BODY_BYTES = 1_048_576;
    /** Largest {@code maxBodyBytes}: each pending request ({@link HttpLimits#maxPendingRequests}) may hold a body that large. */
    public static final int MAX_MAX_BODY_BYTES = 64 * 1_048_576;
    public static final String DEFAULT_RECORDS_FIELD = "records";
    /** Longest path (the request line is at most {@value HttpLimits#MAX_REQUEST_LINE_BYTES} bytes). */
    public static final int MAX_PATH_LENGTH = 2048;
    /** Longest {@code recordsField} / {@code correlationIdField}. */
    public static final int MAX_FIELD_NAME_LENGTH = 256;
    public static final String DEFAULT_HEALTH_PATH = "/health";
    public static final String DEFAULT_STATS_PATH = "/stats";

    public Http {
      port = port == null ? DEFAULT_PORT : port;
      path = path == null ? DEFAULT_PATH : path;
      maxBatch = maxBatch == null ? DEFAULT_MAX_BATCH : maxBatch;
      maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
      recordsField = recordsField == null ? DEFAULT_RECORDS_FIELD : recordsField;
      healthPath = healthPath == null ? DEFAULT_HEALTH_PATH : healthPath;
      statsPath = statsPath == null ? DEFAULT_STATS_PATH : statsPath;
    }

    /**
     * HTTPS on the ingest port: the server presents {@code certFile} (PEM, the server's certificate
     * first, then its chain) with the key in {@code keyFile} (PEM: PKCS#8 {@code BEGIN PRIVATE KEY}
     * or RSA PKCS#1 {@code BEGIN RSA PRIVATE KEY}, unencrypted). The operator mounts the Producer's
     * {@code spec.source.http.tls.secretRef} ({@code kubernetes.io/tls}) at
     * {@link SecretEnv#DEFAULT_HTTP_TLS_DIR}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tls(String certFile, String keyFile) {}

    /** Without TLS. */
    public Http(Integer port, String path, Integer maxBatch, Integer maxBodyBytes,
        KeyRef tokenSecretRef, HttpLimits limits, String singlePath, String recordsField,
        String correlationIdField, String healthPath, String statsPath) {
      this(port, path, maxBatch, maxBodyBytes, tokenSecretRef, limits, singlePath, recordsField,
          correlationIdField, healthPath, statsPath, null);
    }

    /** One batch path, the default body shape, health and stats paths. */
    public Http(Integer port, String path, Integer maxBatch, Integer maxBodyBytes, KeyRef tokenSecretRef,
        HttpLimits limits) {
      this(port, path, maxBatch, maxBodyBytes, tokenSecretRef, limits, null, null, null, null, null);
    }

    /** Default limits. */
    public Http(Integer port, String path, Integer maxBatch, Integer maxBodyBytes, KeyRef tokenSecretRef) {
      this(port, path, maxBatch, maxBodyBytes, tokenSecretRef, null);
    }

    /** All defaults, no token. */
    public static Http defaults() {
      return new Http(null, null, null, null, null);
    }

    /** This source on another port, everything else kept. */
    public Http withPort(int otherPort) {
      return new Http(otherPort, path, maxBatch, maxBodyBytes, tokenSecretRef, limits, singlePath, recordsField,
          correlationIdField, healthPath, statsPath, tls);
    }

    /** This source with HTTPS from these files (null: plain HTTP), everything else kept. */
    public Http withTls(Tls otherTls) {
      return new Http(port, path, maxBatch, maxBodyBytes, tokenSecretRef, limits, singlePath, recordsField,
          correlationIdField, healthPath, statsPath, otherTls);
    }

    /** {@link #limits()}, or the defaults when absent. */
    public HttpLimits limitsOrDefaults() {
      return limits == null ? HttpLimits.defaults() : limits;
    }
  }
}
