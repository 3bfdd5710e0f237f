package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Map;
import java.util.Objects;

/**
 * Alert rules for the pipeline.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrometheusRuleSettings {

  @JsonPropertyDescription("Create a PrometheusRule when its CRD is installed. Default: true.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription("Labels on the PrometheusRule, so that Prometheus selects it.")
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
    PrometheusRuleSettings that = (PrometheusRuleSettings) o;
    return Objects.equals(enabled, that.enabled)
        && Objects.equals(labels, that.labels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, labels);
  }

  @Override
  public String toString() {
    return "PrometheusRuleSettings{"
        + "enabled=" + enabled
        + ", labels=" + labels
        + "}";
  }
}
