package io.tributary.operator.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert rules of one Pipeline (DESIGN §5) as PrometheusRule {@code groups}. The one source is
 * the template {@code dashboards/alerts/pipeline-rules.yaml} of the repository (bundled in the
 * jar, tested with promtool there), rendered by replacing {@code $PIPELINE} and {@code $NAMESPACE}.
 * A jar without it is a broken build, not a reason to invent other rules.
 *
 * <p>Every expression is scoped to the Pipeline by the {@code namespace} and {@code pipeline}
 * labels the runtime puts on its metrics (the PodMonitor honours them).
 *
 * <p>What the alerts compare with that is set per Worker lives in the Worker's spec, not in the
 * template: a generated group {@value #WORKER_SETTINGS_GROUP} records {@value
 * #DEFAULT_LAG_THRESHOLD_SERIES} (labelled {@code namespace}, {@code pipeline}) and, per autoscaled
 * Worker of the Pipeline, {@value #LAG_THRESHOLD} ({@code spec.autoscaling.lagThreshold}) and, when
 * the autoscaler can scale it ({@code maxReplicas > minReplicas}), {@value #MAX_REPLICAS}; those are
 * labelled {@code component} (the Worker's name) too; and {@value #DEAD_LETTER_MAX_AGE}, the Pipeline's
 * {@code spec.deadLetter.maxAgeSeconds}. Each is a constant series the alerts join on.
 */
public final class AlertRules {
  /** Classpath location of the rule template. */
  public static final String TEMPLATE_RESOURCE = "dashboards/alerts/pipeline-rules.yaml";
  /** The generated group of per-Worker settings. */
  public static final String WORKER_SETTINGS_GROUP = "tributary-pipeline-worker-settings";
  /** Recorded series: a Worker's {@code autoscaling.lagThreshold} (records). */
  public static final String LAG_THRESHOLD = "tributary:worker_lag_threshold";
  /** Recorded series: a Worker's {@code autoscaling.maxReplicas}. */
  public static final String MAX_REPLICAS = "tributary:worker_max_replicas";
  /** Recorded series: the default {@code autoscaling.lagThreshold}, for Workers without their own. */
  public static final String DEFAULT_LAG_THRESHOLD_SERIES = "tributary:default_lag_threshold";
  /** Recorded series: the Pipeline's {@code spec.deadLetter.maxAgeSeconds} (labelled namespace, pipeline). */
  public static final String DEAD_LETTER_MAX_AGE = "tributary:dead_letter_max_age_seconds";
  /** The default of {@code spec.deadLetter.maxAgeSeconds}: a day. */
  public static final long DEFAULT_DEAD_LETTER_MAX_AGE_SECONDS = 86_400;
  /** The default of {@code autoscaling.lagThreshold} (the CRD's, from the API class). */
  public static final long DEFAULT_LAG_THRESHOLD = new WorkerAutoscaling().getLagThreshold();

  private static final String TEMPLATE = readTemplate();

  private AlertRules() {}

  /** The rule groups for one Pipeline without Workers. */
  public static List<Map<String, Object>> groups(String namespace, String pipeline) {
    return groups(namespace, pipeline, List.of());
  }

  /**
   * The rule groups for one Pipeline: the template with its placeholders replaced, then the
   * settings of {@code workers} (those of this Pipeline; others are ignored), sorted by name.
   */
  public static List<Map<String, Object>> groups(String namespace, String pipeline, List<Worker> workers) {
    return groups(namespace, pipeline, workers, DEFAULT_DEAD_LETTER_MAX_AGE_SECONDS);
  }

  /**
   * As {@link #groups(String, String, List)}, with the Pipeline's {@code spec.deadLetter.maxAgeSeconds}
   * recorded as {@value #DEAD_LETTER_MAX_AGE}.
   */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> groups(String namespace, String pipeline, List<Worker> workers,
      long deadLetterMaxAgeSeconds) {
    // names of Kubernetes objects cannot hold quotes or backslashes: plain replacement is safe
    String rendered = TEMPLATE.replace("$PIPELINE", pipeline).replace("$NAMESPACE", namespace);
    List<Map<String, Object>> groups;
    try {
      Map<String, Object> document = new ObjectMapper(new YAMLFactory()).readValue(rendered, Map.class);
      groups = new ArrayList<>((List<Map<String, Object>>) document.get("groups"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + TEMPLATE_RESOURCE + " rendered for " + namespace + "/" + pipeline, e);
    }
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", WORKER_SETTINGS_GROUP);
    List<Map<String, Object>> settings = workerSettings(namespace, pipeline, workers);
    settings.add(1, recording(DEAD_LETTER_MAX_AGE, deadLetterMaxAgeSeconds, Map.of("namespace", namespace, "pipeline", pipeline)));
    group.put("rules", settings);
    groups.add(group);
    return groups;
  }

  private static List<Map<String, Object>> workerSettings(String namespace, String pipeline, List<Worker> workers) {
    List<Map<String, Object>> rules = new ArrayList<>();
    rules.add(recording(DEFAULT_LAG_THRESHOLD_SERIES, DEFAULT_LAG_THRESHOLD, Map.of("namespace", namespace, "pipeline", pipeline)));
    WorkerAutoscaling defaults = new WorkerAutoscaling();
    workers.stream()
        .filter(w -> w.getSpec() != null && w.getSpec().getAutoscaling() != null)
        .filter(w -> pipeline.equals(w.getSpec().getPipeline()) && namespace.equals(w.getMetadata().getNamespace()))
        .sorted(Comparator.comparing(w -> w.getMetadata().getName()))
        .forEach(w -> {
          WorkerAutoscaling autoscaling = w.getSpec().getAutoscaling();
          long threshold = autoscaling.getLagThreshold() != null ? autoscaling.getLagThreshold() : DEFAULT_LAG_THRESHOLD;
          int min = autoscaling.getMinReplicas() != null ? autoscaling.getMinReplicas() : defaults.getMinReplicas();
          int max = autoscaling.getMaxReplicas() != null ? autoscaling.getMaxReplicas() : defaults.getMaxReplicas();
          Map<String, String> labels = Map.of("namespace", namespace, "pipeline", pipeline, "component", w.getMetadata().getName());
          rules.add(recording(LAG_THRESHOLD, threshold, labels));
          if (max > min) {
            rules.add(recording(MAX_REPLICAS, max, labels));
          }
        });
    return rules;
  }

  private static Map<String, Object> recording(String name, long value, Map<String, String> labels) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("record", name);
    rule.put("expr", "vector(" + value + ")");
    rule.put("labels", new java.util.TreeMap<>(labels));
    return rule;
  }

  private static String readTemplate() {
    try (InputStream in = AlertRules.class.getClassLoader().getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE_RESOURCE + " is missing from the operator's classpath:"
            + " the build copies it from dashboards/alerts/ (see operator/pom.xml)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TEMPLATE_RESOURCE, e);
    }
  }
}
