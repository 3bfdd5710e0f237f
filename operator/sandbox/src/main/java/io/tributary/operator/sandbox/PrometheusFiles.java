package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.operator.model.Labels;
import io.tributary.operator.sandbox.node.LocalPod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Prometheus configuration for the sandbox, in {@code <output>/prometheus/}: run
 * {@code prometheus --config.file=target/sandbox/prometheus/prometheus.yml} and the dashboards and
 * alert rules ({@link PrometheusRuleFiles}) work on the sandbox as in a cluster.
 *
 * <p>{@code prometheus.yml} scrapes the operator and, through file-based service discovery,
 * {@code targets.json}: every running pod with the target labels the Pipeline's PodMonitor gives
 * it in a cluster ({@code namespace}, {@code pod}, {@code pipeline}, {@code component},
 * {@code role}). Finished pods are left out, as the Prometheus Operator drops pods in phase
 * Succeeded or Failed. Both jobs honour the scraped labels, as the PodMonitor and the operator's
 * ServiceMonitor do.
 */
final class PrometheusFiles {
  static final String DIRECTORY = "prometheus";
  static final String CONFIG = "prometheus.yml";
  static final String TARGETS = "targets.json";
  /** Short, so that a run of a few seconds (an ETL Job) is seen; the sandbox is small. */
  static final String SCRAPE_INTERVAL = "2s";
  private static final Set<String> FINISHED = Set.of("Succeeded", "Failed");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PrometheusFiles() {}

  /** Writes {@code prometheus.yml} (once, at start: the operator's address does not change). */
  static void writeConfig(Path outputDir, Optional<String> operatorMetricsUrl) {
    StringBuilder yaml = new StringBuilder()
        .append("# Prometheus for the Tributary sandbox (written by the sandbox at start):\n")
        .append("#   prometheus --config.file=").append(outputDir.resolve(DIRECTORY).resolve(CONFIG)).append('\n')
        .append("# The pods come from ").append(TARGETS).append(", rewritten as they come and go. The alert rules\n")
        .append("# come from ").append(PrometheusRuleFiles.DIRECTORY).append("/, a file per PrometheusRule the operator wrote:\n")
        .append("# Prometheus reads them at start and on reload (kill -HUP, or POST /-/reload with --web.enable-lifecycle).\n")
        .append("global:\n")
        .append("  scrape_interval: ").append(SCRAPE_INTERVAL).append('\n')
        .append("  evaluation_interval: ").append(SCRAPE_INTERVAL).append('\n')
        .append("rule_files: [\"").append(PrometheusRuleFiles.DIRECTORY).append("/*.yaml\"]\n")
        .append("scrape_configs:\n");
    operatorMetricsUrl.ifPresent(url -> {
      URI uri = URI.create(url);
      yaml.append("  - job_name: tributary-operator\n")
          .append("    honor_labels: true   # the operator's series carry the namespace of their resource\n")
          .append("    metrics_path: ").append(uri.getPath()).append('\n')
          .append("    static_configs:\n")
          .append("      - targets: [\"").append(uri.getHost()).append(':').append(uri.getPort()).append("\"]\n");
    });
    yaml.append("  - job_name: tributary-pods\n")
        .append("    honor_labels: true   # keep the runtime's pipeline/component/role labels\n")
        .append("    file_sd_configs:\n")
        .append("      - files: [\"").append(TARGETS).append("\"]\n")
        .append("        refresh_interval: 5s\n");
    SandboxFiles.replaceIfChanged(outputDir.resolve(DIRECTORY).resolve(CONFIG), yaml.toString());
  }

  /** Rewrites {@code targets.json} with the pods that run now. */
  static void writeTargets(Path outputDir, List<LocalPod> pods) {
    List<Map<String, Object>> groups = pods.stream()
        .filter(pod -> !FINISHED.contains(pod.phase()))
        .map(PrometheusFiles::targetGroup)
        .toList();
    try {
      SandboxFiles.replaceIfChanged(outputDir.resolve(DIRECTORY).resolve(TARGETS), JSON.writeValueAsString(groups));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One file_sd target group: the pod's metrics address and its PodMonitor target labels. */
  static Map<String, Object> targetGroup(LocalPod pod) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("namespace", pod.namespace());
    labels.put("pod", pod.name());
    putIfPresent(labels, "pipeline", pod.labels().get(Labels.PIPELINE));
    putIfPresent(labels, "component", pod.labels().get(Labels.INSTANCE));
    putIfPresent(labels, "role", pod.labels().get(Labels.COMPONENT));
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("targets", List.of("127.0.0.1:" + pod.metricsPort()));
    group.put("labels", labels);
    return group;
  }

  private static void putIfPresent(Map<String, String> labels, String name, String value) {
    if (value != null && !value.isBlank()) {
      labels.put(name, value);
    }
  }
}
