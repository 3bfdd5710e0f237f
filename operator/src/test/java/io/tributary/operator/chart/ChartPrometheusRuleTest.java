package io.tributary.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.api.schema.CrdSchemaRegistry;
import io.tributary.api.schema.ProjectPaths;
import io.tributary.operator.status.StatusMeters;
import io.tributary.operator.testing.Executables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator's own alerts ({@code prometheusRule.enabled}): exactly the rules of
 * {@code dashboards/alerts/operator-rules.yaml} (whose promtool unit tests and runbook
 * {@code AlertRulesTest} checks) for the chart's job and namespace, accepted by the Prometheus
 * Operator's CRD and by {@code promtool check rules}, and reading series the operator really
 * exports under the labels the chart's ServiceMonitor gives them.
 */
class ChartPrometheusRuleTest {
  private static final String OPERATOR = "tributary-operator";

  private static RenderedChart chart() {
    return RenderedChart.withValues("""
        metrics: {serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}}
        prometheusRule: {enabled: true, labels: {release: kube-prometheus-stack}, additionalLabels: {team: platform, severity: none}}
        """);
  }

  @Test
  void theChartRendersTheRulesOfDashboardsAlertsForItsJobAndNamespaceWithTheAdditionalLabels() throws Exception {
    JsonNode source = new YAMLMapper().readTree(Files.readString(Repository.root().resolve("dashboards/alerts/operator-rules.yaml"))
        .replace("$OPERATOR_JOB", OPERATOR + "-metrics").replace("$OPERATOR_NAMESPACE", RenderedChart.NAMESPACE));
    for (JsonNode group : source.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        // the rule's own severity wins over additionalLabels' "severity: none"
        ((ObjectNode) rule.path("labels")).put("team", "platform");
      }
    }

    JsonNode rendered = chart().get("PrometheusRule", OPERATOR).at("/spec/groups");

    assertThat(rendered).isEqualTo(source.path("groups"));
    List<String> alerts = new ArrayList<>();
    rendered.path(0).path("rules").forEach(rule -> alerts.add(rule.path("alert").asText()));
    assertThat(alerts).containsExactly("TributaryOperatorDown", "TributaryOperatorReconcileErrors",
        "TributaryScalerUnhealthy", "TributaryResourceNotReady");
    assertThat(rendered.path(0).path("rules").path(0).at("/annotations/runbook_url").asText())
        .endsWith("dashboards/RUNBOOK.md#tributaryoperatordown");
  }

  @Test
  void thePrometheusOperatorsCrdAcceptsTheRule() {
    JsonNode rule = chart().get("PrometheusRule", OPERATOR);

    assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(CrdSchemaRegistry.load(ProjectPaths.sharedSchema("prometheus-operator-0.93.1-prometheusrules.crd.yaml"))
        .validateValue(Serialization.jsonMapper().convertValue(rule, GenericKubernetesResource.class)))
        .isEmpty();
    assertThat(RenderedChart.withDefaults().ofKind("PrometheusRule")).as("off by default").isEmpty();
  }

  @Test
  void promtoolChecksTheRenderedRules() throws Exception {
    Path dir = Files.createTempDirectory("tributary-operator-rules-");
    try {
      ObjectNode file = JsonNodeFactory.instance.objectNode();
      file.set("groups", chart().get("PrometheusRule", OPERATOR).at("/spec/groups"));
      Files.writeString(dir.resolve("operator-rules.rendered.yaml"), new YAMLMapper().writeValueAsString(file));

      String check = promtool(dir, "check", "rules", "operator-rules.rendered.yaml");
      assertThat(check).startsWith("0:").contains("SUCCESS: 4 rules found");
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  /**
   * The series the rules select are what JOSDK's MicrometerMetrics (as the operator registers it,
   * per kind) exports and what the chart's ServiceMonitor scrapes: {@code job} is the metrics
   * Service's name, {@code namespace} the release namespace. The operator's own {@code tributary_*}
   * series carry their resource's namespace (the ServiceMonitor honours it), so they are selected
   * by name only.
   */
  @Test
  void theRulesReadWhatTheOperatorExportsWhereTheServiceMonitorScrapesIt() {
    RenderedChart chart = chart();
    JsonNode rules = chart.get("PrometheusRule", OPERATOR).at("/spec/groups/0/rules");
    String exposition = josdkExposition();
    JsonNode service = chart.get("Service", OPERATOR + "-metrics");
    JsonNode monitor = chart.get("ServiceMonitor", OPERATOR);
    assertThat(monitor.at("/spec/jobLabel").isMissingNode()).as("job = the Service's name").isTrue();

    assertThat(monitor.at("/spec/endpoints/0/honorLabels").asBoolean()).isTrue();
    Pattern selector = Pattern.compile("([a-z_]+)\\{([^}]*)}");
    Pattern operatorSeries = Pattern.compile("\\b(tributary_[a-z_]+)\\b");
    List<String> metrics = new ArrayList<>();
    for (JsonNode rule : rules) {
      Matcher own = operatorSeries.matcher(rule.path("expr").asText());
      while (own.find()) {
        metrics.add(own.group(1));
      }
      Matcher m = selector.matcher(rule.path("expr").asText());
      while (m.find()) {
        metrics.add(m.group(1));
        assertThat(m.group(2)).as("selector of %s", rule.path("alert").asText())
            .isEqualTo("job=\"" + service.at("/metadata/name").asText() + "\", namespace=\"" + RenderedChart.NAMESPACE + "\"");
        if (!m.group(1).equals("up")) {
          assertThat(exposition).as("JOSDK exports %s", m.group(1)).contains(m.group(1) + "{");
        }
      }
    }
    assertThat(metrics).containsExactly("up", "operator_sdk_reconciliations_failed_total",
        StatusMeters.SCALER_HEALTHY, StatusMeters.READY);
    // "by (kind)": JOSDK labels its failures with the kind
    assertThat(exposition).containsPattern("operator_sdk_reconciliations_failed_total\\{[^}]*kind=\"Worker\"");
  }

  private static String josdkExposition() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetrics metrics = MicrometerMetrics.withoutPerResourceMetrics(registry);
    var worker = new ConfigMapBuilder().withNewMetadata().withName("cache-writer").withNamespace("default").endMetadata().build();
    Map<String, Object> metadata = new HashMap<>();
    metadata.put(io.javaoperatorsdk.operator.api.reconciler.Constants.RESOURCE_GVK_KEY,
        new GroupVersionKind("tributary.io", "v1alpha1", "Worker"));
    metadata.put(io.javaoperatorsdk.operator.api.reconciler.Constants.CONTROLLER_NAME, "worker");
    metrics.failedReconciliation(worker, new IllegalStateException("broken"), metadata);
    return registry.scrape();
  }

  private static String promtool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Executables.onPath("promtool", "prometheus").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool %s finished", List.of(args)).isTrue();
    return process.exitValue() + ": " + output;
  }
}
