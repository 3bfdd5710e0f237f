package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * HTTP ingest: POST one JSON object or {"records": [...]}; answers 202 once Kafka acknowledged
 * every record. X-Correlation-ID (or a new id) becomes the Kafka header correlation-id.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.port != 9404",
    message = "source.http.port: 9404 is the metrics port")
public class HttpSource {

  @JsonPropertyDescription("Container port of the ingest endpoint. Default: 8080.")
  @Min(1)
  @Max(65535)
  @Default("8080")
  private Integer port = 8080;

  @JsonPropertyDescription("URL path that accepts records. Default: /v1/records.")
  @Pattern(ApiPatterns.URL_PATH)
  @Default("/v1/records")
  private String path = "/v1/records";

  @JsonPropertyDescription("Most records in one request. Default: 500.")
  @Min(1)
  @Default("500")
  private Integer maxBatch = 500;

  @JsonPropertyDescription("Largest request body in bytes. Default: 1048576.")
  @Min(1)
  @Default("1048576")
  private Integer maxBodyBytes = 1048576;

  @JsonPropertyDescription("A Secret key holding the bearer token clients must send. Default: no authentication.")
  private SecretKeyReference tokenSecretRef;

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

  public SecretKeyReference getTokenSecretRef() {
    return tokenSecretRef;
  }

  public void setTokenSecretRef(SecretKeyReference tokenSecretRef) {
    this.tokenSecretRef = tokenSecretRef;
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
        && Objects.equals(tokenSecretRef, that.tokenSecretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(port, path, maxBatch, maxBodyBytes, tokenSecretRef);
  }

  @Override
  public String toString() {
    return "HttpSource{"
        + "port=" + port
        + ", path=" + path
        + ", maxBatch=" + maxBatch
        + ", maxBodyBytes=" + maxBodyBytes
        + ", tokenSecretRef=" + tokenSecretRef
        + "}";
  }
}
