package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * HTTP ingest: POST {"records": [...]} (the list field is recordsField) or one JSON object to path,
 * one JSON object to singlePath; answers 202 once Kafka acknowledged every record. GET healthPath
 * and statsPath. X-Correlation-ID (or a new id) becomes the Kafka header correlation-id. Same
 * fields as the runtime's http source (pipeline-runtime CONFIG.md), copied as they are.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.port != 9404",
    message = "source.http.port: 9404 is the metrics port")
@ValidationRule(
    value = "self.path != self.healthPath && self.path != self.statsPath && self.healthPath != self.statsPath"
        + " && (!has(self.singlePath) || (self.singlePath != self.path && self.singlePath != self.healthPath"
        + " && self.singlePath != self.statsPath))",
    message = "source.http: path, singlePath, healthPath and statsPath must be different paths")
@ValidationRule(
    value = "!has(self.correlationIdField) || self.correlationIdField != self.recordsField",
    message = "source.http.correlationIdField: must not be the recordsField")
@ValidationRule(
    value = "(has(self.auth) && self.auth == 'none') || has(self.tokenSecretRef)",
    fieldPath = ".tokenSecretRef",
    message = HttpSource.TOKEN_REQUIRED)
@ValidationRule(
    value = "!(has(self.auth) && self.auth == 'none') || !has(self.tokenSecretRef)",
    fieldPath = ".tokenSecretRef",
    message = HttpSource.TOKEN_WITH_AUTH_NONE)
public class HttpSource {
  /** Refusal of {@code auth: token} (or no auth) without {@code tokenSecretRef}: the CRD's and the operator's. */
  public static final String TOKEN_REQUIRED =
      "spec.source.http.tokenSecretRef: required with auth: token (the default); set auth: none"
          + " explicitly to accept requests without a token";
  /** Refusal of {@code auth: none} with a {@code tokenSecretRef}: the CRD's and the operator's. */
  public static final String TOKEN_WITH_AUTH_NONE =
      "spec.source.http.tokenSecretRef: must not be set with auth: none (ambiguous); remove it,"
          + " or set auth: token to require the token";

  @JsonPropertyDescription("Container port of the ingest endpoint. Default: 8080.")
  @Min(1)
  @Max(65535)
  @Default("8080")
  private Integer port = 8080;

  @JsonPropertyDescription("URL path that accepts batches, {\"<recordsField>\": [...]}, and (without singlePath) single records. Default: /v1/records.")
  @Pattern(ApiPatterns.INGEST_PATH)
  @Size(max = 2048)
  @Default("/v1/records")
  private String path = "/v1/records";

  @JsonPropertyDescription("A second URL path whose body is always one record; with it, path takes batches only. Default: none.")
  @Pattern(ApiPatterns.INGEST_PATH)
  @Size(max = 2048)
  private String singlePath;

  @JsonPropertyDescription("The field of a batch body that holds the list of records, e.g. payments for {\"payments\": [...]}. Any other top-level field of a batch body is refused (400 naming it) unless it is correlationIdField. Default: records.")
  @Pattern(ApiPatterns.FIELD_NAME)
  @Size(min = 1, max = 256)
  @Default("records")
  private String recordsField = "records";

  @JsonPropertyDescription("A top-level text field of a batch body, beside the records, that is the request's correlation id when it has no X-Correlation-ID header. Default: none.")
  @Pattern(ApiPatterns.FIELD_NAME)
  @Size(min = 1, max = 256)
  private String correlationIdField;

  @JsonPropertyDescription("GET: 200 {\"status\":\"ok\"} while Kafka takes records, else 503. Default: /health.")
  @Pattern(ApiPatterns.INGEST_PATH)
  @Size(max = 2048)
  @Default("/health")
  private String healthPath = "/health";

  @JsonPropertyDescription("GET: requests and records accepted, requests rejected (by status) so far, as JSON; needs the token with auth: token. Default: /stats.")
  @Pattern(ApiPatterns.INGEST_PATH)
  @Size(max = 2048)
  @Default("/stats")
  private String statsPath = "/stats";

  @JsonPropertyDescription("Most records in one request. Default: 500.")
  @Min(1)
  @Default("500")
  private Integer maxBatch = 500;

  @JsonPropertyDescription("Largest request body in bytes, at most 67108864 (64 MiB: a body is held in memory while it is parsed). Default: 1048576.")
  @Min(1)
  @Max(67108864)
  @Default("1048576")
  private Integer maxBodyBytes = 1048576;

  @JsonPropertyDescription("token: requests need Authorization: Bearer <token>, the token from tokenSecretRef (required then); none: anyone who reaches the port may write records (tokenSecretRef must be absent; the status condition IngestAuthentication and a Warning Event say so). Default: token.")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  @Default("token")
  private HttpAuth auth = HttpAuth.TOKEN;

  @JsonPropertyDescription("A Secret key holding the bearer token clients must send (GET healthPath needs none). Required with auth: token, refused with auth: none.")
  private SecretKeyReference tokenSecretRef;

  @JsonPropertyDescription("Timeouts and bounds against slow, many or hostile clients. Default: the runtime's, safe in front of the internet.")
  private HttpSourceLimits limits;

  @JsonPropertyDescription("HTTPS with the certificate and key of a kubernetes.io/tls Secret. Default: plain HTTP.")
  private HttpSourceTls tls;

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Integer getMaxBatch() {
    return maxBatch;
  }

  public void setMaxBatch(Integer maxBatch) {
    this.maxBatch = maxBatch;
  }

  public Integer getMaxBodyBytes() {
    return maxBodyBytes;
  }

  public void setMaxBodyBytes(Integer maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  public HttpAuth getAuth() {
    return auth;
  }

  public void setAuth(HttpAuth auth) {
    this.auth = auth;
  }

  public SecretKeyReference getTokenSecretRef() {
    return tokenSecretRef;
  }

  public void setTokenSecretRef(SecretKeyReference tokenSecretRef) {
    this.tokenSecretRef = tokenSecretRef;
  }

  public String getSinglePath() {
    return singlePath;
  }

  public void setSinglePath(String singlePath) {
    this.singlePath = singlePath;
  }

  public String getRecordsField() {
    return recordsField;
  }

  public void setRecordsField(String recordsField) {
    this.recordsField = recordsField;
  }

  public String getCorrelationIdField() {
    return correlationIdField;
  }

  public void setCorrelationIdField(String correlationIdField) {
    this.correlationIdField = correlationIdField;
  }

  public String getHealthPath() {
    return healthPath;
  }

  public void setHealthPath(String healthPath) {
    this.healthPath = healthPath;
  }

  public String getStatsPath() {
    return statsPath;
  }

  public void setStatsPath(String statsPath) {
    this.statsPath = statsPath;
  }

  public HttpSourceTls getTls() {
    return tls;
  }

  public void setTls(HttpSourceTls tls) {
    this.tls = tls;
  }

  public HttpSourceLimits getLimits() {
    return limits;
  }

  public void setLimits(HttpSourceLimits limits) {
    this.limits = limits;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    HttpSource that = (HttpSource) o;
    return Objects.equals(port, that.port)
        && Objects.equals(path, that.path)
        && Objects.equals(maxBatch, that.maxBatch)
        && Objects.equals(maxBodyBytes, that.maxBodyBytes)
        && Objects.equals(auth, that.auth)
        && Objects.equals(tokenSecretRef, that.tokenSecretRef)
        && Objects.equals(singlePath, that.singlePath)
        && Objects.equals(recordsField, that.recordsField)
        && Objects.equals(correlationIdField, that.correlationIdField)
        && Objects.equals(healthPath, that.healthPath)
        && Objects.equals(statsPath, that.statsPath)
        && Objects.equals(limits, that.limits)
        && Objects.equals(tls, that.tls);
  }

  @Override
  public int hashCode() {
    return Objects.hash(port, path, maxBatch, maxBodyBytes, auth, tokenSecretRef, singlePath, recordsField,
        correlationIdField, healthPath, statsPath, limits, tls);
  }

  @Override
  public String toString() {
    return "HttpSource{"
        + "port=" + port
        + ", path=" + path
        + ", maxBatch=" + maxBatch
        + ", maxBodyBytes=" + maxBodyBytes
        + ", auth=" + auth
        + ", tokenSecretRef=" + tokenSecretRef
        + ", singlePath=" + singlePath
        + ", recordsField=" + recordsField
        + ", correlationIdField=" + correlationIdField
        + ", healthPath=" + healthPath
        + ", statsPath=" + statsPath
        + ", limits=" + limits
        + ", tls=" + tls
        + "}";
  }
}
