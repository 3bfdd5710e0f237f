package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Metrics, alerts and dashboards of the pipeline.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.podMonitor) && has(self.serviceMonitor))",
    message = "spec.monitoring: set podMonitor, or its deprecated name serviceMonitor, not both")
public class MonitoringSpec {

  @JsonPropertyDescription("The PodMonitor (Prometheus Operator) that scrapes every pod of the pipeline on its metrics port.")
  private PodMonitorSettings podMonitor;

  @JsonPropertyDescription("Deprecated name of podMonitor, kept so that existing Pipelines work: it configures the same PodMonitor (there is no ServiceMonitor). Set one of the two.")
  private PodMonitorSettings serviceMonitor;

  @JsonPropertyDescription("PrometheusRule with the pipeline's alerts.")
  private PrometheusRuleSettings prometheusRule;

  @JsonPropertyDescription("Grafana dashboard ConfigMap.")
  private DashboardSettings dashboard;

  public PodMonitorSettings getPodMonitor() {
    return podMonitor;
  }

  public void setPodMonitor(PodMonitorSettings podMonitor) {
    this.podMonitor = podMonitor;
  }

  public PodMonitorSettings getServiceMonitor() {
    return serviceMonitor;
  }

  public void setServiceMonitor(PodMonitorSettings serviceMonitor) {
    this.serviceMonitor = serviceMonitor;
  }

  public PrometheusRuleSettings getPrometheusRule() {
    return prometheusRule;
  }

  public void setPrometheusRule(PrometheusRuleSettings prometheusRule) {
    this.prometheusRule = prometheusRule;
  }

  public DashboardSettings getDashboard() {
    return dashboard;
  }

  public void setDashboard(DashboardSettings dashboard) {
    this.dashboard = dashboard;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    MonitoringSpec that = (MonitoringSpec) o;
    return Objects.equals(podMonitor, that.podMonitor)
        && Objects.equals(serviceMonitor, that.serviceMonitor)
        && Objects.equals(prometheusRule, that.prometheusRule)
        && Objects.equals(dashboard, that.dashboard);
  }

  @Override
  public int hashCode() {
    return Objects.hash(podMonitor, serviceMonitor, prometheusRule, dashboard);
  }

  @Override
  public String toString() {
    return "MonitoringSpec{"
        + "podMonitor=" + podMonitor
        + ", serviceMonitor=" + serviceMonitor
        + ", prometheusRule=" + prometheusRule
        + ", dashboard=" + dashboard
        + "}";
  }
}
