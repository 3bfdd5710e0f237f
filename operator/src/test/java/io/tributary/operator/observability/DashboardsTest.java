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
  void pipelinePanelsAndAnnotationsAreScopedToTheChosenPipelineAndComponentsAndReadKnownMetrics()
      throws IOException {
    Set<String> allowed = MetricNames.allowedForPipelines();
    Map<String, String> queries = new LinkedHashMap<>(queries(read("pipeline.json")));
    queries.putAll(annotations(read("pipeline.json")));
    for (Map.Entry<String, String> query : queries.entrySet()) {
      String expr = query.getValue();
      // "offset $__interval" is a duration, not a metric
      assertThat(MetricNames.bareMetricNames(expr.replace("offset $__interval", "")))
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
                    .contains("pipeline=\"$pipeline\"")
                    .contains(COMPONENT_MATCHER);
              });
    }
  }

  private static final String COMPONENT_MATCHER = "component=~\"$component\"";

  /**
   * Both dashboards offer the components of the chosen pipeline, several or all at once ("All"
   * matches every series, also of a component that has no pod in the time range, such as an ETL
   * schedule between runs), and their pipeline-scoped queries filter by it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void theComponentVariableListsThePipelinesComponentsAndFiltersThePanels(String file)
      throws IOException {
    JsonNode dashboard = read(file);
    JsonNode component = variable(dashboard, "component");

    assertThat(component.path("type").asText()).isEqualTo("query");
    assertThat(component.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE_REF);
    assertThat(component.path("definition").asText())
        .matches("label_values\\([a-z_]+\\{namespace=\"\\$namespace\", pipeline=\"\\$pipeline\"\\}, component\\)");
    assertThat(component.path("query").path("query").asText())
        .isEqualTo(component.path("definition").asText());
    assertThat(component.path("multi").asBoolean()).as("multi").isTrue();
    assertThat(component.path("includeAll").asBoolean()).as("includeAll").isTrue();
    assertThat(component.path("allValue").asText()).as("allValue").isEqualTo(".*");
    assertThat(component.path("current").path("value").get(0).asText())
        .as("All by default")
        .isEqualTo("$__all");

    Map<String, String> queries = new LinkedHashMap<>(queries(dashboard));
    queries.putAll(annotations(dashboard));
    List<String> scoped = new ArrayList<>();
    queries.forEach(
        (where, expr) ->
            MetricNames.selectors(expr)
                .filter(s -> s.matchers().contains("pipeline=\"$pipeline\""))
                .forEach(
                    s -> {
                      scoped.add(where);
                      assertThat(s.matchers())
                          .as("selector of %s in %s", s.metric(), where)
                          .contains(COMPONENT_MATCHER);
                    }));
    assertThat(scoped).as("queries scoped to the pipeline").isNotEmpty();
  }

  /** Grafana's own unit ids these dashboards use (no "suffix:" or other custom units). */
  private static final Set<String> BUILT_IN_UNITS =
      Set.of("recps", "ops", "s", "short", "percentunit", "bytes");

  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void everyPanelHasABuiltInUnit(String file) throws IOException {
    for (JsonNode panel : panels(read(file))) {
      String title = panel.path("title").asText();
      assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText())
          .as("unit of '%s'", title)
          .isIn(BUILT_IN_UNITS);
      for (JsonNode override : panel.path("fieldConfig").path("overrides")) {
        for (JsonNode property : override.path("properties")) {
          if ("unit".equals(property.path("id").asText())) {
            assertThat(property.path("value").asText())
                .as("unit override of '%s'", title)
                .isIn(BUILT_IN_UNITS);
          }
        }
      }
    }
  }

  /**
   * A rate panel (every query a per-second {@code rate()}, not a quantile or a ratio) shows
   * records per second on the pipeline dashboard; the operator's rates count reconciliations and
   * events, which are operations. Conversely only rate panels say "per second".
   */
  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void ratePanelsShowRecordsOrOperationsPerSecond(String file) throws IOException {
    String perSecond = file.equals("pipeline.json") ? "recps" : "ops";
    List<String> ratePanels = new ArrayList<>();
    for (JsonNode panel : panels(read(file))) {
      String title = panel.path("title").asText();
      String unit = panel.path("fieldConfig").path("defaults").path("unit").asText();
      boolean rate = true;
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        rate &= expr.contains("rate(") && !expr.contains("histogram_quantile") && !expr.contains(" / ");
      }
      if (rate) {
        ratePanels.add(title);
        assertThat(unit).as("unit of the rate panel '%s'", title).isEqualTo(perSecond);
      } else {
        assertThat(unit).as("unit of '%s', which is not a rate", title).isNotIn("recps", "ops");
      }
    }
    assertThat(ratePanels).as("rate panels of %s", file).hasSizeGreaterThanOrEqualTo(4);
  }

  /**
   * Each dashboard links the other by its uid, carrying the time range and the variables; the
   * variables the other dashboard reads (namespace, pipeline, component) exist on both sides.
   */
  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void linksTheOtherDashboardKeepingTimeAndVariables(String file) throws IOException {
    JsonNode dashboard = read(file);
    JsonNode other = read(file.equals("pipeline.json") ? "operator.json" : "pipeline.json");

    assertThat(dashboard.path("links"))
        .as("links of %s", file)
        .anySatisfy(
            link -> {
              assertThat(link.path("type").asText()).isEqualTo("link");
              assertThat(link.path("url").asText()).isEqualTo("/d/" + other.path("uid").asText());
              assertThat(link.path("title").asText()).isEqualTo(other.path("title").asText());
              assertThat(link.path("includeVars").asBoolean()).as("includeVars").isTrue();
              assertThat(link.path("keepTime").asBoolean()).as("keepTime").isTrue();
            });
    for (String name : List.of("datasource", "namespace", "pipeline", "component")) {
      assertThat(variable(dashboard, name)).as("variable %s of %s", name, file).isNotNull();
      assertThat(variable(other, name)).as("variable %s of the linked dashboard", name).isNotNull();
    }
  }

  /** The annotations each dashboard draws from the operator's metrics. */
  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void annotatesScalingEventsAndEtlRuns(String file) throws IOException {
    JsonNode dashboard = read(file);
    List<String> expected =
        file.equals("pipeline.json") ? List.of("Scaling events", "ETL runs") : List.of("Scaling events");

    assertThat(annotations(dashboard)).containsOnlyKeys(expected);
    for (JsonNode annotation : dashboard.path("annotations").path("list")) {
      String name = annotation.path("name").asText();
      assertThat(annotation.path("enable").asBoolean()).as("%s enabled", name).isTrue();
      assertThat(annotation.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE_REF);
      assertThat(annotation.path("titleFormat").asText()).as("%s title", name).contains("{{component}}");
      Matcher by = Pattern.compile("^sum by \\(([^)]*)\\)").matcher(annotation.path("expr").asText());
      assertThat(by.find()).as("%s: a sum by the labels it shows", name).isTrue();
      assertThat(annotation.path("tagKeys").asText().split(","))
          .as("%s: tag keys are labels of the result", name)
          .containsExactlyInAnyOrder(by.group(1).split(",\\s*"));
    }
  }

  /**
   * The annotation queries on synthetic series, as Grafana runs them ({@code $__interval} = the
   * step, here 15 s, {@code $component} = All or one component): one point at the step that
   * first sees a replica change or a finished ETL run, with how many; none for the autoscaler's
   * {@code none}/{@code hold} decisions, nor for another pipeline, namespace or component.
   */
  @Test
  void annotationQueriesMarkEachScalingEventAndEtlRunOnce(@TempDir Path dir) throws IOException {
    Map<String, String> pipeline = annotations(read("pipeline.json"));
    Map<String, String> operator = annotations(read("operator.json"));
    assertThat(operator.get("Scaling events")).isEqualTo(pipeline.get("Scaling events"));
    String scaling = pipeline.get("Scaling events");
    String etl = pipeline.get("ETL runs");
    String scalingSeries =
        """
        - series: 'tributary_scaling_decisions_total{namespace="default", pipeline="market-data", component="cache-writer", direction="up"}'
          values: '0x10 1x20'
        - series: 'tributary_scaling_decisions_total{namespace="default", pipeline="market-data", component="cache-writer", direction="down"}'
          values: '0x20 1x10'
        - series: 'tributary_scaling_decisions_total{namespace="default", pipeline="market-data", component="cache-writer", direction="none"}'
          values: '0+1x30'
        - series: 'tributary_scaling_decisions_total{namespace="default", pipeline="market-data", component="cache-writer", direction="hold"}'
          values: '0+1x30'
        - series: 'tributary_scaling_decisions_total{namespace="default", pipeline="payments", component="cache-writer", direction="up"}'
          values: '0x5 1x25'
        - series: 'tributary_scaling_decisions_total{namespace="other", pipeline="market-data", component="cache-writer", direction="up"}'
          values: '0x5 1x25'
        """;
    String etlSeries =
        """
        - series: 'tributary_etl_runs_total{namespace="default", pipeline="market-data", component="market-data-15m", result="succeeded"}'
          values: '0x10 1x9 3x10'
        - series: 'tributary_etl_runs_total{namespace="default", pipeline="market-data", component="market-data-15m", result="failed"}'
          values: '0x20 1x10'
        - series: 'tributary_etl_runs_total{namespace="default", pipeline="payments", component="daily-report", result="failed"}'
          values: '0x5 1x25'
        """;
    String tests =
        "rule_files: [empty.yaml]\n"
            + "evaluation_interval: 15s\n"
            + "tests:\n"
            + test("scaling events, all components", scalingSeries, grafana(scaling, ".*", "15s"),
                List.of(
                    at("1m30s"),
                    at("2m30s"),
                    at("2m45s", "{component=\"cache-writer\", direction=\"up\"}", 1),
                    at("3m"),
                    at("5m15s", "{component=\"cache-writer\", direction=\"down\"}", 1),
                    at("5m30s"),
                    at("7m")))
            + test("scaling events, another component chosen", scalingSeries,
                grafana(scaling, "task-executor", "15s"), List.of(at("2m45s"), at("5m15s")))
            + test("ETL runs, all components", etlSeries, grafana(etl, ".*", "15s"),
                List.of(
                    at("1m30s"),
                    at("2m45s", "{component=\"market-data-15m\", result=\"succeeded\"}", 1),
                    at("3m"),
                    at("5m15s",
                        "{component=\"market-data-15m\", result=\"succeeded\"}", 2,
                        "{component=\"market-data-15m\", result=\"failed\"}", 1),
                    at("5m30s")))
            + test("ETL runs, another component chosen", etlSeries, grafana(etl, "prices-1h", "15s"),
                List.of(at("2m45s"), at("5m15s")));
    Files.writeString(dir.resolve("empty.yaml"), "groups: []\n");
    Files.writeString(dir.resolve("annotations.test.yaml"), tests);

    Promtool.Result result = Promtool.run(dir, List.of("test", "rules", "annotations.test.yaml"));

    assertThat(result.succeeded())
        .as("promtool test rules on the annotation queries said:%n%s%n%s", result.output(), tests)
        .isTrue();
  }

  /** One promtool expression check: at {@code time}, exactly these labels with these values. */
  private record Check(String time, Object... labelsAndValues) {}

  private static Check at(String time, Object... labelsAndValues) {
    return new Check(time, labelsAndValues);
  }

  /** A promtool test case: {@code series} as input, {@code expr} checked at each time. */
  private static String test(String name, String series, String expr, List<Check> checks) {
    StringBuilder out = new StringBuilder()
        .append("  - name: '").append(name).append("'\n")
        .append("    interval: 15s\n")
        .append("    input_series:\n")
        .append(series.stripIndent().stripTrailing().indent(6))
        .append("    promql_expr_test:\n");
    for (Check check : checks) {
      out.append("      - expr: '").append(expr).append("'\n")
          .append("        eval_time: ").append(check.time()).append("\n");
      Object[] samples = check.labelsAndValues();
      out.append("        exp_samples:").append(samples.length == 0 ? " []\n" : "\n");
      for (int i = 0; i < samples.length; i += 2) {
        out.append("          - labels: '").append(samples[i]).append("'\n")
            .append("            value: ").append(samples[i + 1]).append("\n");
      }
    }
    return out.toString();
  }

  /** A query with Grafana's variables filled in for namespace default, pipeline market-data. */
  private static String grafana(String expr, String component, String interval) {
    return expr.replace("$__rate_interval", "1m")
        .replace("$__interval", interval)
        .replace("$namespace", "default")
        .replace("$pipeline", "market-data")
        .replace("$component", component);
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

  /** Every panel and annotation query is valid PromQL once Grafana's variables are filled in. */
  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "operator.json"})
  void everyQueryParsesAsPromql(String file, @TempDir Path dir) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode ruleFile = yaml.createObjectNode();
    ObjectNode group = ruleFile.putArray("groups").addObject().put("name", "dashboard-queries");
    ArrayNode rules = group.putArray("rules");
    int n = 0;
    Map<String, String> queries = new LinkedHashMap<>(queries(read(file)));
    queries.putAll(annotations(read(file)));
    for (String expr : queries.values()) {
      rules
          .addObject()
          .put("record", "tributary_dashboard_query_" + n++)
          .put("expr", grafana(expr, ".*", "1m"));
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

  /** Annotation query text by annotation name. */
  private static Map<String, String> annotations(JsonNode dashboard) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode annotation : dashboard.path("annotations").path("list")) {
      out.put(annotation.path("name").asText(), annotation.path("expr").asText());
    }
    return out;
  }

  /** The template variable {@code name}, or null. */
  private static JsonNode variable(JsonNode dashboard, String name) {
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (name.equals(v.path("name").asText())) {
        return v;
      }
    }
    return null;
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
