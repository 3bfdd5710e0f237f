package io.tributary.operator.sandbox.node;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of one pod the {@link LocalNode} runs.
 *
 * @param ownerKind {@code Deployment} or {@code Job}
 * @param pid the current process id, empty while the container is not running
 * @param metricsPort the local port of the pod's metrics/health server ({@code TRIBUTARY_METRICS_PORT})
 * @param httpPort the local port of the container port named {@code http}, if it declares one
 * @param labels the Pod's labels (the template's labels plus {@code pod-template-hash} or {@code job-name})
 */
public record LocalPod(String namespace, String name, String ownerKind, String ownerName, String phase,
    boolean ready, int restartCount, OptionalLong pid, int metricsPort, Optional<Integer> httpPort, Path logFile,
    java.util.Map<String, String> labels) {

  /** {@code http://127.0.0.1:<metrics port>/metrics}. */
  public String metricsUrl() {
    return "http://127.0.0.1:" + metricsPort + "/metrics";
  }

  static LocalPod of(PodProcess pod) {
    var id = pod.id();
    OptionalLong pid = pod.process().filter(Process::isAlive).map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
    var labels = pod.pod().getMetadata().getLabels() == null ? java.util.Map.<String, String>of()
        : java.util.Map.copyOf(pod.pod().getMetadata().getLabels());
    return new LocalPod(id.namespace(), id.name(), id.ownerKind(), id.ownerName(),
        PodStatusFactory.statusOf(pod).getPhase(), pod.isReady(), pod.restartCount(), pid, pod.metricsPort(),
        pod.httpPort(), pod.logFile(), labels);
  }
}
