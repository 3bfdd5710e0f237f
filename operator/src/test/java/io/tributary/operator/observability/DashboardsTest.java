package io.tributary.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Grafana dashboards in {@code dashboards/}: what a user importing them relies on (variables,
 * no hard-coded datasource, a query in every panel) and that the queries read metrics that exist.
 */
class DashboardsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATASOURCE_REF = "${datasource}";

  /** Grafana 11.0 wrote 39, 11.6 writes 41. */
  private static final int MIN_SCHEMA_VERSION = 39;

  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void isACurrentGrafanaDashboardWithItsIdentity(String file) throws IOException {
    JsonNode dashboard = read(file);

    assertThat(dashboard.path("schemaVersion").asInt())
        .as("schemaVersion")
        .isGreaterThanOrEqualTo(MIN_SCHEMA_VERSION);
    assertThat(dashboard.path("uid").asText()).as("uid").startsWith("tributary-");
    assertThat(dashboard.path("title").asText()).as("title").startsWith("Tributary");
    assertThat(dashboard.path("id").isNull()).as("id must be null so Grafana assigns one").isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void hasTheDatasourceNamespaceAndPipelineVariables(String file) throws IOException {
    Map<String, JsonNode> variables = new HashMap<>();
    read(file)
        .path("templating")
        .path("list")
        .forEach(v -> variables.put(v.path("name").asText(), v));

    assertThat(variables).containsKeys("datasource", "namespace", "pipeline");
    JsonNode datasource = variables.get("datasource");
    assertThat(datasource.path("type").asText()).isEqualTo("datasource");
    assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
    for (String name : List.of("namespace", "pipeline")) {
      JsonNode variable = variables.get(name);
      assertThat(variable.path("type").asText()).as("%s.type", name).isEqualTo("query");
      assertThat(variable.path("datasource").path("uid").asText())
          .as("%s.datasource.uid", name)
          .isEqualTo(DATASOURCE_REF);
      assertThat(variable.path("definition").asText())
          .as("%s.definition", name)
          .startsWith("label_values(")
          .contains(", " + name + ")");
      assertThat(variable.path("query").path("query").asText())
          .as("%s.query.query", name)
          .isEqualTo(variable.path("definition").asText());
    }
    assertThat(variables.get("pipeline").path("definition").asText())
        .as("pipeline values depend on the chosen namespace")
        .contains("namespace=\"$namespace\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void noDatasourceUidIsHardCoded(String file) throws IOException {
    List<String> hardCoded = new ArrayList<>();
    collectDatasourceRefs(read(file), "$", hardCoded);

    assertThat(hardCoded).as("datasource references that are not %s", DATASOURCE_REF).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void everyPanelHasAQueryInEveryTarget(String file) throws IOException {
    List<JsonNode> panels = panels(read(file));

    assertThat(panels).isNotEmpty();
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      assertThat(panel.path("title").asText()).as("panel %s title", panel.path("id")).isNotBlank();
      assertThat(panel.path("targets")).as("targets of panel '%s'", title).isNotEmpty();
      panel
          .path("targets")
          .forEach(
              t ->
                  assertThat(t.path("expr").asText())
                      .as("expr of a target of '%s'", title)
                      .isNotBlank());
    }
  }

  @Test
  void pipelinePanelsAreScopedToTheChosenPipelineAndReadKnownMetrics() throws IOException {
    Set<String> allowed = MetricNames.allowedForPipelines();
    for (Map.Entry<String, String> query : queries(read("pipeline.json")).entrySet()) {
      String expr = query.getValue();
      assertThat(MetricNames.bareMetricNames(expr))
          .as("%s reads metrics without a selector: %s", query.getKey(), expr)
          .isEmpty();
      MetricNames.selectors(expr)
          .forEach(
              s -> {
                assertThat(s.family(allowed))
                    .as("metric of %s (allowed names: MetricNames)", query.getKey())
                    .isIn(allowed);
                assertThat(s.matchers())
                    .as("selector of %s in %s", s.metric(), query.getKey())
                    .contains("namespace=\"$namespace\"")
                    .contains("pipeline=\"$pipeline\"");
              });
    }
  }

  @Test
  void pipelineDashboardShowsEveryDesignMetric() throws IOException {
    Set<String> used = new TreeSet<>();
    Set<String> allowed = MetricNames.allowedForPipelines();
    queries(read("pipeline.json"))
        .values()
        .forEach(e -> MetricNames.selectors(e).forEach(s -> used.add(s.family(allowed))));

    assertThat(used)
        .containsAll(MetricNames.RUNTIME)
        .containsAll(MetricNames.OPERATOR)
        .contains("up");
  }

  /**
   * The operator dashboard's JOSDK series are checked against what JOSDK's MicrometerMetrics really
   * exports: the class is driven through a reconciliation's calls into a Prometheus registry, in
   * both of its modes (per resource and per kind).
   */
  @Test
  void operatorPanelsReadWhatJosdkAndTheOperatorExport() throws IOException {
    List<String> expositions =
        List.of(
            josdkExposition(MicrometerMetrics::withoutPerResourceMetrics),
            josdkExposition(
                r ->
                    MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(r).build()));
    Set<String> tributary = new TreeSet<>(MetricNames.OPERATOR);
    tributary.addAll(MetricNames.PROPOSED);
    for (Map.Entry<String, String> query : queries(read("operator.json")).entrySet()) {
      String expr = query.getValue();
      for (String metric : MetricNames.metricNames(expr)) {
        if (metric.startsWith("tributary_")) {
          assertThat(metric).as("operator metric in %s", query.getKey()).isIn(tributary);
          continue;
        }
        assertThat(metric).as("metric of %s", query.getKey()).startsWith("operator_sdk_");
        for (String exposition : expositions) {
          assertThat(exposition)
              .as("JOSDK exposition, metric of %s", query.getKey())
              .containsPattern("(?m)^" + metric + "\\{");
        }
      }
      // each "by (labels) (argument)": every metric inside the argument carries those labels
      for (Map.Entry<String, Set<String>> grouped : groupings(expr).entrySet()) {
        for (String metric : MetricNames.metricNames(grouped.getKey())) {
          if (metric.startsWith("tributary_")) {
            continue;
          }
          for (String label : grouped.getValue()) {
            for (String exposition : expositions) {
              assertThat(exposition)
                  .as("label %s of %s used in %s", label, metric, query.getKey())
                  .containsPattern("(?m)^" + metric + "\\{[^}]*\\b" + label + "=\"");
            }
          }
        }
      }
    }
  }

  /** Each aggregation's argument ({@code by (labels) (argument)}) with its grouping labels. */
  private static Map<String, Set<String>> groupings(String expr) {
    Map<String, Set<String>> groupings = new java.util.LinkedHashMap<>();
    Matcher by = Pattern.compile("by \\(([^)]*)\\)\\s*\\(").matcher(expr);
    while (by.find()) {
      int depth = 1;
      int end = by.end();
      while (end < expr.length() && depth > 0) {
        char c = expr.charAt(end++);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      }
      Set<String> labels = new TreeSet<>();
      for (String label : by.group(1).split(",")) {
        labels.add(label.trim());
      }
      groupings.merge(expr.substring(by.end(), end - 1), labels, (a, b) -> {
        a.addAll(b);
        return a;
      });
    }
    return groupings;
  }

  /** Every panel query is valid PromQL once Grafana's variables are filled in. */
  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void everyQueryParsesAsPromql(String file, @TempDir Path dir) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode ruleFile = yaml.createObjectNode();
    ObjectNode group = ruleFile.putArray("groups").addObject().put("name", "dashboard-queries");
    ArrayNode rules = group.putArray("rules");
    int n = 0;
    for (String expr : queries(read(file)).values()) {
      rules
          .addObject()
          .put("record", "tributary_dashboard_query_" + n++)
          .put(
              "expr",
              expr.replace("$__rate_interval", "1m")
                  .replace("$namespace", "default")
                  .replace("$pipeline", "market-data"));
    }
    yaml.writeValue(dir.resolve("queries.yaml").toFile(), ruleFile);

    Promtool.Result result = Promtool.run(dir, List.of("check", "rules", "queries.yaml"));

    assertThat(result.succeeded())
        .as("promtool on the queries of %s said:%n%s", file, result.output())
        .isTrue();
  }

  private static String josdkExposition(
      Function<PrometheusMeterRegistry, MicrometerMetrics> factory) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetrics metrics = factory.apply(registry);
    HasMetadata worker =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("cache-writer")
            .withNamespace("default")
            .endMetadata()
            .build();
    ResourceID id = ResourceID.fromResource(worker);
    Map<String, Object> metadata = new HashMap<>();
    metadata.put(
        Constants.RESOURCE_GVK_KEY, new GroupVersionKind("tributary.io", "v1alpha1", "Worker"));
    metadata.put(Constants.CONTROLLER_NAME, "worker");

    metrics.receivedEvent(new Event(id), metadata);
    metrics.timeControllerExecution(new Reconcile(id, metadata));
    metrics.finishedReconciliation(worker, metadata);
    metrics.failedReconciliation(
        worker, new RuntimeException(new KubernetesClientException("conflict")), metadata);
    return registry.scrape();
  }

  /** One successful reconcile() call as JOSDK times it. */
  private record Reconcile(ResourceID resourceID, Map<String, Object> metadata)
      implements Metrics.ControllerExecution<String> {
    @Override
    public String name() {
      return "reconcile";
    }

    @Override
    public String controllerName() {
      return "worker";
    }

    @Override
    public String successTypeName(String result) {
      return "resource";
    }

    @Override
    public String execute() {
      return "done";
    }
  }

  private static JsonNode read(String file) throws IOException {
    return JSON.readTree(Files.readString(RepositoryFiles.dashboards().resolve(file)));
  }

  /** Panels that show data (rows are only headings), including panels inside collapsed rows. */
  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        panel.path("panels").forEach(out::add);
      } else {
        out.add(panel);
      }
    }
    return out;
  }

  /** Query text by "panel title / refId". */
  private static Map<String, String> queries(JsonNode dashboard) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        out.put(
            "'" + panel.path("title").asText() + "' / " + target.path("refId").asText(),
            target.path("expr").asText());
      }
    }
    return out;
  }

  private static void collectDatasourceRefs(JsonNode node, String path, List<String> hardCoded) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                String childPath = path + "." + field.getKey();
                if (field.getKey().equals("datasource")) {
                  JsonNode ref = field.getValue();
                  String uid = ref.isObject() ? ref.path("uid").asText() : ref.asText();
                  if (!DATASOURCE_REF.equals(uid)) {
                    hardCoded.add(childPath + " = " + ref);
                  }
                }
                collectDatasourceRefs(field.getValue(), childPath, hardCoded);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectDatasourceRefs(node.get(i), path + "[" + i + "]", hardCoded);
      }
    }
  }
}
