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
 * The per-Pipeline alert rules (DESIGN §5) in {@code dashboards/alerts/}: promtool accepts them,
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
          "TributaryErrorRatioHigh",
          "TributaryDeadLetters",
          "TributaryComponentDown",
          "TributaryProcessingLatencyHigh",
          "TributaryFrequentRebalances",
          "TributaryEtlRunFailed",
          "TributaryEtlRunOverdue");

  private final Path alerts = RepositoryFiles.dashboards().resolve("alerts");
  private final Path template = alerts.resolve("pipeline-rules.yaml");
  private final Path rendered = alerts.resolve("tests/pipeline-rules.rendered.yaml");

  @Test
  void promtoolAcceptsTheTemplateAndTheRenderedExample() {
    Promtool.Result result =
        Promtool.run(
            alerts,
            List.of("check", "rules", "pipeline-rules.yaml", "tests/pipeline-rules.rendered.yaml"));

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

    assertThat(rules.keySet()).containsExactlyInAnyOrderElementsOf(DESIGN_ALERTS);
    rules.forEach(
        (name, rule) -> {
          assertThat(rule.path("labels").path("severity").asText())
              .as("%s labels.severity", name)
              .isIn("warning", "critical");
          for (String annotation : List.of("summary", "description", "runbook")) {
            assertThat(rule.path("annotations").path(annotation).asText())
                .as("%s annotations.%s", name, annotation)
                .isNotBlank();
          }
        });
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
    Set<String> allowed = MetricNames.allowedForPipelines();
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

  @Test
  void theRenderedExampleIsTheTemplateWithThePlaceholdersReplaced() throws IOException {
    String substituted =
        Files.readString(template)
            .replace("$PIPELINE", EXAMPLE_PIPELINE)
            .replace("$NAMESPACE", EXAMPLE_NAMESPACE);

    assertThat(YAML.readTree(rendered.toFile()))
        .as("%s is out of date: regenerate it with dashboards/alerts/render-example.sh", rendered)
        .isEqualTo(YAML.readTree(substituted));
    assertThat(YAML.readTree(rendered.toFile()).toString())
        .doesNotContain("$PIPELINE", "$NAMESPACE");
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

    assertThat(firing).as("alerts with a firing case").containsAll(DESIGN_ALERTS);
    assertThat(quiet).as("alerts with a not-firing case").containsAll(DESIGN_ALERTS);
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
