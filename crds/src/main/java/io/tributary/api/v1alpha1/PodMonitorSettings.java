package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Map;
import java.util.Objects;

/**
 * Prometheus Operator scraping of the pipeline's pods: a PodMonitor selecting every pod of the
 * Pipeline on its metrics port.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodMonitorSettings {

  @JsonPropertyDescription("Create the PodMonitor when the Prometheus Operator's CRD is installed. Default: true.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription("Labels on the PodMonitor, e.g. release: kube-prometheus-stack, so that Prometheus selects it; they go on the PrometheusRule too, which a Prometheus selects the same way.")
  private Map<String, String> labels;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    PodMonitorSettings that = (PodMonitorSettings) o;
    return Objects.equals(enabled, that.enabled)
        && Objects.equals(labels, that.labels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, labels);
  }

  @Override
  public String toString() {
    return "PodMonitorSettings{"
        + "enabled=" + enabled
        + ", labels=" + labels
        + "}";
  }
}
