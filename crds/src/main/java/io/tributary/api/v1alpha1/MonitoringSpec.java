package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Metrics, alerts and dashboards of the pipeline.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MonitoringSpec {

  @JsonPropertyDescription("ServiceMonitor for all components' metrics ports.")
  private ServiceMonitorSettings serviceMonitor;

  @JsonPropertyDescription("PrometheusRule with the pipeline's alerts.")
  private PrometheusRuleSettings prometheusRule;

  @JsonPropertyDescription("Grafana dashboard ConfigMap.")
  private DashboardSettings dashboard;

  public ServiceMonitorSettings getServiceMonitor() {
    return serviceMonitor;
  }

  public void setServiceMonitor(ServiceMonitorSettings serviceMonitor) {
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
    return Objects.equals(serviceMonitor, that.serviceMonitor)
        && Objects.equals(prometheusRule, that.prometheusRule)
        && Objects.equals(dashboard, that.dashboard);
  }

  @Override
  public int hashCode() {
    return Objects.hash(serviceMonitor, prometheusRule, dashboard);
  }

  @Override
  public String toString() {
    return "MonitoringSpec{"
        + "serviceMonitor=" + serviceMonitor
        + ", prometheusRule=" + prometheusRule
        + ", dashboard=" + dashboard
        + "}";
  }
}
