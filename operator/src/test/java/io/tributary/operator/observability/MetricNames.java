package io.tributary.operator.observability;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The metric names dashboards and alert rules may use, and a reader for PromQL selectors. */
final class MetricNames {
  private MetricNames() {}

  /** DESIGN §3: what every runtime role exports. */
  static final Set<String> RUNTIME =
      Set.of(
          "kafka_messages_produced_total",
          "kafka_produce_latency_seconds",
          "kafka_messages_consumed_total",
          "kafka_consume_latency_seconds",
          "redis_cache_hits_total",
          "redis_cache_misses_total",
          "redis_pubsub_messages_total",
          "pipeline_records_processed_total",
          "pipeline_end_to_end_latency_seconds",
          "pipeline_dead_letter_total",
          "tasks_started_total",
          "tasks_succeeded_total",
          "tasks_failed_total",
          "task_duration_seconds",
          "etl_records_total",
          "etl_run_duration_seconds");

  /** DESIGN §4: what the operator's autoscaler exports. */
  static final Set<String> OPERATOR =
      Set.of(
          "tributary_worker_lag",
          "tributary_worker_desired_replicas",
          "tributary_scaling_decisions_total");

  /**
   * Not (yet) in DESIGN §3/§4; dashboards/README.md ("Metrics") says who exports them and why. Each
   * is a deviation to fold into DESIGN.
   */
  static final Set<String> PROPOSED =
      Set.of(
          "kafka_consumer_rebalances_total",
          "tributary_worker_replicas",
          "tributary_worker_scaler_healthy",
          "tributary_resource_ready",
          "tributary_etl_runs_total",
          "tributary_etl_last_run_succeeded",
          "tributary_etl_last_success_timestamp_seconds",
          "tributary_etl_schedule_interval_seconds",
          "tributary_worker_dead_letter_records",
          "tributary_worker_dead_letter_oldest_age_seconds");

  /** Prometheus' own per-target series. */
  static final Set<String> PROMETHEUS = Set.of("up");

  static Set<String> allowedForPipelines() {
    return Stream.of(RUNTIME, OPERATOR, PROPOSED, PROMETHEUS)
        .flatMap(Set::stream)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * {@code name{matchers}}: our queries always write a selector with braces, so it can be found.
   */
  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)\\}");

  private static final Pattern HISTOGRAM_SERIES = Pattern.compile("(.+)_(bucket|sum|count|max)$");

  /** A vector selector of a query: metric name as written, and the text between the braces. */
  record Selector(String metric, String matchers) {
    /** The name of the metric family: {@code x_seconds_bucket} is a series of {@code x_seconds}. */
    String family(Set<String> known) {
      if (known.contains(metric)) {
        return metric;
      }
      Matcher m = HISTOGRAM_SERIES.matcher(metric);
      return m.matches() && known.contains(m.group(1)) ? m.group(1) : metric;
    }
  }

  static Stream<Selector> selectors(String promql) {
    Matcher m = SELECTOR.matcher(promql);
    Stream.Builder<Selector> out = Stream.builder();
    while (m.find()) {
      out.add(new Selector(m.group(1), m.group(2)));
    }
    return out.build();
  }

  /**
   * PromQL functions, aggregations and keywords our queries use; anything else bare is a metric.
   */
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "count",
          "by",
          "without",
          "rate",
          "increase",
          "irate",
          "histogram_quantile",
          "max_over_time",
          "min_over_time",
          "avg_over_time",
          "time",
          "and",
          "or",
          "unless",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /**
   * Metric names written without a label selector (so not scoped to a pipeline): what is left after
   * removing selectors, grouping clauses, ranges, numbers and PromQL words.
   */
  static Set<String> bareMetricNames(String promql) {
    String rest =
        SELECTOR
            .matcher(promql)
            .replaceAll(" ")
            .replaceAll("(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
            .replaceAll("\\[[^\\]]*\\]", " ")
            .replaceAll("\"[^\"]*\"", " ")
            .replaceAll("\\b\\d+(\\.\\d+)?\\b", " ");
    Matcher m = IDENTIFIER.matcher(rest);
    Set<String> bare = new TreeSet<>();
    while (m.find()) {
      if (!PROMQL_WORDS.contains(m.group())) {
        bare.add(m.group());
      }
    }
    return bare;
  }

  /** Every metric name a query reads, with or without a label selector. */
  static Set<String> metricNames(String promql) {
    Set<String> names =
        selectors(promql).map(Selector::metric).collect(Collectors.toCollection(TreeSet::new));
    names.addAll(bareMetricNames(promql));
    return names;
  }
}
