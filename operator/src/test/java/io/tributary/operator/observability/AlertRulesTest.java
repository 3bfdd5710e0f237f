package io.tributary.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The per-Pipeline alert rules (DESIGN §5) and the operator's in {@code dashboards/alerts/}: promtool accepts them,
 * promtool's unit tests pass and cover every alert firing and staying quiet, and the template stays
 * scoped by the {@code $PIPELINE}/{@code $NAMESPACE} placeholders the operator replaces.
 */
class AlertRulesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The example the promtool tests run against: the template rendered for this Pipeline. */
  private static final String EXAMPLE_PIPELINE = "market-data";

  private static final String EXAMPLE_NAMESPACE = "default";

  private static final Set<String> DESIGN_ALERTS =
      Set.of(
          "TributaryConsumerLagHigh",
          "TributaryWorkerAtMaxReplicas",
          "TributaryErrorRatioHigh",
          "TributaryDeadLetters",
          "TributaryDeadLettersNotRedriven",
          "TributaryComponentDown",
          "TributaryProcessingLatencyHigh",
          "TributaryFrequentRebalances",
          "TributaryEtlRunFailed",
          "TributaryEtlRunOverdue");

  private static final Set<String> OPERATOR_ALERTS =
      Set.of("TributaryOperatorDown", "TributaryOperatorReconcileErrors", "TributaryScalerUnhealthy",
          "TributaryResourceNotReady");

  static final String UPDATE_PROPERTY = "tributary.updateRenderedRules";
  private static final String RUNBOOK_URL = "https://github.com/tributary-io/tributary/blob/main/dashboards/RUNBOOK.md#";

  private final Path alerts = RepositoryFiles.dashboards().resolve("alerts");
  private final Path template = alerts.resolve("pipeline-rules.yaml");
  private final Path rendered = alerts.resolve("tests/pipeline-rules.rendered.yaml");
  private final Path operatorTemplate = alerts.resolve("operator-rules.yaml");
  private final Path operatorRendered = alerts.resolve("tests/operator-rules.rendered.yaml");

  @Test
  void promtoolAcceptsTheTemplateAndTheRenderedExample() {
    Promtool.Result result =
        Promtool.run(
            alerts,
            List.of("check", "rules", "pipeline-rules.yaml", "tests/pipeline-rules.rendered.yaml",
                "operator-rules.yaml", "tests/operator-rules.rendered.yaml"));

    assertThat(result.succeeded()).as("promtool check rules said:%n%s", result.output()).isTrue();
  }

  @Test
  void promtoolUnitTestsPass() throws IOException {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    testFiles().forEach(f -> args.add(alerts.relativize(f).toString()));

    Promtool.Result result = Promtool.run(alerts, args);

    assertThat(result.succeeded()).as("promtool test rules said:%n%s", result.output()).isTrue();
  }

  @Test
  void theTemplateHasTheDesignAlertsEachWithSeverityAndRunbook() throws IOException {
    Map<String, JsonNode> rules = alertRules(YAML.readTree(template.toFile()));
    Map<String, JsonNode> operatorRules = alertRules(YAML.readTree(operatorTemplate.toFile()));

    assertThat(rules.keySet()).containsExactlyInAnyOrderElementsOf(DESIGN_ALERTS);
    assertThat(operatorRules.keySet()).containsExactlyInAnyOrderElementsOf(OPERATOR_ALERTS);
    rules.putAll(operatorRules);
    String runbook = Files.readString(RepositoryFiles.dashboards().resolve("RUNBOOK.md"));
    Set<String> anchors = new TreeSet<>();
    runbook.lines().filter(l -> l.startsWith("#"))
        .forEach(l -> anchors.add(l.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-')));
    rules.forEach(
        (name, rule) -> {
          assertThat(rule.path("labels").path("severity").asText())
              .as("%s labels.severity", name)
              .isIn("warning", "critical");
          for (String annotation : List.of("summary", "description")) {
            assertThat(rule.path("annotations").path(annotation).asText())
                .as("%s annotations.%s", name, annotation)
                .isNotBlank();
          }
          assertThat(rule.path("annotations").has("runbook")).as("%s: runbook text moved to RUNBOOK.md", name).isFalse();
          // the link Alertmanager and Grafana show: the alert's own section of dashboards/RUNBOOK.md
          assertThat(rule.path("annotations").path("runbook_url").asText())
              .as("%s annotations.runbook_url", name)
              .isEqualTo(RUNBOOK_URL + name.toLowerCase(java.util.Locale.ROOT));
          assertThat(anchors).as("headings of dashboards/RUNBOOK.md (GitHub anchors)")
              .contains(name.toLowerCase(java.util.Locale.ROOT));
        });
  }

  @Test
  void noThresholdSetInAWorkersSpecIsWrittenInTheTemplate() throws IOException {
    String lag = alertRules(YAML.readTree(template.toFile())).get("TributaryConsumerLagHigh").path("expr").asText();
    assertThat(lag).as("the lag alert compares with the recorded thresholds")
        .contains(io.tributary.operator.model.AlertRules.LAG_THRESHOLD)
        .contains(io.tributary.operator.model.AlertRules.DEFAULT_LAG_THRESHOLD_SERIES)
        .doesNotContainPattern("\\b\\d{3,}\\b");
    assertThat(alertRules(YAML.readTree(template.toFile())).get("TributaryWorkerAtMaxReplicas").path("expr").asText())
        .contains(io.tributary.operator.model.AlertRules.MAX_REPLICAS);
  }

  @Test
  void theOperatorRulesSelectTheOperatorsTargetByThePlaceholders() throws IOException {
    alertRules(YAML.readTree(operatorTemplate.toFile())).forEach((name, rule) ->
        MetricNames.selectors(rule.path("expr").asText()).forEach(s -> {
          if (s.metric().startsWith("tributary_")) {
            return; // unique to Tributary; they carry the Worker's namespace
          }
          assertThat(s.matchers()).as("%s: selector of %s", name, s.metric())
              .contains("job=\"$OPERATOR_JOB\"").contains("namespace=\"$OPERATOR_NAMESPACE\"");
        }));
  }

  @Test
  void everySelectorOfTheTemplateIsScopedByBothPlaceholders() throws IOException {
    alertRules(YAML.readTree(template.toFile()))
        .forEach(
            (name, rule) -> {
              String expr = rule.path("expr").asText();
              assertThat(MetricNames.bareMetricNames(expr))
                  .as("%s reads metrics without a label selector: %s", name, expr)
                  .isEmpty();
              MetricNames.selectors(expr)
                  .forEach(
                      s ->
                          assertThat(s.matchers())
                              .as("%s: selector of %s", name, s.metric())
                              .contains("pipeline=\"$PIPELINE\"")
                              .contains("namespace=\"$NAMESPACE\""));
            });
  }

  @Test
  void theRulesReadOnlyMetricsTheRuntimeAndOperatorExport() throws IOException {
    Set<String> allowed = new TreeSet<>(MetricNames.allowedForPipelines());
    // recorded by the Pipeline's own rule (AlertRules), from the Workers' specs
    allowed.addAll(Set.of(io.tributary.operator.model.AlertRules.LAG_THRESHOLD,
        io.tributary.operator.model.AlertRules.DEFAULT_LAG_THRESHOLD_SERIES, io.tributary.operator.model.AlertRules.MAX_REPLICAS,
        io.tributary.operator.model.AlertRules.DEAD_LETTER_MAX_AGE));
    alertRules(YAML.readTree(template.toFile()))
        .forEach(
            (name, rule) ->
                MetricNames.selectors(rule.path("expr").asText())
                    .forEach(
                        s ->
                            assertThat(s.family(allowed))
                                .as("metric of %s (see MetricNames)", name)
                                .isIn(allowed)));
  }

  /**
   * The promtool tests run against what the operator writes for the example Pipeline market-data
   * with its Workers (from {@code manifests/examples/market-data.yaml}): the template rendered and
   * the generated per-Worker settings.
   */
  @Test
  void theRenderedExampleIsWhatTheOperatorWritesForTheMarketDataExample() throws IOException {
    List<io.tributary.api.v1alpha1.Worker> workers = new ArrayList<>();
    Path example = RepositoryFiles.dashboards().resolveSibling("manifests/examples/market-data.yaml");
    try (var parser = new YAMLFactory().createParser(example.toFile())) {
      var documents = YAML.readValues(parser, JsonNode.class);
      while (documents.hasNextValue()) {
        JsonNode document = documents.nextValue();
        if ("Worker".equals(document.path("kind").asText())) {
          var worker = YAML.treeToValue(document, io.tributary.api.v1alpha1.Worker.class);
          worker.getMetadata().setNamespace(EXAMPLE_NAMESPACE);
          workers.add(worker);
        }
      }
    }
    assertThat(workers).extracting(w -> w.getMetadata().getName()).contains("cache-writer", "task-executor");
    JsonNode operatorWrites = YAML.valueToTree(Map.of("groups",
        io.tributary.operator.model.AlertRules.groups(EXAMPLE_NAMESPACE, EXAMPLE_PIPELINE, workers)));
    JsonNode operatorRulesRendered = YAML.readTree(Files.readString(operatorTemplate)
        .replace("$OPERATOR_JOB", "tributary-operator-metrics").replace("$OPERATOR_NAMESPACE", "tributary"));
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.writeString(rendered, "# GENERATED from ../pipeline-rules.yaml as the operator renders it for"
          + " manifests/examples/market-data.yaml\n# (namespace default): regenerate with AlertRulesTest and -D"
          + UPDATE_PROPERTY + "=true. Do not edit.\n" + YAML.writeValueAsString(operatorWrites).replaceFirst("^---\n", ""));
      Files.writeString(operatorRendered, "# GENERATED from ../operator-rules.yaml with $OPERATOR_JOB=tributary-operator-metrics"
          + " and $OPERATOR_NAMESPACE=tributary:\n# regenerate with AlertRulesTest and -D" + UPDATE_PROPERTY
          + "=true. Do not edit.\n" + YAML.writeValueAsString(operatorRulesRendered).replaceFirst("^---\n", ""));
    }

    assertThat(YAML.readTree(rendered.toFile()))
        .as("%s is out of date: run AlertRulesTest with -D%s=true", rendered, UPDATE_PROPERTY)
        .isEqualTo(operatorWrites);
    assertThat(YAML.readTree(operatorRendered.toFile()))
        .as("%s is out of date: run AlertRulesTest with -D%s=true", operatorRendered, UPDATE_PROPERTY)
        .isEqualTo(operatorRulesRendered);
    assertThat(YAML.readTree(rendered.toFile()).toString()).doesNotContain("$PIPELINE", "$NAMESPACE");
    // the example's cache-writer: lagThreshold 1000, maxReplicas 6; task-executor has no autoscaling
    assertThat(YAML.readTree(rendered.toFile()).toString())
        .contains("{\"record\":\"tributary:worker_max_replicas\",\"expr\":\"vector(6)\","
            + "\"labels\":{\"component\":\"cache-writer\",\"namespace\":\"default\",\"pipeline\":\"market-data\"}}");
  }

  @Test
  void everyAlertHasAPromtoolCaseWhereItFiresAndOneWhereItStaysQuiet() throws IOException {
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (Path file : testFiles()) {
      for (JsonNode test : YAML.readTree(file.toFile()).path("tests")) {
        for (JsonNode check : test.path("alert_rule_test")) {
          String alert = check.path("alertname").asText();
          (check.path("exp_alerts").isEmpty() ? quiet : firing).add(alert);
        }
      }
    }

    assertThat(firing).as("alerts with a firing case").containsAll(DESIGN_ALERTS).containsAll(OPERATOR_ALERTS);
    assertThat(quiet).as("alerts with a not-firing case").containsAll(DESIGN_ALERTS).containsAll(OPERATOR_ALERTS);
  }

  private List<Path> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(alerts.resolve("tests"))) {
      List<Path> tests =
          files.filter(f -> f.getFileName().toString().endsWith(".test.yaml")).sorted().toList();
      assertThat(tests).as("promtool test files in %s", alerts.resolve("tests")).isNotEmpty();
      return tests;
    }
  }

  /** Alerting rules by name, across all groups of a rule file. */
  private static Map<String, JsonNode> alertRules(JsonNode ruleFile) {
    Map<String, JsonNode> rules = new TreeMap<>();
    for (JsonNode group : ruleFile.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          JsonNode previous = rules.put(rule.path("alert").asText(), rule);
          assertThat(previous).as("alert %s defined twice", rule.path("alert").asText()).isNull();
        }
      }
    }
    return rules;
  }
}
