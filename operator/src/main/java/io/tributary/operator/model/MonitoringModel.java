package io.tributary.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.tributary.api.v1alpha1.DashboardSettings;
import io.tributary.api.v1alpha1.MonitoringSpec;
import io.tributary.api.v1alpha1.PodMonitorSettings;
import io.tributary.api.v1alpha1.Pipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Monitoring children of a Pipeline (DESIGN §5): a PodMonitor scraping the {@code metrics} port of
 * every pod of the pipeline (producers, workers and ETL runs, which have no Service;
 * {@code monitoring.podMonitor}, or its deprecated name {@code monitoring.serviceMonitor}), a
 * PrometheusRule with {@link AlertRules}, a dashboard ConfigMap for the Grafana sidecar and the same
 * dashboard as a GrafanaDashboard for the grafana-operator. Pure.
 */
public final class MonitoringModel {
  public static final String MONITORING = "monitoring";
  /** Classpath location of the pipeline dashboard ({@code dashboards/pipeline.json} of the repo). */
  public static final String DASHBOARD_RESOURCE = "dashboards/pipeline.json";
  /** How often the Pipeline's PodMonitor asks Prometheus to scrape each pod. */
  public static final java.time.Duration SCRAPE_INTERVAL = java.time.Duration.ofSeconds(15);

  private MonitoringModel() {}

  public static String name(Pipeline pipeline) {
    return pipeline.getMetadata().getName() + "-pipeline";
  }

  /**
   * {@code monitoring.podMonitor}, or its deprecated name {@code monitoring.serviceMonitor} (the
   * schema refuses both at once); null when neither is set.
   */
  static PodMonitorSettings podMonitorSettings(Pipeline pipeline) {
    MonitoringSpec m = pipeline.getSpec().getMonitoring();
    if (m == null) {
      return null;
    }
    return m.getPodMonitor() != null ? m.getPodMonitor() : m.getServiceMonitor();
  }

  public static boolean podMonitorEnabled(Pipeline pipeline) {
    PodMonitorSettings settings = podMonitorSettings(pipeline);
    return settings == null || !Boolean.FALSE.equals(settings.getEnabled());
  }

  private static Map<String, String> podMonitorLabels(Pipeline pipeline) {
    PodMonitorSettings settings = podMonitorSettings(pipeline);
    return settings == null || settings.getLabels() == null ? Map.of() : settings.getLabels();
  }

  public static boolean prometheusRuleEnabled(Pipeline pipeline) {
    MonitoringSpec m = pipeline.getSpec().getMonitoring();
    return m == null || m.getPrometheusRule() == null || !Boolean.FALSE.equals(m.getPrometheusRule().getEnabled());
  }

  public static boolean dashboardEnabled(Pipeline pipeline) {
    MonitoringSpec m = pipeline.getSpec().getMonitoring();
    return m == null || m.getDashboard() == null || !Boolean.FALSE.equals(m.getDashboard().getEnabled());
  }

  public static GenericKubernetesResource podMonitor(Pipeline pipeline) {
    Map<String, String> extraLabels = podMonitorLabels(pipeline);
    Map<String, Object> selector = Map.of("matchLabels", Labels.pipelinePods(pipeline.getMetadata().getName()));
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", PodTemplates.METRICS_PORT_NAME);
    endpoint.put("path", "/metrics");
    endpoint.put("interval", SCRAPE_INTERVAL.toSeconds() + "s");
    // the runtime tags its metrics with pipeline/component/role; keep those, add the namespace
    endpoint.put("honorLabels", true);
    endpoint.put("relabelings", List.of(
        relabel("__meta_kubernetes_namespace", "namespace"),
        relabel("__meta_kubernetes_pod_label_tributary_io_pipeline", "pipeline"),
        relabel("__meta_kubernetes_pod_label_app_kubernetes_io_instance", "component"),
        relabel("__meta_kubernetes_pod_label_app_kubernetes_io_component", "role")));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("selector", selector);
    spec.put("podMetricsEndpoints", List.of(endpoint));
    return generic(UpstreamKind.POD_MONITOR, pipeline, extraLabels, spec);
  }

  /** The PrometheusRule without per-Worker settings (a Pipeline whose Workers are not known). */
  public static GenericKubernetesResource prometheusRule(Pipeline pipeline) {
    return prometheusRule(pipeline, List.of());
  }

  /**
   * The PrometheusRule: {@link AlertRules} for the Pipeline and its {@code workers} (their lag
   * thresholds and replica limits). Labels: those of {@code monitoring.podMonitor.labels}, then
   * {@code monitoring.prometheusRule.labels} (which win on a conflict). A Prometheus selects its
   * rules and its scrape configs by the same labels as a rule (kube-prometheus-stack: {@code
   * release: <its release>} for both), so a Pipeline labelled for scraping has its alerts loaded
   * too instead of silently never.
   */
  public static GenericKubernetesResource prometheusRule(Pipeline pipeline, List<io.tributary.api.v1alpha1.Worker> workers) {
    return generic(UpstreamKind.PROMETHEUS_RULE, pipeline, prometheusRuleLabels(pipeline),
        Map.of("groups", AlertRules.groups(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(), workers,
            deadLetterMaxAgeSeconds(pipeline))));
  }

  /** {@code spec.deadLetter.maxAgeSeconds}, or its default. */
  static long deadLetterMaxAgeSeconds(Pipeline pipeline) {
    var deadLetter = pipeline.getSpec() == null ? null : pipeline.getSpec().getDeadLetter();
    return deadLetter == null || deadLetter.getMaxAgeSeconds() == null
        ? AlertRules.DEFAULT_DEAD_LETTER_MAX_AGE_SECONDS : deadLetter.getMaxAgeSeconds();
  }

  /** {@code monitoring.podMonitor.labels} overlaid with {@code monitoring.prometheusRule.labels}. */
  static Map<String, String> prometheusRuleLabels(Pipeline pipeline) {
    MonitoringSpec m = pipeline.getSpec().getMonitoring();
    Map<String, String> labels = new LinkedHashMap<>(podMonitorLabels(pipeline));
    if (m != null && m.getPrometheusRule() != null && m.getPrometheusRule().getLabels() != null) {
      labels.putAll(m.getPrometheusRule().getLabels());
    }
    return labels;
  }

  /**
   * The dashboard ConfigMap: labels from {@code monitoring.dashboard.labels} (default
   * {@code grafana_dashboard: "1"}), the pipeline dashboard with its own uid and title and the
   * {@code pipeline} variable preset.
   */
  public static ConfigMap dashboardConfigMap(Pipeline pipeline) {
    DashboardSettings d = pipeline.getSpec().getMonitoring() == null ? null : pipeline.getSpec().getMonitoring().getDashboard();
    Map<String, String> labels = labels(pipeline);
    if (d != null && d.getLabels() != null && !d.getLabels().isEmpty()) {
      labels.putAll(d.getLabels());
    } else {
      labels.put("grafana_dashboard", "1");
    }
    String file = "tributary-" + pipeline.getMetadata().getNamespace() + "-" + pipeline.getMetadata().getName() + ".json";
    return new ConfigMapBuilder()
        .withMetadata(WorkloadModel.meta(pipeline, name(pipeline) + "-dashboard", labels))
        .withData(Map.of(file, dashboardJson(pipeline)))
        .build();
  }

  /**
   * The GrafanaDashboard for the grafana-operator: the same dashboard JSON as the ConfigMap, for
   * the Grafana instances labelled {@code monitoring.dashboard.grafanaInstanceLabels} (default
   * {@code dashboards: grafana}, the grafana-operator's documented convention) in any namespace —
   * Grafana rarely runs in the pipeline's namespace. Labels as on the other monitoring children.
   */
  public static GenericKubernetesResource grafanaDashboard(Pipeline pipeline) {
    DashboardSettings d = pipeline.getSpec().getMonitoring() == null ? null : pipeline.getSpec().getMonitoring().getDashboard();
    Map<String, String> instanceLabels =
        d != null && d.getGrafanaInstanceLabels() != null && !d.getGrafanaInstanceLabels().isEmpty()
            ? new java.util.TreeMap<>(d.getGrafanaInstanceLabels())
            : Map.of("dashboards", "grafana");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("instanceSelector", Map.of("matchLabels", instanceLabels));
    spec.put("allowCrossNamespaceImport", true);
    spec.put("folder", "Tributary");
    spec.put("json", dashboardJson(pipeline));
    return generic(UpstreamKind.GRAFANA_DASHBOARD, pipeline, Map.of(), spec);
  }

  static String dashboardJson(Pipeline pipeline) {
    String ns = pipeline.getMetadata().getNamespace();
    String name = pipeline.getMetadata().getName();
    ObjectNode dashboard = loadDashboard();
    dashboard.put("uid", ("tributary-" + Canonical.hash(ns + "/" + name)).substring(0, 26));
    dashboard.put("title", "Tributary pipeline " + ns + "/" + name);
    dashboard.remove("id");
    JsonNode templating = dashboard.path("templating").path("list");
    if (templating instanceof ArrayNode list) {
      for (JsonNode variable : list) {
        if (variable instanceof ObjectNode v && ("pipeline".equals(v.path("name").asText()) || "namespace".equals(v.path("name").asText()))) {
          String value = "pipeline".equals(v.path("name").asText()) ? name : ns;
          ObjectNode current = Canonical.MAPPER.createObjectNode();
          current.put("text", value);
          current.put("value", value);
          v.set("current", current);
        }
      }
    }
    try {
      return Canonical.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(dashboard) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bundled {@code dashboards/pipeline.json}; the build always packages it (operator/pom.xml). */
  private static ObjectNode loadDashboard() {
    try (InputStream in = MonitoringModel.class.getClassLoader().getResourceAsStream(DASHBOARD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DASHBOARD_RESOURCE + " is not on the class path: the build did not bundle it");
      }
      return (ObjectNode) Canonical.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DASHBOARD_RESOURCE, e);
    }
  }

  private static Map<String, String> labels(Pipeline pipeline) {
    String name = pipeline.getMetadata().getName();
    return Labels.of("pipeline", name, MONITORING, name);
  }

  private static Map<String, Object> relabel(String source, String target) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("sourceLabels", List.of(source));
    r.put("targetLabel", target);
    r.put("action", "replace");
    return r;
  }

  private static GenericKubernetesResource generic(
      UpstreamKind kind, Pipeline pipeline, Map<String, String> extraLabels, Map<String, Object> spec) {
    Map<String, String> labels = labels(pipeline);
    labels.putAll(extraLabels);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(kind.apiVersion())
        .withKind(kind.kind)
        .withMetadata(WorkloadModel.meta(pipeline, name(pipeline), labels))
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
