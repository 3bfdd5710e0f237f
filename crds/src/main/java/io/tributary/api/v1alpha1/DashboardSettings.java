package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Map;
import java.util.Objects;

/**
 * The Grafana dashboard of the pipeline, as a ConfigMap for the Grafana sidecar.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DashboardSettings {

  @JsonPropertyDescription("Create the dashboard ConfigMap. Default: true.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription("Labels on the ConfigMap. Default: grafana_dashboard: \"1\".")
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
    DashboardSettings that = (DashboardSettings) o;
    return Objects.equals(enabled, that.enabled)
        && Objects.equals(labels, that.labels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, labels);
  }

  @Override
  public String toString() {
    return "DashboardSettings{"
        + "enabled=" + enabled
        + ", labels=" + labels
        + "}";
  }
}
