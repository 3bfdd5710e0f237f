package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.operator.sandbox.node.LocalPod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus configuration the sandbox writes: the same target labels as the PodMonitor in a cluster. */
class PrometheusFilesTest {
  @TempDir
  Path dir;

  @Test
  void aRunningPodIsATargetWithThePodMonitorsLabelsAndAFinishedOneIsNot() throws Exception {
    Map<String, String> labels = Map.of("tributary.io/pipeline", "market-data",
        "app.kubernetes.io/instance", "cache-writer", "app.kubernetes.io/component", "worker",
        "pod-template-hash", "abc");
    LocalPod running = pod("cache-writer-worker-abc-0", "Running", 41001, labels);
    LocalPod finished = pod("rollup-etl-run-1-0", "Succeeded", 41002,
        Map.of("tributary.io/pipeline", "market-data", "app.kubernetes.io/component", "etl"));

    PrometheusFiles.writeTargets(dir, List.of(running, finished));

    JsonNode groups = new ObjectMapper().readTree(dir.resolve("prometheus/targets.json").toFile());
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).path("targets").get(0).asText()).isEqualTo("127.0.0.1:41001");
    assertThat(new ObjectMapper().convertValue(groups.get(0).path("labels"), Map.class)).isEqualTo(Map.of(
        "namespace", "shop", "pod", "cache-writer-worker-abc-0", "pipeline", "market-data",
        "component", "cache-writer", "role", "worker"));
  }

  @Test
  void theTargetsFileIsRewrittenOnlyWhenThePodsChange() throws Exception {
    LocalPod pod = pod("w-0", "Running", 41001, Map.of());
    PrometheusFiles.writeTargets(dir, List.of(pod));
    Path targets = dir.resolve("prometheus/targets.json");
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000L);
    Files.setLastModifiedTime(targets, old);

    PrometheusFiles.writeTargets(dir, List.of(pod)); // every second, the same pods
    assertThat(Files.getLastModifiedTime(targets)).isEqualTo(old);

    PrometheusFiles.writeTargets(dir, List.of(pod, pod("w-1", "Running", 41002, Map.of())));
    assertThat(Files.getLastModifiedTime(targets)).isNotEqualTo(old);
    assertThat(Files.readString(targets)).contains("127.0.0.1:41002");
  }

  @Test
  void theConfigScrapesTheOperatorAndThePodsAndKeepsTheirLabels() throws Exception {
    PrometheusFiles.writeConfig(dir, Optional.of("http://127.0.0.1:40777/metrics"));

    String config = Files.readString(dir.resolve("prometheus/prometheus.yml"));
    assertThat(config)
        .contains("job_name: tributary-operator")
        .contains("targets: [\"127.0.0.1:40777\"]")
        .contains("job_name: tributary-pods")
        .contains("files: [\"targets.json\"]");
    assertThat(config.lines().filter(l -> l.trim().startsWith("honor_labels: true"))).hasSize(2);
  }

  private static LocalPod pod(String name, String phase, int port, Map<String, String> labels) {
    return new LocalPod("shop", name, "Deployment", "x", phase, true, 0, OptionalLong.empty(), port,
        Optional.empty(), Path.of("x.log"), labels);
  }
}
