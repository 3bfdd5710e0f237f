package io.tributary.operator.sandbox.e2e;

import static io.tributary.operator.sandbox.e2e.EndToEnd.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.operator.model.WorkloadModel;
import io.tributary.operator.sandbox.Sandbox;
import io.tributary.operator.testing.PrometheusServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DESIGN §5: every query of the dashboards returns data after the examples run. The four example
 * manifests run in a sandbox (real operator, runtime processes, Kafka, Redis); a real Prometheus
 * scrapes it with the configuration the sandbox writes (the same target labels as the Pipeline's
 * PodMonitor in a cluster); the test does what the examples' users do (posts payments, one of them
 * invalid; starts an ETL run with {@code tributary.io/run-now}), substitutes the dashboard
 * variables as Grafana would and runs every panel query through the Prometheus HTTP API.
 *
 * <p>The dashboards show one Pipeline at a time: a panel passes when its query returns at least
 * one series for at least one of the example Pipelines (a tasks panel has data for market-data,
 * the dead-letter panel for payments). A query Prometheus refuses, or one that returns nothing
 * for every Pipeline, fails the test with the panel's title.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIT {
  private static final String NAMESPACE = "default";
  private static final List<String> EXAMPLES = List.of("market-data", "payments", "call-stats", "etl");
  private static final List<String> PIPELINES = List.of("market-data", "payments", "call-stats", "market-etl");
  /**
   * Grafana's {@code $__rate_interval} is at least four scrape intervals of the data source; the
   * sandbox scrapes every 2 s, and a loaded 2-core machine delays scrapes, so ten.
   */
  private static final String RATE_INTERVAL = "20s";

  private final ObjectMapper json = new ObjectMapper();
  private Sandbox sandbox;
  private PrometheusServer prometheus;
  private long prometheusStarted;
  private boolean etlRunStarted;

  @BeforeAll
  void start() {
    sandbox = EndToEnd.startSandbox("e2e-dashboards");
    sandbox.apply(EXAMPLES.stream().map(name -> EndToEnd.repositoryFile("manifests/examples/" + name + ".yaml")).toList());
    // Prometheus reads rule files at start: wait for the operator's PrometheusRule of every example
    Path rules = sandbox.prometheusConfig().resolveSibling("rules");
    await().atMost(LONG).until(() -> PIPELINES.stream()
        .allMatch(p -> java.nio.file.Files.isRegularFile(rules.resolve(NAMESPACE + "-" + p + "-pipeline.yaml"))));
    prometheusStarted = System.currentTimeMillis();
    prometheus = PrometheusServer.start(sandbox.prometheusConfig(), Path.of("target", "sandbox-it", "e2e-dashboards-prometheus"));
  }

  @AfterAll
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void everyPanelQueryOfBothDashboardsReturnsDataForTheExamples() throws Exception {
    postPayments();
    startEtlRun();

    List<PanelQuery> queries = new ArrayList<>();
    queries.addAll(panelQueries("dashboards/pipeline.json"));
    queries.addAll(panelQueries("dashboards/operator.json"));
    assertThat(queries).as("panel queries found in the dashboards").hasSizeGreaterThan(30);

    AtomicReference<Map<PanelQuery, String>> failing = new AtomicReference<>();
    try {
      await().atMost(LONG).pollInterval(Duration.ofSeconds(5)).until(() -> {
        failing.set(failures(queries));
        return failing.get().isEmpty();
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // fall through to the assertion, which names every query without data
    }
    assertThat(failing.get())
        .as("panel queries without data or with an error after %s (Prometheus targets: %s)", LONG, targetHealth())
        .isEmpty();
  }

  /** The panels every Pipeline has, whatever its processors: each example's dashboard shows them. */
  private static final List<String> EVERY_PIPELINES_PANELS =
      List.of("Messages produced per second", "Produce latency p95", "Component health", "Pods answering scrapes");

  @Test
  void everyExamplePipelinesDashboardShowsItsThroughputAndHealth() throws Exception {
    List<PanelQuery> common = panelQueries("dashboards/pipeline.json").stream()
        .filter(q -> EVERY_PIPELINES_PANELS.contains(q.panel())).toList();
    assertThat(common).extracting(PanelQuery::panel).containsAll(EVERY_PIPELINES_PANELS);

    await().atMost(LONG).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
      for (String pipeline : PIPELINES) {
        for (PanelQuery query : common) {
          JsonNode response = prometheus.query(substitute(query.expr(), pipeline));
          assertThat(response.path("data").path("result")).as("%s for pipeline %s", query, pipeline).isNotEmpty();
        }
      }
    });
  }

  @Test
  void theDashboardVariablesOfferTheExamplesNamespaceAndPipelines() {
    await().atMost(LONG).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
      // pipeline dashboard: label_values(kafka_messages_produced_total{namespace="$namespace"}, pipeline)
      assertThat(values(prometheus.labelValues("namespace", "kafka_messages_produced_total"))).contains(NAMESPACE);
      assertThat(values(prometheus.labelValues("pipeline", "kafka_messages_produced_total{namespace=\"default\"}")))
          .containsAll(PIPELINES);
      // operator dashboard: label_values(tributary_worker_lag{namespace="$namespace"}, pipeline)
      assertThat(values(prometheus.labelValues("namespace", "tributary_worker_lag"))).contains(NAMESPACE);
      assertThat(values(prometheus.labelValues("pipeline", "tributary_worker_lag{namespace=\"default\"}")))
          .contains("market-data", "payments", "call-stats");
      // component: label_values(up{namespace="$namespace", pipeline="$pipeline"}, component) on the
      // pipeline dashboard, label_values(tributary_worker_lag{...}, component) on the operator's
      assertThat(values(prometheus.labelValues("component", "up{namespace=\"default\", pipeline=\"market-data\"}")))
          .contains("market-data-feed", "cache-writer", "task-executor");
      assertThat(values(prometheus.labelValues("component", "tributary_worker_lag{namespace=\"default\", pipeline=\"market-data\"}")))
          .contains("cache-writer", "task-executor");
    });
  }

  /**
   * The PrometheusRules the operator wrote, loaded by a real Prometheus: every rule of every
   * example evaluates without error on the real series, and the one invalid payment fires
   * {@code TributaryDeadLetters} for the payments aggregator, with its annotations filled in.
   */
  /** The alerts of {@code dashboards/alerts/pipeline-rules.yaml}, the source the operator renders per Pipeline. */
  private static final int ALERTS_PER_PIPELINE = alertsPerPipeline();

  private static int alertsPerPipeline() {
    try {
      return java.nio.file.Files.readAllLines(EndToEnd.repositoryFile("dashboards/alerts/pipeline-rules.yaml")).stream()
          .filter(line -> line.trim().startsWith("- alert:")).mapToInt(line -> 1).sum();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theOperatorsAlertRulesEvaluateOnTheRealSeriesAndTheDeadLetterAlertFires() throws Exception {
    postPayments();

    await().atMost(LONG).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
      List<String> rules = new ArrayList<>();
      List<String> recorded = new ArrayList<>();
      for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          ("alerting".equals(rule.path("type").asText()) ? rules : recorded)
              .add(group.path("file").asText() + " " + rule.path("name").asText());
          assertThat(rule.path("health").asText()).as("health of %s in %s: %s", rule.path("name").asText(),
              group.path("file").asText(), rule.path("lastError").asText()).isEqualTo("ok");
        }
      }
      // the alerts of dashboards/alerts/pipeline-rules.yaml per Pipeline (DESIGN §5), and at least
      // the default lag threshold recorded for each
      assertThat(rules).hasSize(ALERTS_PER_PIPELINE * PIPELINES.size());
      assertThat(recorded).filteredOn(r -> r.endsWith(" tributary:default_lag_threshold")).hasSize(PIPELINES.size());
      JsonNode alerts = prometheus.get("/api/v1/alerts").path("data").path("alerts");
      assertThat(alerts).anySatisfy(alert -> {
        assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("TributaryDeadLetters");
        assertThat(alert.path("state").asText()).isEqualTo("firing");
        assertThat(alert.path("labels").path("namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(alert.path("labels").path("pipeline").asText()).isEqualTo("payments");
        assertThat(alert.path("labels").path("component").asText()).isEqualTo("payment-aggregator");
        assertThat(alert.path("annotations").path("summary").asText()).contains("payments/payment-aggregator");
        assertThat(alert.path("annotations").path("runbook_url").asText())
            .endsWith("dashboards/RUNBOOK.md#tributarydeadletters");
      });
    });
  }

  /** A panel's query as written in the dashboard. */
  record PanelQuery(String dashboard, String panel, String refId, String expr) {
    @Override
    public String toString() {
      return dashboard + " / \"" + panel + "\" " + refId + ": " + expr;
    }
  }

  /** Each failing query with why: Prometheus' error, or "no series" for every example Pipeline. */
  private Map<PanelQuery, String> failures(List<PanelQuery> queries) {
    Map<PanelQuery, String> failing = new LinkedHashMap<>();
    for (PanelQuery query : queries) {
      List<String> pipelines = query.expr().contains("$pipeline") ? PIPELINES : List.of("(none)");
      String why = "no series for pipeline " + pipelines;
      for (String pipeline : pipelines) {
        JsonNode response = prometheus.query(substitute(query.expr(), pipeline));
        if (!"success".equals(response.path("status").asText())) {
          why = "error: " + response.path("errorType").asText() + ": " + response.path("error").asText();
          break;
        }
        if (!response.path("data").path("result").isEmpty()) {
          why = null;
          break;
        }
      }
      if (why != null) {
        failing.put(query, why);
      }
    }
    return failing;
  }

  /** The variables as Grafana substitutes them for one namespace and pipeline, all components. */
  private static String substitute(String expr, String pipeline) {
    return expr.replace("$__rate_interval", RATE_INTERVAL)
        .replace("$__interval", ANNOTATION_STEP)
        .replace("${namespace}", NAMESPACE).replace("$namespace", NAMESPACE)
        .replace("${pipeline}", pipeline).replace("$pipeline", pipeline)
        // "All" of the multi-value component variable is its allValue
        .replace("${component}", ".*").replace("$component", ".*");
  }

  /** Grafana runs an annotation query over the dashboard's time range with $__interval = its step. */
  private static final String ANNOTATION_STEP = "5s";

  /**
   * The annotation queries over the time range since Prometheus started, as Grafana runs them:
   * the ETL run the test starts is marked on the market-etl dashboard (with its result), and the
   * scaling-events query evaluates for every example (the examples' load never changes a
   * replica count, so it has no point here; DashboardsTest checks it on synthetic series).
   */
  @Test
  void theAnnotationsMarkTheEtlRunAndTheScalingQueryEvaluates() throws Exception {
    startEtlRun();
    Map<String, String> annotations = new LinkedHashMap<>();
    for (String file : List.of("dashboards/pipeline.json", "dashboards/operator.json")) {
      for (JsonNode annotation : json.readTree(EndToEnd.repositoryFile(file).toFile()).path("annotations").path("list")) {
        annotations.put(file + " / " + annotation.path("name").asText(), annotation.path("expr").asText());
      }
    }
    assertThat(annotations).containsKeys("dashboards/pipeline.json / ETL runs", "dashboards/pipeline.json / Scaling events",
        "dashboards/operator.json / Scaling events");

    await().atMost(LONG).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
      for (Map.Entry<String, String> annotation : annotations.entrySet()) {
        for (String pipeline : PIPELINES) {
          JsonNode response = queryRange(substitute(annotation.getValue(), pipeline));
          assertThat(response.path("status").asText()).as("%s for %s: %s", annotation.getKey(), pipeline, response)
              .isEqualTo("success");
        }
      }
      JsonNode etl = queryRange(substitute(annotations.get("dashboards/pipeline.json / ETL runs"), "market-etl"));
      assertThat(etl.path("data").path("result")).as("ETL run annotations of market-etl: %s", etl).anySatisfy(series -> {
        assertThat(series.path("metric").path("component").asText()).isEqualTo("market-data-15m");
        assertThat(series.path("metric").path("result").asText()).isIn("succeeded", "failed");
        // a point at the step that first saw the finished run, valued with how many finished
        assertThat(series.path("values")).isNotEmpty()
            .allSatisfy(point -> assertThat(Double.parseDouble(point.get(1).asText())).isPositive());
      });
    });
  }

  /** A range query from Prometheus' start until now at {@link #ANNOTATION_STEP}, as Grafana asks. */
  private JsonNode queryRange(String promql) {
    long now = System.currentTimeMillis() / 1000;
    return prometheus.get("/api/v1/query_range?query=" + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8)
        + "&start=" + (prometheusStarted / 1000) + "&end=" + now + "&step=" + ANNOTATION_STEP);
  }

  private List<PanelQuery> panelQueries(String file) throws Exception {
    JsonNode dashboard = json.readTree(EndToEnd.repositoryFile(file).toFile());
    List<PanelQuery> queries = new ArrayList<>();
    collect(file, dashboard.path("panels"), queries);
    return queries;
  }

  private static void collect(String file, JsonNode panels, List<PanelQuery> into) {
    for (JsonNode panel : panels) {
      collect(file, panel.path("panels"), into);
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr") && !target.path("hide").asBoolean(false)) {
          into.add(new PanelQuery(file, panel.path("title").asText(), target.path("refId").asText(), target.path("expr").asText()));
        }
      }
    }
  }

  /** Posts a batch of payments as the example's header says, one of them without a merchant (dead letter). */
  private void postPayments() throws Exception {
    String url = EndToEnd.readyHttpUrl(sandbox, WorkloadModel.workloadName("payments-api", "producer")) + "/v1/payments";
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").header("X-Correlation-ID", "dashboards-1")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"records": [
              {"payment_id": "dash-1", "merchant": "acme", "amount": 12.5, "currency": "EUR"},
              {"payment_id": "dash-2", "merchant": "globex", "amount": 7, "currency": "EUR"},
              {"payment_id": "dash-bad", "amount": 5, "currency": "EUR"}
            ]}""")).build();
    HttpResponse<String> response;
    try {
      response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new AssertionError("POST " + url + " failed: " + e + "; pods: " + sandbox.node().pods(), e);
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  /** {@code tributary.io/run-now} on the 15-minute rollup of the ETL example (its pod lingers for the scrape). */
  private void startEtlRun() {
    if (etlRunStarted) {
      return;
    }
    etlRunStarted = true;
    await().atMost(LONG).until(() -> schedule() != null && schedule().getStatus() != null
        && schedule().getStatus().getNextScheduleTime() != null);
    io.tributary.operator.testing.Conflicts.retry(() -> sandbox.client().resources(EtlSchedule.class).inNamespace(NAMESPACE).withName("market-data-15m").edit(s -> {
      Map<String, String> annotations = s.getMetadata().getAnnotations() == null ? new HashMap<>()
          : new HashMap<>(s.getMetadata().getAnnotations());
      annotations.put("tributary.io/run-now", "dashboards-1");
      s.getMetadata().setAnnotations(annotations);
      return s;
    }));
  }

  private EtlSchedule schedule() {
    return sandbox.client().resources(EtlSchedule.class).inNamespace(NAMESPACE).withName("market-data-15m").get();
  }

  private static Set<String> values(JsonNode response) {
    Set<String> values = new TreeSet<>();
    response.path("data").forEach(v -> values.add(v.asText()));
    return values;
  }

  /** "job/pod: health (last error)" of every target, for the failure message. */
  private String targetHealth() {
    List<String> lines = new ArrayList<>();
    for (JsonNode target : prometheus.targets().path("data").path("activeTargets")) {
      lines.add(target.path("labels").path("job").asText() + "/" + target.path("labels").path("pod").asText("-")
          + ": " + target.path("health").asText() + (target.path("lastError").asText().isEmpty() ? ""
          : " (" + target.path("lastError").asText() + ")"));
    }
    return String.join(", ", lines);
  }
}
