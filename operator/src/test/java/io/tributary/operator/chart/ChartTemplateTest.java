package io.tributary.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.operator.config.OperatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** {@code helm template} with the default values and with the value sets the README promises. */
class ChartTemplateTest {
  private static final String OPERATOR = "tributary-operator";

  @Test
  void defaultsRenderARestrictedOperatorWithClusterWideRbacAndTheOperatorsOwnDefaults() {
    RenderedChart chart = RenderedChart.withDefaults();

    assertThat(chart.names()).containsExactlyInAnyOrder(
        "ServiceAccount/" + OPERATOR, "ClusterRole/" + OPERATOR, "ClusterRoleBinding/" + OPERATOR,
        "Role/" + OPERATOR + "-leader-election", "RoleBinding/" + OPERATOR + "-leader-election",
        "Service/" + OPERATOR + "-metrics", "Deployment/" + OPERATOR,
        "ClusterRole/tributary-edit", "ClusterRole/tributary-view");
    for (JsonNode o : chart.objects()) {
      if (!o.path("kind").asText().startsWith("Cluster")) {
        assertThat(o.at("/metadata/namespace").asText()).as("namespace of %s", o.at("/metadata/name")).isEqualTo(RenderedChart.NAMESPACE);
      }
    }
    JsonNode deployment = chart.deployment();
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo(OPERATOR);
    assertRestrictedPodSecurity(deployment.at("/spec/template/spec"));

    JsonNode container = chart.operatorContainer();
    assertThat(container.path("image").asText()).isEqualTo("ghcr.io/tributary-io/tributary-operator:0.1.0");
    Map<String, String> env = chart.operatorEnv();
    // the chart says what the operator would assume anyway: its own defaults
    assertThat(env).containsEntry("TRIBUTARY_RUNTIME_IMAGE", OperatorSettings.DEFAULT_RUNTIME_IMAGE)
        .containsEntry("TRIBUTARY_WATCH_NAMESPACES", "")
        .containsEntry("TRIBUTARY_LEADER_ELECTION", "true")
        .containsEntry("TRIBUTARY_LEADER_ELECTION_LEASE", OperatorSettings.DEFAULT_LEASE_NAME)
        .containsEntry("TRIBUTARY_METRICS_PORT", String.valueOf(OperatorSettings.DEFAULT_METRICS_PORT))
        .containsEntry("TRIBUTARY_HEALTH_PORT", String.valueOf(OperatorSettings.DEFAULT_HEALTH_PORT))
        .containsEntry("POD_NAMESPACE", "{\"fieldRef\":{\"fieldPath\":\"metadata.namespace\"}}");
    OperatorSettings parsed = OperatorSettings.fromEnvironment(Map.of(
        "TRIBUTARY_RUNTIME_IMAGE", env.get("TRIBUTARY_RUNTIME_IMAGE"),
        "TRIBUTARY_WATCH_NAMESPACES", env.get("TRIBUTARY_WATCH_NAMESPACES"),
        "TRIBUTARY_LEADER_ELECTION", env.get("TRIBUTARY_LEADER_ELECTION"),
        "TRIBUTARY_LEADER_ELECTION_LEASE", env.get("TRIBUTARY_LEADER_ELECTION_LEASE"),
        "POD_NAMESPACE", RenderedChart.NAMESPACE,
        "TRIBUTARY_METRICS_PORT", env.get("TRIBUTARY_METRICS_PORT"),
        "TRIBUTARY_HEALTH_PORT", env.get("TRIBUTARY_HEALTH_PORT")));
    assertThat(parsed.leaderElection()).contains(
        new OperatorSettings.LeaderElection(OperatorSettings.DEFAULT_LEASE_NAME, RenderedChart.NAMESPACE));
    assertThat(parsed.watchNamespaces()).isEmpty();

    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(containerPort(container, container.at("/livenessProbe/httpGet/port").asText())).isEqualTo(8081);
    assertThat(containerPort(container, "metrics")).isEqualTo(8080);
    assertThat(container.at("/resources/requests/memory").asText()).isEqualTo("256Mi");
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");

    JsonNode service = chart.get("Service", OPERATOR + "-metrics");
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("metrics");
    assertSelects(service.at("/spec/selector"), deployment);

    assertThat(chart.get("ClusterRoleBinding", OPERATOR).at("/subjects/0/name").asText()).isEqualTo(OPERATOR);
    assertThat(chart.get("ClusterRoleBinding", OPERATOR).at("/subjects/0/namespace").asText()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(chart.get("Role", OPERATOR + "-leader-election").at("/rules/0/resources/0").asText()).isEqualTo("leases");
    assertNoWildcards(chart);
  }

  @Test
  void watchNamespacesGiveARolePerNamespaceAndOnlyClusterScopedReadsClusterWide() {
    RenderedChart defaults = RenderedChart.withDefaults();
    RenderedChart chart = RenderedChart.withValues("watchNamespaces: [team-a, team-b]\n");

    assertThat(chart.find("ClusterRole", OPERATOR)).isEmpty();
    assertThat(chart.find("ClusterRoleBinding", OPERATOR)).isEmpty();
    JsonNode clusterRole = chart.get("ClusterRole", OPERATOR + "-cluster");
    for (JsonNode rule : clusterRole.path("rules")) {
      assertThat(rule.path("resources")).as("cluster-wide rule %s", rule)
          .allSatisfy(r -> assertThat(r.asText()).isEqualTo("customresourcedefinitions"));
    }
    assertThat(chart.get("ClusterRoleBinding", OPERATOR + "-cluster").at("/roleRef/name").asText()).isEqualTo(OPERATOR + "-cluster");

    List<JsonNode> namespacedRules = new ArrayList<>();
    defaults.get("ClusterRole", OPERATOR).path("rules").forEach(rule -> {
      if (!rule.path("apiGroups").get(0).asText().equals("apiextensions.k8s.io")) {
        namespacedRules.add(rule);
      }
    });
    for (String namespace : List.of("team-a", "team-b")) {
      JsonNode role = chart.ofKind("Role").stream()
          .filter(r -> r.at("/metadata/name").asText().equals(OPERATOR) && r.at("/metadata/namespace").asText().equals(namespace))
          .findFirst().orElseThrow(() -> new AssertionError("no Role in " + namespace + ": " + chart.names()));
      assertThat(list(role.path("rules"))).as("rules of the Role in %s", namespace).isEqualTo(namespacedRules);
      JsonNode binding = chart.ofKind("RoleBinding").stream()
          .filter(b -> b.at("/metadata/namespace").asText().equals(namespace)).findFirst().orElseThrow();
      assertThat(binding.at("/roleRef/name").asText()).isEqualTo(OPERATOR);
      assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(OPERATOR);
      assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(RenderedChart.NAMESPACE);
    }
    assertThat(chart.operatorEnv()).containsEntry("TRIBUTARY_WATCH_NAMESPACES", "team-a,team-b");
    assertThat(OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_WATCH_NAMESPACES", "team-a,team-b")).watchNamespaces())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertNoWildcards(chart);
  }

  @Test
  void serviceMonitorScrapesTheMetricsServiceWithTheLabelsPrometheusSelects() {
    RenderedChart chart = RenderedChart.withValues("""
        metrics:
          serviceMonitor:
            enabled: true
            labels:
              release: kube-prometheus-stack
            interval: 15s
        """);

    JsonNode monitor = chart.get("ServiceMonitor", OPERATOR);
    JsonNode service = chart.get("Service", OPERATOR + "-metrics");
    assertThat(monitor.at("/apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(monitor.at("/spec/namespaceSelector/matchNames/0").asText()).isEqualTo(RenderedChart.NAMESPACE);
    monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
        assertThat(service.at("/metadata/labels").path(label.getKey()).asText()).as("Service label %s", label.getKey())
            .isEqualTo(label.getValue().asText()));
    JsonNode endpoint = monitor.at("/spec/endpoints/0");
    assertThat(endpoint.path("port").asText()).isEqualTo(service.at("/spec/ports/0/name").asText());
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
    // tributary_worker_lag{namespace=...} etc. keep the resource's namespace (the alert rules select on it)
    assertThat(endpoint.path("honorLabels").asBoolean()).isTrue();
    // and the Prometheus Operator's CRD accepts it as rendered
    assertThat(io.tributary.api.schema.CrdSchemaRegistry.load(
            io.tributary.api.schema.ProjectPaths.sharedSchema("prometheus-operator-0.93.1-servicemonitors.crd.yaml"))
        .validateValue(io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
            .convertValue(monitor, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)))
        .isEmpty();
  }

  @Test
  void dashboardsBecomeConfigMapsTheGrafanaSidecarPicksUp() throws IOException {
    RenderedChart chart = RenderedChart.withValues("""
        dashboards:
          enabled: true
          namespace: monitoring
          annotations:
            grafana_folder: Tributary
        """);
    ObjectMapper json = new ObjectMapper();

    for (String name : List.of("operator", "pipeline")) {
      JsonNode configMap = chart.get("ConfigMap", "tributary-dashboard-" + name);
      assertThat(configMap.at("/metadata/namespace").asText()).isEqualTo("monitoring");
      assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
      assertThat(configMap.at("/metadata/annotations/grafana_folder").asText()).isEqualTo("Tributary");
      Path source = Repository.root().resolve("dashboards").resolve(name + ".json");
      String data = configMap.at("/data/tributary-" + name + ".json").asText();
      assertThat(json.readTree(data)).as("dashboard %s in its ConfigMap", name).isEqualTo(json.readTree(Files.readString(source)));
    }
    assertThat(RenderedChart.withDefaults().ofKind("ConfigMap")).as("dashboards are off by default").isEmpty();
  }

  @Test
  void customImagesReplicasAndNoLeaderElectionReachTheOperator() {
    RenderedChart chart = RenderedChart.withValues("""
        replicaCount: 2
        image:
          repository: registry.example.com/tributary/operator
          tag: 1.2.3
          pullPolicy: Always
        imagePullSecrets:
          - name: registry-credentials
        runtimeImage:
          repository: registry.example.com/tributary/runtime
          tag: 1.2.3-custom
        """);

    assertThat(chart.deployment().at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(chart.operatorContainer().path("image").asText()).isEqualTo("registry.example.com/tributary/operator:1.2.3");
    assertThat(chart.operatorContainer().path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(chart.deployment().at("/spec/template/spec/imagePullSecrets/0/name").asText()).isEqualTo("registry-credentials");
    assertThat(chart.operatorEnv()).containsEntry("TRIBUTARY_RUNTIME_IMAGE", "registry.example.com/tributary/runtime:1.2.3-custom");

    RenderedChart single = RenderedChart.withValues("leaderElection:\n  enabled: false\n");
    assertThat(single.operatorEnv()).containsEntry("TRIBUTARY_LEADER_ELECTION", "false");
    assertThat(single.find("Role", OPERATOR + "-leader-election")).as("no Lease permissions without leader election").isEmpty();
  }

  /** The restricted Pod Security Standard, as the admission controller checks it. */
  static void assertRestrictedPodSecurity(JsonNode podSpec) {
    assertThat(podSpec.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(podSpec.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(podSpec.path("hostNetwork").asBoolean(false)).isFalse();
    for (JsonNode container : podSpec.path("containers")) {
      JsonNode sc = container.path("securityContext");
      assertThat(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean())
          .as("allowPrivilegeEscalation: false").isTrue();
      assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as("readOnlyRootFilesystem").isTrue();
      assertThat(sc.path("privileged").asBoolean(false)).as("privileged").isFalse();
      assertThat(list(sc.at("/capabilities/drop"))).extracting(JsonNode::asText).contains("ALL");
      assertThat(sc.at("/capabilities/add").isMissingNode()).as("no added capabilities").isTrue();
    }
  }

  /** Every rule of every Role and ClusterRole names its groups, resources and verbs: no {@code *}. */
  static void assertNoWildcards(RenderedChart chart) {
    for (String kind : List.of("Role", "ClusterRole")) {
      for (JsonNode role : chart.ofKind(kind)) {
        for (JsonNode rule : role.path("rules")) {
          for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs")) {
            assertThat(list(rule.path(field))).extracting(JsonNode::asText)
                .as("%s %s rule %s", kind, role.at("/metadata/name").asText(), field)
                .noneMatch(v -> v.contains("*"));
          }
        }
      }
    }
  }

  private static void assertSelects(JsonNode selector, JsonNode deployment) {
    assertThat(selector.size()).isPositive();
    selector.fields().forEachRemaining(label ->
        assertThat(deployment.at("/spec/template/metadata/labels").path(label.getKey()).asText())
            .as("pod label %s", label.getKey()).isEqualTo(label.getValue().asText()));
  }

  private static int containerPort(JsonNode container, String name) {
    return list(container.path("ports")).stream().filter(p -> name.equals(p.path("name").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no container port " + name)).path("containerPort").asInt();
  }

  static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }
}
