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
    assertThat(rules).allSatisfy(r -> assertThat((String) r.get("expr"))
        .contains("pipeline=\"market-data\"").doesNotContain("$PIPELINE").doesNotContain("$NAMESPACE"));
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
