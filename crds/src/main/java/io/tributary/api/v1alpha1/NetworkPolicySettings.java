package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/**
 * The Pipeline's NetworkPolicy (networking.k8s.io/v1): its pods accept connections only on the
 * ingest ports of its http Producers and on the metrics port, and open connections only to the
 * Kafka and Redis ports and DNS.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySettings {

  @JsonPropertyDescription("Create the NetworkPolicy <pipeline>-pipeline; false removes it. Default: true.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription("Who may reach the ingest port of the http Producers. Default (absent or empty): anyone.")
  @Size(max = 32)
  private List<NetworkPeer> ingestFrom;

  @JsonPropertyDescription("Who may reach the metrics port 9404 (Prometheus), e.g. [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]. Default (absent or empty): anyone.")
  @Size(max = 32)
  private List<NetworkPeer> metricsFrom;

  @JsonPropertyDescription("Port of the Redis server the pods may connect to. Default: the port of spec.redis.url (6379 without one, and with urlSecretRef).")
  @Min(1)
  @Max(65535)
  private Integer redisPort;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<NetworkPeer> getIngestFrom() {
    return ingestFrom;
  }

  public void setIngestFrom(List<NetworkPeer> ingestFrom) {
    this.ingestFrom = ingestFrom;
  }

  public List<NetworkPeer> getMetricsFrom() {
    return metricsFrom;
  }

  public void setMetricsFrom(List<NetworkPeer> metricsFrom) {
    this.metricsFrom = metricsFrom;
  }

  public Integer getRedisPort() {
    return redisPort;
  }

  public void setRedisPort(Integer redisPort) {
    this.redisPort = redisPort;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    NetworkPolicySettings that = (NetworkPolicySettings) o;
    return Objects.equals(enabled, that.enabled)
        && Objects.equals(ingestFrom, that.ingestFrom)
        && Objects.equals(metricsFrom, that.metricsFrom)
        && Objects.equals(redisPort, that.redisPort);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, ingestFrom, metricsFrom, redisPort);
  }

  @Override
  public String toString() {
    return "NetworkPolicySettings{enabled=" + enabled + ", ingestFrom=" + ingestFrom + ", metricsFrom="
        + metricsFrom + ", redisPort=" + redisPort + "}";
  }
}
