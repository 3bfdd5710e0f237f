package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.operator.sandbox.node.LocalPod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code endpoints.json}: what the sandbox started, for scripts and tests.
 *
 * <pre>{@code
 * {"kubernetesApi": "http://127.0.0.1:40001", "kafkaBootstrapServers": "127.0.0.1:40123",
 *  "redisUrl": "redis://127.0.0.1:40555/0", "operatorMetricsUrl": "http://127.0.0.1:40777/metrics",
 *  "pods": [{"namespace": "default", "name": "cache-writer-...-0", "owner": "Deployment/cache-writer",
 *            "ready": true, "metricsUrl": "http://127.0.0.1:41234/metrics",
 *            "httpUrl": "http://127.0.0.1:41235", "logFile": "/.../target/sandbox/pods/....log"}]}
 * }</pre>
 */
final class EndpointsFile {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EndpointsFile() {}

  static void write(Path file, String apiUrl, String kafka, String redis, String operatorMetricsUrl, List<LocalPod> pods) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("kubernetesApi", apiUrl);
    document.put("kafkaBootstrapServers", kafka);
    document.put("redisUrl", redis);
    if (operatorMetricsUrl != null) {
      document.put("operatorMetricsUrl", operatorMetricsUrl);
    }
    document.put("pods", pods.stream().map(EndpointsFile::pod).toList());
    try {
      SandboxFiles.replaceIfChanged(file, JSON.writeValueAsString(document));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Map<String, Object> pod(LocalPod pod) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("namespace", pod.namespace());
    entry.put("name", pod.name());
    entry.put("owner", pod.ownerKind() + "/" + pod.ownerName());
    entry.put("phase", pod.phase());
    entry.put("ready", pod.ready());
    entry.put("metricsUrl", pod.metricsUrl());
    entry.put("labels", new java.util.TreeMap<>(pod.labels()));
    pod.httpPort().ifPresent(port -> entry.put("httpUrl", "http://127.0.0.1:" + port));
    entry.put("logFile", pod.logFile().toString());
    return entry;
  }
}
