package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Map;
import java.util.Objects;

/**
 * The Grafana dashboard of the pipeline, as a ConfigMap for the Grafana sidecar and, where the
 * grafana-operator is installed, as a GrafanaDashboard.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DashboardSettings {

  @JsonPropertyDescription("Create the dashboard ConfigMap, and a GrafanaDashboard (grafana.integreatly.org/v1beta1) where the grafana-operator is installed. Default: true.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription("Labels on the ConfigMap. Default: grafana_dashboard: \"1\".")
  private Map<String, String> labels;

  @JsonPropertyDescription("matchLabels of the Grafana instances (grafana-operator, any namespace) that import the GrafanaDashboard. Default: dashboards: grafana.")
  private Map<String, String> grafanaInstanceLabels;

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

  public Map<String, String> getGrafanaInstanceLabels() {
    return grafanaInstanceLabels;
  }

  public void setGrafanaInstanceLabels(Map<String, String> grafanaInstanceLabels) {
    this.grafanaInstanceLabels = grafanaInstanceLabels;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    DashboardSettings that = (DashboardSettings) o;
    return Objects.equals(enabled, that.enabled)
        && Objects.equals(labels, that.labels)
        && Objects.equals(grafanaInstanceLabels, that.grafanaInstanceLabels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, labels, grafanaInstanceLabels);
  }

  @Override
  public String toString() {
    return "DashboardSettings{"
        + "enabled=" + enabled
        + ", labels=" + labels
        + ", grafanaInstanceLabels=" + grafanaInstanceLabels
        + "}";
  }
}
