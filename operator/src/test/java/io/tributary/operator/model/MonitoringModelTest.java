package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringModelTest {
  private final Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));

  @Test
  @SuppressWarnings("unchecked")
  void alertRulesAreScopedToThePipelineWithNoPlaceholderLeft() {
    var rule = MonitoringModel.prometheusRule(pipeline);
    var groups = (List<Map<String, Object>>) ((Map<String, Object>) rule.getAdditionalProperties().get("spec")).get("groups");
    List<Map<String, Object>> rules = groups.stream()
        .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream()).toList();
    assertThat(rules).extracting(r -> r.get("alert")).contains("TributaryErrorRatioHigh", "TributaryDeadLetters");
    assertThat(rules.stream().filter(r -> r.containsKey("alert")).toList()).allSatisfy(r -> assertThat((String) r.get("expr"))
        .contains("pipeline=\"market-data\"").doesNotContain("$PIPELINE").doesNotContain("$NAMESPACE"));
  }

  /**
   * kube-prometheus-stack selects PodMonitors and PrometheusRules by the same {@code release} label:
   * a Pipeline labelled only for scraping gets its alerts loaded too.
   */
  @Test
  void thePrometheusRuleCarriesThePodMonitorsLabelsAndItsOwn() {
    pipeline.getSpec().getMonitoring().setPodMonitor(Canonical.MAPPER.convertValue(
        Map.of("labels", Map.of("release", "kube-prometheus-stack", "team", "data")), io.tributary.api.v1alpha1.PodMonitorSettings.class));
    pipeline.getSpec().getMonitoring().setPrometheusRule(null);
    assertThat(MonitoringModel.podMonitor(pipeline).getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    assertThat(MonitoringModel.prometheusRule(pipeline).getMetadata().getLabels())
        .containsEntry("release", "kube-prometheus-stack").containsEntry("team", "data")
        .containsEntry("tributary.io/pipeline", "market-data");

    pipeline.getSpec().getMonitoring().setPrometheusRule(Canonical.MAPPER.convertValue(
        Map.of("labels", Map.of("team", "alerts", "role", "alert-rules")), io.tributary.api.v1alpha1.PrometheusRuleSettings.class));
    assertThat(MonitoringModel.prometheusRule(pipeline).getMetadata().getLabels())
        .containsEntry("release", "kube-prometheus-stack").containsEntry("team", "alerts").containsEntry("role", "alert-rules");
    assertThat(MonitoringModel.podMonitor(pipeline).getMetadata().getLabels()).doesNotContainKey("role").containsEntry("team", "data");
  }

  /** {@code monitoring.serviceMonitor}, the field's name before {@code podMonitor}, still configures the PodMonitor. */
  @Test
  void theDeprecatedServiceMonitorFieldConfiguresThePodMonitor() {
    pipeline.getSpec().getMonitoring().setPodMonitor(null);
    pipeline.getSpec().getMonitoring().setServiceMonitor(Canonical.MAPPER.convertValue(
        Map.of("labels", Map.of("release", "old-prom")), io.tributary.api.v1alpha1.PodMonitorSettings.class));
    assertThat(MonitoringModel.podMonitor(pipeline).getKind()).isEqualTo("PodMonitor");
    assertThat(MonitoringModel.podMonitor(pipeline).getMetadata().getLabels()).containsEntry("release", "old-prom");
    assertThat(MonitoringModel.podMonitorEnabled(pipeline)).isTrue();

    pipeline.getSpec().getMonitoring().getServiceMonitor().setEnabled(false);
    assertThat(MonitoringModel.podMonitorEnabled(pipeline)).isFalse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachAutoscaledWorkersLagThresholdAndMaxReplicasAreRecordedForTheAlerts() {
    io.tributary.api.v1alpha1.Worker bulk = worker("bulk-loader", "market-data", Map.of("lagThreshold", 5000, "minReplicas", 1, "maxReplicas", 4));
    io.tributary.api.v1alpha1.Worker fixed = worker("fixed", "market-data", Map.of("lagThreshold", 200, "minReplicas", 3, "maxReplicas", 3));
    io.tributary.api.v1alpha1.Worker plain = worker("plain", "market-data", null);
    io.tributary.api.v1alpha1.Worker other = worker("elsewhere", "payments", Map.of("lagThreshold", 7));
    var spec = (Map<String, Object>) MonitoringModel.prometheusRule(pipeline, List.of(plain, fixed, bulk, other))
        .getAdditionalProperties().get("spec");
    var groups = (List<Map<String, Object>>) spec.get("groups");
    Map<String, Object> settings = groups.get(groups.size() - 1);
    assertThat(settings.get("name")).isEqualTo(AlertRules.WORKER_SETTINGS_GROUP);
    assertThat((List<Map<String, Object>>) settings.get("rules")).extracting(r -> r.get("record") + " " + r.get("expr") + " "
            + ((Map<String, String>) r.get("labels")).getOrDefault("component", "-"))
        .containsExactly(
            "tributary:default_lag_threshold vector(1000) -",
            "tributary:dead_letter_max_age_seconds vector(86400) -",
            "tributary:worker_lag_threshold vector(5000) bulk-loader",
            "tributary:worker_max_replicas vector(4) bulk-loader",
            "tributary:worker_lag_threshold vector(200) fixed");
    assertThat(AlertRules.DEFAULT_LAG_THRESHOLD).isEqualTo(new io.tributary.api.v1alpha1.WorkerAutoscaling().getLagThreshold());
  }

  @Test
  @SuppressWarnings("unchecked")
  void thePipelinesDeadLetterMaxAgeIsRecordedForTheAlert() {
    io.tributary.api.v1alpha1.DeadLetterSpec deadLetter = new io.tributary.api.v1alpha1.DeadLetterSpec();
    deadLetter.setMaxAgeSeconds(3600L);
    pipeline.getSpec().setDeadLetter(deadLetter);
    var spec = (Map<String, Object>) MonitoringModel.prometheusRule(pipeline, List.of()).getAdditionalProperties().get("spec");
    var groups = (List<Map<String, Object>>) spec.get("groups");
    var rules = (List<Map<String, Object>>) groups.get(groups.size() - 1).get("rules");
    assertThat(rules).filteredOn(r -> AlertRules.DEAD_LETTER_MAX_AGE.equals(r.get("record")))
        .singleElement().satisfies(r -> {
          assertThat(r.get("expr")).isEqualTo("vector(3600)");
          assertThat((Map<String, String>) r.get("labels")).containsEntry("pipeline", pipeline.getMetadata().getName());
        });
  }

  private static io.tributary.api.v1alpha1.Worker worker(String name, String pipelineName, Map<String, Object> autoscaling) {
    Map<String, Object> spec = new java.util.LinkedHashMap<>();
    spec.put("pipeline", pipelineName);
    spec.put("input", Map.of("topic", Map.of("name", "t")));
    spec.put("processors", List.of(Map.of("log", Map.of())));
    if (autoscaling != null) {
      spec.put("autoscaling", autoscaling);
    }
    return Canonical.MAPPER.convertValue(Map.of("apiVersion", "tributary.io/v1alpha1", "kind", "Worker",
        "metadata", Map.of("name", name, "namespace", "default"), "spec", spec), io.tributary.api.v1alpha1.Worker.class);
  }

  @Test
  void theDashboardIsThePipelineDashboardWithItsOwnUidAndThePipelinePreselected() throws Exception {
    var configMap = MonitoringModel.dashboardConfigMap(pipeline);
    assertThat(configMap.getData()).containsOnlyKeys("tributary-default-market-data.json");
    JsonNode dashboard = Canonical.MAPPER.readTree(configMap.getData().values().iterator().next());
    assertThat(dashboard.path("uid").asText()).startsWith("tributary-").hasSizeLessThanOrEqualTo(40);
    assertThat(dashboard.path("title").asText()).isEqualTo("Tributary pipeline default/market-data");
    assertThat(dashboard.path("panels").size()).isPositive();
    JsonNode variables = dashboard.path("templating").path("list");
    assertThat(variables.findValues("name")).extracting(JsonNode::asText).contains("namespace", "pipeline");
    for (JsonNode v : variables) {
      if (v.path("name").asText().equals("pipeline")) {
        assertThat(v.path("current").path("value").asText()).isEqualTo("market-data");
      }
    }
    Pipeline other = stored(Fixtures.strimziPipeline("payments"));
    JsonNode otherDashboard = Canonical.MAPPER.readTree(MonitoringModel.dashboardConfigMap(other).getData().values().iterator().next());
    assertThat(otherDashboard.path("uid").asText()).isNotEqualTo(dashboard.path("uid").asText());
  }

  @Test
  void dashboardLabelsComeFromTheSpec() {
    pipeline.getSpec().getMonitoring().setDashboard(Canonical.MAPPER.convertValue(
        Map.of("labels", Map.of("grafana_dashboard", "tributary")), io.tributary.api.v1alpha1.DashboardSettings.class));
    assertThat(MonitoringModel.dashboardConfigMap(pipeline).getMetadata().getLabels())
        .containsEntry("grafana_dashboard", "tributary")
        .containsEntry("tributary.io/pipeline", "market-data");
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaDashboardCarriesTheSameDashboardForTheDefaultOrChosenGrafanaInstances() throws Exception {
    var grafana = MonitoringModel.grafanaDashboard(pipeline);
    assertThat(grafana.getApiVersion()).isEqualTo("grafana.integreatly.org/v1beta1");
    assertThat(grafana.getKind()).isEqualTo("GrafanaDashboard");
    var spec = (Map<String, Object>) grafana.getAdditionalProperties().get("spec");
    assertThat(spec.get("instanceSelector")).isEqualTo(Map.of("matchLabels", Map.of("dashboards", "grafana")));
    assertThat(Canonical.MAPPER.readTree((String) spec.get("json")))
        .isEqualTo(Canonical.MAPPER.readTree(MonitoringModel.dashboardConfigMap(pipeline).getData().values().iterator().next()));

    pipeline.getSpec().getMonitoring().setDashboard(Canonical.MAPPER.convertValue(
        Map.of("grafanaInstanceLabels", Map.of("team", "data")), io.tributary.api.v1alpha1.DashboardSettings.class));
    var chosen = (Map<String, Object>) MonitoringModel.grafanaDashboard(pipeline).getAdditionalProperties().get("spec");
    assertThat(chosen.get("instanceSelector")).isEqualTo(Map.of("matchLabels", Map.of("team", "data")));
  }
}
