package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/**
 * How much the http source gives one client. Every field is optional; absent ones take the
 * runtime's defaults (io.tributary.runtime.config.HttpLimits), and the bounds are the runtime's.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpSourceLimits {

  @JsonPropertyDescription("The request line and headers must arrive within this long of the connection's opening (or of a kept-alive request's first byte), however slowly they trickle in; else 408. At most 999999 of its unit. Default: 10s.")
  @Pattern(ApiPatterns.HTTP_TIMEOUT)
  private String headerTimeout;

  @JsonPropertyDescription("The whole body must arrive within this long of the headers; else 408 and nothing of it is sent. At most 999999 of its unit. Default: 30s.")
  @Pattern(ApiPatterns.HTTP_TIMEOUT)
  private String bodyTimeout;

  @JsonPropertyDescription("A kept-alive connection without a request is closed after this long. At most 999999 of its unit. Default: 60s.")
  @Pattern(ApiPatterns.HTTP_TIMEOUT)
  private String idleTimeout;

  @JsonPropertyDescription("Open connections at most; one more is answered 429 with Retry-After and closed. Default: 512.")
  @Min(1)
  @Max(65536)
  private Integer maxConnections;

  @JsonPropertyDescription("Requests at most whose body is being read, that wait for a handler or for Kafka; one more is 429 with Retry-After before its body is read. Bodies take at most maxPendingRequests x maxBodyBytes of memory. Default: 32.")
  @Min(1)
  @Max(4096)
  private Integer maxPendingRequests;

  @JsonPropertyDescription("The request headers at most, in bytes; larger is 431 (a request line over 8192 bytes is 414). Default: 16384.")
  @Min(1024)
  @Max(1048576)
  private Integer maxHeaderBytes;

  public String getHeaderTimeout() {
    return headerTimeout;
  }

  public void setHeaderTimeout(String headerTimeout) {
    this.headerTimeout = headerTimeout;
  }

  public String getBodyTimeout() {
    return bodyTimeout;
  }

  public void setBodyTimeout(String bodyTimeout) {
    this.bodyTimeout = bodyTimeout;
  }

  public String getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public Integer getMaxConnections() {
    return maxConnections;
  }

  public void setMaxConnections(Integer maxConnections) {
    this.maxConnections = maxConnections;
  }

  public Integer getMaxPendingRequests() {
    return maxPendingRequests;
  }

  public void setMaxPendingRequests(Integer maxPendingRequests) {
    this.maxPendingRequests = maxPendingRequests;
  }

  public Integer getMaxHeaderBytes() {
    return maxHeaderBytes;
  }

  public void setMaxHeaderBytes(Integer maxHeaderBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    HttpSourceLimits that = (HttpSourceLimits) o;
    return Objects.equals(headerTimeout, that.headerTimeout)
        && Objects.equals(bodyTimeout, that.bodyTimeout)
        && Objects.equals(idleTimeout, that.idleTimeout)
        && Objects.equals(maxConnections, that.maxConnections)
        && Objects.equals(maxPendingRequests, that.maxPendingRequests)
        && Objects.equals(maxHeaderBytes, that.maxHeaderBytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(headerTimeout, bodyTimeout, idleTimeout, maxConnections, maxPendingRequests, maxHeaderBytes);
  }

  @Override
  public String toString() {
    return "HttpSourceLimits{"
        + "headerTimeout=" + headerTimeout
        + ", bodyTimeout=" + bodyTimeout
        + ", idleTimeout=" + idleTimeout
        + ", maxConnections=" + maxConnections
        + ", maxPendingRequests=" + maxPendingRequests
        + ", maxHeaderBytes=" + maxHeaderBytes
        + "}";
  }
}
