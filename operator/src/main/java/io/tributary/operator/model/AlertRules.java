package io.tributary.operator.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert rules of one Pipeline (DESIGN §5) as PrometheusRule {@code groups}. The source is the
 * template {@code dashboards/alerts/pipeline-rules.yaml} of the repository (bundled in the jar,
 * tested with promtool there), rendered by replacing {@code $PIPELINE} and {@code $NAMESPACE}.
 * {@link #forPipeline} is the built-in fallback for a build without that file.
 *
 * <p>Every expression is scoped to the Pipeline by the {@code namespace} and {@code pipeline}
 * labels the runtime puts on its metrics (the PodMonitor honours them).
 */
public final class AlertRules {
  /** Classpath location of the rule template. */
  public static final String TEMPLATE_RESOURCE = "dashboards/alerts/pipeline-rules.yaml";

  private AlertRules() {}

  /** The rule groups for one Pipeline: the rendered template, or the built-in rules. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> groups(String namespace, String pipeline) {
    try (java.io.InputStream in = AlertRules.class.getClassLoader().getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (in != null) {
        String template = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        // names of Kubernetes objects cannot hold quotes or backslashes: plain replacement is safe
        String rendered = template.replace("$PIPELINE", pipeline).replace("$NAMESPACE", namespace);
        Map<String, Object> document = new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readValue(rendered, Map.class);
        return (List<Map<String, Object>>) document.get("groups");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + TEMPLATE_RESOURCE, e);
    }
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", "tributary." + pipeline);
    group.put("rules", forPipeline(namespace, pipeline));
    return List.of(group);
  }

  /** Built-in rule list (fallback), group {@code tributary.<pipeline>}. */
  public static List<Map<String, Object>> forPipeline(String namespace, String pipeline) {
    String sel = "namespace=\"" + namespace + "\",pipeline=\"" + pipeline + "\"";
    List<Map<String, Object>> rules = new ArrayList<>();
    rules.add(alert("TributaryWorkerLagHigh",
        "max by (namespace, pipeline, component) (tributary_worker_lag{" + sel + "}) > 1000",
        "5m", "warning",
        "Worker {{ $labels.component }} of pipeline {{ $labels.pipeline }} lags by {{ $value }} records",
        "The backlog of the worker stayed above 1000 records for 5 minutes."));
    rules.add(alert("TributaryErrorRatioHigh",
        "sum by (namespace, pipeline, component) (rate(pipeline_records_processed_total{" + sel + ",outcome=\"error\"}[5m]))"
            + " / sum by (namespace, pipeline, component) (rate(pipeline_records_processed_total{" + sel + "}[5m])) > 0.05",
        "5m", "warning",
        "More than 5% of the records of {{ $labels.component }} fail",
        "The error ratio of the component's processors is above 5% over 5 minutes."));
    rules.add(alert("TributaryDeadLetters",
        "sum by (namespace, pipeline, component) (rate(pipeline_dead_letter_total{" + sel + "}[5m])) > 0",
        "1m", "warning",
        "{{ $labels.component }} sends records to the dead-letter topic",
        "Records failed after all attempts and went to the dead-letter topic."));
    rules.add(alert("TributaryComponentDown",
        "up{" + sel + ",role!=\"etl\"} == 0",
        "5m", "critical",
        "A pod of {{ $labels.component }} cannot be scraped",
        "The metrics endpoint of a producer or worker pod has been down for 5 minutes."));
    rules.add(alert("TributaryLatencyHigh",
        "histogram_quantile(0.95, sum by (namespace, pipeline, component, le) (rate(pipeline_end_to_end_latency_seconds_bucket{"
            + sel + "}[5m]))) > 2",
        "10m", "warning",
        "p95 end-to-end latency of {{ $labels.component }} is {{ $value }}s",
        "The 95th percentile from record timestamp to processed is above 2 seconds."));
    rules.add(alert("TributaryFrequentRebalances",
        "sum by (namespace, pipeline, component) (increase(kafka_consumer_coordinator_rebalance_total{" + sel + "}[15m])) > 5",
        "0m", "warning",
        "Consumer group of {{ $labels.component }} rebalances often",
        "More than 5 consumer group rebalances in 15 minutes."));
    rules.add(alert("TributaryEtlRunFailed",
        "sum by (namespace, pipeline, component) (increase(etl_runs_total{" + sel + ",result=\"failed\"}[1h])) > 0",
        "0m", "warning",
        "ETL run of {{ $labels.component }} failed",
        "An ETL run failed after its retries in the last hour."));
    rules.add(alert("TributaryEtlRunOverdue",
        "time() - max by (namespace, pipeline, component) (etl_last_success_timestamp_seconds{" + sel + "}) > 86400",
        "0m", "warning",
        "ETL {{ $labels.component }} has not succeeded for a day",
        "No successful ETL run for 24 hours."));
    return rules;
  }

  private static Map<String, Object> alert(
      String name, String expr, String forDuration, String severity, String summary, String description) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("alert", name);
    rule.put("expr", expr);
    rule.put("for", forDuration);
    rule.put("labels", new java.util.TreeMap<>(Map.of("severity", severity)));
    rule.put("annotations", new java.util.TreeMap<>(Map.of("summary", summary, "description", description)));
    return rule;
  }
}
