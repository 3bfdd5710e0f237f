package io.tributary.operator.chart;

import static io.tributary.operator.chart.ChartTemplateTest.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.operator.Main;
import java.io.IOException;
import java.io.InputStream;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The values the Strimzi and KEDA charts have and users expect (issue #13 §2): names, labels,
 * availability with two replicas, Deployment and pod knobs, extra volumes, log level, images by
 * registry and digest, the aggregated user roles and the narrowed Secret access, rendered by Helm.
 */
class ChartOptionsTest {
  private static final String OPERATOR = "tributary-operator";
  private static final String SELECTOR_NAME = "app.kubernetes.io/name";

  @Test
  void everyObjectCarriesTheRecommendedLabelsAndTheCommonLabels() {
    RenderedChart chart = RenderedChart.withValues("""
        commonLabels: {team: platform, cost-center: "42"}
        replicaCount: 2
        prometheusRule: {enabled: true}
        metrics: {serviceMonitor: {enabled: true}}
        dashboards: {enabled: true}
        """);

    assertThat(chart.objects()).hasSizeGreaterThan(10);
    for (JsonNode object : chart.objects()) {
      JsonNode labels = object.at("/metadata/labels");
      assertThat(labels.path(SELECTOR_NAME).asText()).as("name label of %s", name(object)).isEqualTo(OPERATOR);
      assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo(RenderedChart.RELEASE);
      assertThat(labels.path("app.kubernetes.io/version").asText()).isEqualTo("0.1.0");
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
      assertThat(labels.path("app.kubernetes.io/part-of").asText()).isEqualTo("tributary");
      assertThat(labels.path("helm.sh/chart").asText()).as("chart label of %s", name(object)).isEqualTo("tributary-0.1.0");
      assertThat(labels.path("team").asText()).as("common label of %s", name(object)).isEqualTo("platform");
      assertThat(labels.path("cost-center").asText()).isEqualTo("42");
    }
    // the selector stays the immutable pair, whatever else is added
    assertThat(chart.deployment().at("/spec/selector/matchLabels").size()).isEqualTo(2);
  }

  @Test
  void nameOverrideAndFullnameOverrideNameTheObjects() {
    RenderedChart renamed = RenderedChart.withValues("nameOverride: flow\n");
    // release "tributary" does not contain "flow": <release>-<name>
    assertThat(renamed.find("Deployment", "tributary-flow-operator")).isPresent();
    assertThat(renamed.find("Service", "tributary-flow-operator-metrics")).isPresent();
    assertThat(renamed.find("ServiceAccount", "tributary-flow-operator")).isPresent();
    JsonNode deployment = renamed.get("Deployment", "tributary-flow-operator");
    assertThat(deployment.at("/spec/selector/matchLabels").path(SELECTOR_NAME).asText()).isEqualTo("flow-operator");
    assertThat(deployment.at("/spec/template/metadata/labels").path(SELECTOR_NAME).asText()).isEqualTo("flow-operator");
    assertThat(renamed.get("ClusterRoleBinding", "tributary-flow-operator").at("/subjects/0/name").asText())
        .isEqualTo("tributary-flow-operator");
    assertThat(envOf(deployment)).containsEntry("TRIBUTARY_LEADER_ELECTION_LEASE", "tributary-flow-operator-leader");

    RenderedChart full = RenderedChart.withValues("fullnameOverride: acme\n");
    assertThat(full.names()).contains("Deployment/acme-operator", "Service/acme-operator-metrics",
        "ServiceAccount/acme-operator", "ClusterRole/acme-operator", "ClusterRole/acme-edit", "ClusterRole/acme-view",
        "Role/acme-operator-leader-election");
    assertThat(full.get("Deployment", "acme-operator").at("/spec/selector/matchLabels").path(SELECTOR_NAME).asText())
        .as("fullnameOverride does not touch the selector").isEqualTo(OPERATOR);

    assertThatThrownBy(() -> RenderedChart.withValues("fullnameOverride: Not_A_Name\n"))
        .hasMessageContaining("fullnameOverride");
  }

  @Test
  void twoReplicasGetADisruptionBudgetAndSoftAntiAffinityOneReplicaNeither() {
    RenderedChart single = RenderedChart.withDefaults();
    assertThat(single.ofKind("PodDisruptionBudget")).as("a budget for one replica would only block drains").isEmpty();
    assertThat(single.deployment().at("/spec/template/spec/affinity").isMissingNode()).isTrue();

    RenderedChart two = RenderedChart.withValues("replicaCount: 2\n");
    JsonNode budget = two.get("PodDisruptionBudget", OPERATOR);
    assertThat(budget.at("/apiVersion").asText()).isEqualTo("policy/v1");
    assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    assertThat(budget.at("/spec/minAvailable").isMissingNode()).isTrue();
    assertSelectsTheOperatorPods(budget.at("/spec/selector/matchLabels"), two);
    JsonNode preferred = two.deployment().at("/spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0");
    assertThat(preferred.at("/podAffinityTerm/topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    assertSelectsTheOperatorPods(preferred.at("/podAffinityTerm/labelSelector/matchLabels"), two);

    RenderedChart hard = RenderedChart.withValues("replicaCount: 2\npodAntiAffinity: hard\npodDisruptionBudget: {enabled: true, maxUnavailable: 50%}\n");
    JsonNode required = hard.deployment().at("/spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0");
    assertThat(required.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    assertSelectsTheOperatorPods(required.at("/labelSelector/matchLabels"), hard);
    assertThat(hard.get("PodDisruptionBudget", OPERATOR).at("/spec/maxUnavailable").asText()).isEqualTo("50%");

    RenderedChart none = RenderedChart.withValues("replicaCount: 2\npodAntiAffinity: none\npodDisruptionBudget: {enabled: false}\n");
    assertThat(none.deployment().at("/spec/template/spec/affinity").isMissingNode()).isTrue();
    assertThat(none.ofKind("PodDisruptionBudget")).isEmpty();

    RenderedChart own = RenderedChart.withValues("""
        replicaCount: 2
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [system]}]}]
        """);
    assertThat(own.deployment().at("/spec/template/spec/affinity").fieldNames()).toIterable()
        .as("an affinity of one's own replaces the preset").containsExactly("nodeAffinity");
  }

  @Test
  void topologySpreadConstraintsSelectTheOperatorPodsUnlessTheyNameTheirOwnSelector() {
    RenderedChart chart = RenderedChart.withValues("""
        replicaCount: 2
        topologySpreadConstraints:
          - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}
          - {maxSkew: 2, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule,
             labelSelector: {matchLabels: {custom: "yes"}}}
        """);

    JsonNode constraints = chart.deployment().at("/spec/template/spec/topologySpreadConstraints");
    assertThat(constraints.size()).isEqualTo(2);
    assertThat(constraints.at("/0/topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
    assertThat(constraints.at("/0/whenUnsatisfiable").asText()).isEqualTo("ScheduleAnyway");
    assertSelectsTheOperatorPods(constraints.at("/0/labelSelector/matchLabels"), chart);
    assertThat(constraints.at("/1/labelSelector/matchLabels/custom").asText()).isEqualTo("yes");
    assertThat(constraints.at("/1/labelSelector/matchLabels").size()).isEqualTo(1);
  }

  @Test
  void deploymentKnobsAndExtraVolumesReachTheDeployment() {
    RenderedChart defaults = RenderedChart.withDefaults();
    assertThat(defaults.deployment().at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(defaults.deployment().at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(30);
    assertThat(defaults.deployment().at("/metadata/annotations").isMissingNode()).isTrue();

    RenderedChart chart = RenderedChart.withValues("""
        revisionHistoryLimit: 3
        terminationGracePeriodSeconds: 45
        deploymentAnnotations: {reloader.stakater.com/auto: "true"}
        podAnnotations: {example.com/scrape: "false"}
        extraVolumes:
          - name: corporate-ca
            secret: {secretName: corporate-truststore}
        extraVolumeMounts:
          - {name: corporate-ca, mountPath: /etc/tributary/truststore, readOnly: true}
        extraEnv:
          - {name: JAVA_TOOL_OPTIONS, value: "-Djavax.net.ssl.trustStore=/etc/tributary/truststore/truststore.p12"}
        """);
    JsonNode deployment = chart.deployment();
    assertThat(deployment.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(3);
    assertThat(deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(45);
    assertThat(deployment.at("/metadata/annotations/reloader.stakater.com~1auto").asText()).isEqualTo("true");
    assertThat(deployment.at("/spec/template/metadata/annotations/example.com~1scrape").asText()).isEqualTo("false");
    assertThat(list(deployment.at("/spec/template/spec/volumes")))
        .extracting(v -> v.path("name").asText() + ":" + v.at("/secret/secretName").asText(""))
        .containsExactly("tmp:", "corporate-ca:corporate-truststore");
    assertThat(list(chart.operatorContainer().path("volumeMounts")))
        .extracting(m -> m.path("name").asText() + "@" + m.path("mountPath").asText() + ":" + m.path("readOnly").asBoolean())
        .containsExactly("tmp@/tmp:false", "corporate-ca@/etc/tributary/truststore:true");
    assertThat(chart.operatorEnv()).containsKey("JAVA_TOOL_OPTIONS");
    ChartTemplateTest.assertRestrictedPodSecurity(deployment.at("/spec/template/spec"));

    assertThatThrownBy(() -> RenderedChart.withValues("extraVolumeMounts: [{name: x}]\n")).hasMessageContaining("mountPath");
  }

  @Test
  void logLevelIsTheVariableTheOperatorsLoggingReads() throws IOException {
    assertThat(RenderedChart.withDefaults().operatorEnv()).containsEntry("TRIBUTARY_LOG_LEVEL", "INFO");
    assertThat(RenderedChart.withValues("logLevel: DEBUG\n").operatorEnv()).containsEntry("TRIBUTARY_LOG_LEVEL", "DEBUG");
    // the operator's logback configuration substitutes that variable for its own loggers' level
    try (InputStream config = Main.class.getClassLoader().getResourceAsStream(Main.LOGBACK_CONFIGURATION)) {
      assertThat(config).as("%s on the operator's classpath", Main.LOGBACK_CONFIGURATION).isNotNull();
      assertThat(new String(config.readAllBytes(), StandardCharsets.UTF_8))
          .contains("<logger name=\"io.tributary\" level=\"${TRIBUTARY_LOG_LEVEL:-INFO}\"/>");
    }
    assertThatThrownBy(() -> RenderedChart.withValues("logLevel: verbose\n")).hasMessageContaining("logLevel");
  }

  @Test
  void logFormatAndTheRuntimePodsLogSettingsAreTheOperatorsVariables() {
    Map<String, String> defaults = RenderedChart.withDefaults().operatorEnv();
    assertThat(defaults).containsEntry("TRIBUTARY_LOG_FORMAT", "json")
        .as("unset: the pods keep the runtime's defaults")
        .doesNotContainKeys("TRIBUTARY_RUNTIME_LOG_LEVEL", "TRIBUTARY_RUNTIME_LOG_FORMAT");
    Map<String, String> set = RenderedChart.withValues(
        "logFormat: text\nruntime: {logLevel: DEBUG, logFormat: text}\n").operatorEnv();
    assertThat(set).containsEntry("TRIBUTARY_LOG_FORMAT", "text")
        .containsEntry("TRIBUTARY_RUNTIME_LOG_LEVEL", "DEBUG").containsEntry("TRIBUTARY_RUNTIME_LOG_FORMAT", "text");
    // what the chart renders, the operator takes (the same check it runs at start)
    assertThat(io.tributary.operator.config.OperatorSettings.fromEnvironment(set).runtimeLogging().env())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly("TRIBUTARY_LOG_LEVEL=DEBUG", "TRIBUTARY_LOG_FORMAT=text");
    assertThatThrownBy(() -> RenderedChart.withValues("logFormat: xml\n")).hasMessageContaining("logFormat");
    assertThatThrownBy(() -> RenderedChart.withValues("runtime: {logLevel: loud}\n")).hasMessageContaining("logLevel");
    assertThatThrownBy(() -> RenderedChart.withValues("runtime: {logFormat: xml}\n")).hasMessageContaining("logFormat");
  }

  @Test
  void runtimeImagePullSecretsBecomeTheOperatorsDefaultForTheRuntimePods() {
    assertThat(RenderedChart.withDefaults().operatorEnv()).doesNotContainKey("TRIBUTARY_RUNTIME_IMAGE_PULL_SECRETS");
    Map<String, String> set = RenderedChart.withValues("runtimeImage: {pullSecrets: [registry-cred, mirror.cred]}\n").operatorEnv();
    assertThat(set).containsEntry("TRIBUTARY_RUNTIME_IMAGE_PULL_SECRETS", "registry-cred,mirror.cred");
    // what the chart renders, the operator takes (the same check it runs at start)
    assertThat(io.tributary.operator.config.OperatorSettings.fromEnvironment(set).runtimeImagePullSecrets())
        .containsExactly("registry-cred", "mirror.cred");
    assertThatThrownBy(() -> RenderedChart.withValues("runtimeImage: {pullSecrets: [Not_A_Name]}\n"))
        .hasMessageContaining("pullSecrets");
  }

  @Test
  void imagesComeFromARegistryByTagOrByDigest() {
    String digest = "sha256:" + "ab".repeat(32);
    String runtimeDigest = "sha256:" + "cd".repeat(32);
    RenderedChart mirrored = RenderedChart.withValues("""
        image: {registry: mirror.example.com:5000, repository: tributary-io/tributary-operator, digest: "%s"}
        runtimeImage: {registry: mirror.example.com:5000, repository: tributary-io/pipeline-runtime, digest: "%s"}
        """.formatted(digest, runtimeDigest));
    assertThat(mirrored.operatorContainer().path("image").asText())
        .isEqualTo("mirror.example.com:5000/tributary-io/tributary-operator@" + digest);
    assertThat(mirrored.operatorEnv())
        .containsEntry("TRIBUTARY_RUNTIME_IMAGE", "mirror.example.com:5000/tributary-io/pipeline-runtime@" + runtimeDigest);

    RenderedChart global = RenderedChart.withValues("global: {imageRegistry: registry.internal}\nimage: {tag: 0.1.1}\n");
    assertThat(global.operatorContainer().path("image").asText()).isEqualTo("registry.internal/tributary-io/tributary-operator:0.1.1");
    assertThat(global.operatorEnv()).containsEntry("TRIBUTARY_RUNTIME_IMAGE", "registry.internal/tributary-io/pipeline-runtime:0.1.0");

    // a repository with its own registry host, as the README's --set image.repository=... shows
    RenderedChart ownHost = RenderedChart.withValues("image: {repository: localhost:5000/tributary/operator}\n");
    assertThat(ownHost.operatorContainer().path("image").asText()).isEqualTo("localhost:5000/tributary/operator:0.1.0");

    assertThatThrownBy(() -> RenderedChart.withValues("image: {digest: \"sha256:abc\"}\n")).hasMessageContaining("digest");
  }

  @Test
  void theAggregatedRolesLetEditUsersWriteAndViewUsersReadTheFourKinds() {
    RenderedChart chart = RenderedChart.withDefaults();
    List<String> kinds = List.of("pipelines", "producers", "workers", "etlschedules");

    JsonNode edit = chart.get("ClusterRole", "tributary-edit");
    assertThat(edit.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-edit").asText()).isEqualTo("true");
    assertThat(edit.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-admin").asText()).isEqualTo("true");
    RbacRules editRules = rulesOf(edit);
    for (String kind : kinds) {
      for (String verb : List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection")) {
        assertThat(editRules.allows(new ApiRequest("team-a", "tributary.io", kind, verb))).as("edit: %s %s", verb, kind).isTrue();
      }
      assertThat(editRules.allows(new ApiRequest("team-a", "tributary.io", kind + "/status", "patch")))
          .as("edit may not write %s/status: the operator's", kind).isFalse();
    }
    assertThat(editRules.allows(new ApiRequest("team-a", "tributary.io", "workers/scale", "update"))).isTrue();

    JsonNode view = chart.get("ClusterRole", "tributary-view");
    assertThat(view.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-view").asText()).isEqualTo("true");
    assertThat(view.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-edit").isMissingNode()).isTrue();
    RbacRules viewRules = rulesOf(view);
    for (String kind : kinds) {
      assertThat(viewRules.allows(new ApiRequest("team-a", "tributary.io", kind, "list"))).isTrue();
      assertThat(viewRules.allows(new ApiRequest("team-a", "tributary.io", kind + "/status", "get"))).isTrue();
      for (String verb : List.of("create", "update", "patch", "delete", "deletecollection")) {
        assertThat(viewRules.allows(new ApiRequest("team-a", "tributary.io", kind, verb))).as("view: %s %s", verb, kind).isFalse();
      }
    }
    // they are the users' roles, bound to nobody by the chart
    assertThat(chart.ofKind("ClusterRoleBinding")).extracting(b -> b.at("/roleRef/name").asText())
        .doesNotContain("tributary-edit", "tributary-view");

    assertThat(RenderedChart.withValues("rbac: {create: true, aggregateToDefaultRoles: false, secretNamespaces: []}\n").names())
        .doesNotContain("ClusterRole/tributary-edit", "ClusterRole/tributary-view");
  }

  @Test
  void secretNamespacesNarrowReadingSecretsToARolePerNamespace() {
    ApiRequest secretInTeamA = new ApiRequest("team-a", "", "secrets", "get");
    ApiRequest secretElsewhere = new ApiRequest("kube-system", "", "secrets", "get");
    ApiRequest deploymentElsewhere = new ApiRequest("team-c", "apps", "deployments", "create");

    RbacRules clusterWide = RbacRules.boundTo(RenderedChart.withDefaults(), OPERATOR, RenderedChart.NAMESPACE);
    assertThat(clusterWide.allows(secretElsewhere)).as("default: Secrets everywhere the operator works").isTrue();

    RenderedChart narrowed = RenderedChart.withValues("rbac: {create: true, aggregateToDefaultRoles: true, secretNamespaces: [team-a, kafka]}\n");
    RbacRules rules = RbacRules.boundTo(narrowed, OPERATOR, RenderedChart.NAMESPACE);
    assertThat(rules.allows(secretInTeamA)).isTrue();
    assertThat(rules.allows(new ApiRequest("kafka", "", "secrets", "get"))).isTrue();
    assertThat(rules.allows(secretElsewhere)).as("no Secrets outside rbac.secretNamespaces").isFalse();
    assertThat(rules.allows(deploymentElsewhere)).as("everything else stays cluster-wide").isTrue();
    assertThat(list(narrowed.get("ClusterRole", OPERATOR).path("rules")))
        .noneSatisfy(rule -> assertThat(rule.path("resources").toString()).contains("secrets"));
    assertThat(narrowed.ofKind("Role")).filteredOn(r -> r.at("/metadata/name").asText().equals(OPERATOR + "-secrets"))
        .extracting(r -> r.at("/metadata/namespace").asText()).containsExactlyInAnyOrder("team-a", "kafka");

    RenderedChart watched = RenderedChart.withValues(
        "watchNamespaces: [team-a, team-b]\nrbac: {create: true, aggregateToDefaultRoles: true, secretNamespaces: [team-a]}\n");
    RbacRules watchedRules = RbacRules.boundTo(watched, OPERATOR, RenderedChart.NAMESPACE);
    assertThat(watchedRules.allows(secretInTeamA)).isTrue();
    assertThat(watchedRules.allows(new ApiRequest("team-b", "", "secrets", "get"))).isFalse();
    assertThat(watchedRules.allows(new ApiRequest("team-b", "apps", "deployments", "create"))).isTrue();
    ChartTemplateTest.assertNoWildcards(watched);
  }

  @Test
  void helmTestAsksTheOperatorsReadyzThroughItsServiceUnderTheRestrictedProfile() {
    RenderedChart chart = RenderedChart.withHooks("image: {registry: mirror.example.com, repository: t/operator, tag: 9.9.9}\n");
    JsonNode pod = chart.get("Pod", OPERATOR + "-test-readyz");

    assertThat(pod.at("/metadata/annotations").path(RenderedChart.HOOK_ANNOTATION).asText()).isEqualTo("test");
    assertThat(pod.at("/metadata/annotations").path(RenderedChart.HOOK_ANNOTATION + "-delete-policy").asText())
        .isEqualTo("before-hook-creation,hook-succeeded");
    assertThat(pod.at("/spec/restartPolicy").asText()).isEqualTo("Never");
    assertThat(pod.at("/spec/automountServiceAccountToken").asBoolean(true)).isFalse();
    ChartTemplateTest.assertRestrictedPodSecurity(pod.path("spec"));
    JsonNode container = pod.at("/spec/containers/0");
    assertThat(container.path("image").asText()).as("the operator image, already on the node")
        .isEqualTo(chart.operatorContainer().path("image").asText()).isEqualTo("mirror.example.com/t/operator:9.9.9");

    Map<String, String> env = new java.util.HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    JsonNode service = chart.get("Service", OPERATOR + "-metrics");
    assertThat(env.get("HOST")).isEqualTo(service.at("/metadata/name").asText() + "." + RenderedChart.NAMESPACE + ".svc");
    JsonNode healthPort = list(service.at("/spec/ports")).stream()
        .filter(p -> String.valueOf(p.path("port").asInt()).equals(env.get("PORT"))).findFirst()
        .orElseThrow(() -> new AssertionError("the Service has no port " + env.get("PORT") + ": " + service));
    assertThat(healthPort.path("targetPort").asText()).isEqualTo("health");
    // the Service's target is the port the readiness probe asks
    assertThat(chart.operatorContainer().at("/readinessProbe/httpGet/port").asText()).isEqualTo("health");
    assertThat(list(container.path("command"))).extracting(JsonNode::asText).containsExactly("bash", "-c");
    assertThat(container.at("/args/0").asText()).isEqualTo(readyzScript());

    assertThat(RenderedChart.withHooks("helmTest: {enabled: false}\n").find("Pod", OPERATOR + "-test-readyz")).isEmpty();
  }

  /** The helm test's script, run by bash against a real HTTP server: 200 passes, anything else fails. */
  @Test
  void theReadyzScriptPassesOnlyOnA200() throws Exception {
    int[] status = {503};
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      int code = exchange.getRequestURI().getPath().equals("/readyz") ? status[0] : 404;
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    server.start();
    try {
      String port = String.valueOf(server.getAddress().getPort());
      assertThat(runReadyz("127.0.0.1", port)).as("/readyz answers 503").startsWith("1:")
          .contains("HTTP/1.1 503").contains("did not answer /readyz with 200");
      status[0] = 200;
      assertThat(runReadyz("127.0.0.1", port)).as("/readyz answers 200").startsWith("0:").contains("HTTP/1.1 200");
    } finally {
      server.stop(0);
    }
    assertThat(runReadyz("127.0.0.1", "1")).as("nothing listening").startsWith("1:").contains("cannot connect");
  }

  private static String runReadyz(String host, String port) throws Exception {
    // two attempts instead of 30
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", readyzScript()).redirectErrorStream(true);
    builder.environment().putAll(Map.of("HOST", host, "PORT", port, "ATTEMPTS", "2"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue() + ": " + output;
  }

  private static String readyzScript() {
    try {
      return Files.readString(Repository.chart().resolve("files/readyz-check.sh"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void notesLinkToTheFilesOfThisChartVersion() throws IOException {
    String version = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
        .readTree(Files.readString(Repository.chart().resolve("Chart.yaml"))).path("version").asText();
    String notes = RenderedChart.notes("{}\n");

    List<String> links = java.util.regex.Pattern.compile("https://\\S+").matcher(notes).results()
        .map(java.util.regex.MatchResult::group).toList();
    assertThat(links).as("links in NOTES.txt").isNotEmpty()
        .filteredOn(l -> l.contains("github") || l.contains("githubusercontent"))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("/v" + version + "/").doesNotContain("/main/"));
    // the pinned files exist in this version of the repository
    for (String link : links) {
      String path = link.replaceFirst("^.*/v" + java.util.regex.Pattern.quote(version) + "/", "");
      assertThat(Repository.root().resolve(path)).as("file of %s", link).exists();
    }
    assertThat(notes).contains("helm test " + RenderedChart.RELEASE + " -n " + RenderedChart.NAMESPACE);
  }

  @Test
  void kubeVersionRefusesClustersWithoutTheCrdsCelValidation() {
    assertThatThrownBy(() -> RenderedChart.render(c -> c.withKubeVersion("1.24.9")))
        .hasMessageContaining("kubeVersion");
    assertThat(RenderedChart.render(c -> c.withKubeVersion("1.25.0")).objects()).isNotEmpty();
  }

  private static void assertSelectsTheOperatorPods(JsonNode matchLabels, RenderedChart chart) {
    assertThat(matchLabels.size()).isPositive();
    JsonNode podLabels = chart.deployment().at("/spec/template/metadata/labels");
    matchLabels.fields().forEachRemaining(label ->
        assertThat(podLabels.path(label.getKey()).asText()).as("pod label %s", label.getKey()).isEqualTo(label.getValue().asText()));
  }

  private static RbacRules rulesOf(JsonNode clusterRole) {
    return RbacRules.of(List.of(clusterRole));
  }

  private static Map<String, String> envOf(JsonNode deployment) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (JsonNode e : deployment.at("/spec/template/spec/containers/0/env")) {
      env.put(e.path("name").asText(), e.path("value").asText());
    }
    return env;
  }

  private static String name(JsonNode object) {
    return object.path("kind").asText() + "/" + object.at("/metadata/name").asText();
  }
}
