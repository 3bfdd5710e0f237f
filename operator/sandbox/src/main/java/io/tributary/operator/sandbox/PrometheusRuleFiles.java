package io.tributary.operator.sandbox;

import io.tributary.operator.reconciler.UpstreamResources;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.model.UpstreamKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Prometheus Operator's part for alert rules, in the sandbox: every {@code PrometheusRule} the
 * operator writes becomes {@code <output>/prometheus/rules/<namespace>-<name>.yaml} (its
 * {@code spec.groups}), which the sandbox's {@code prometheus.yml} loads; a deleted one's file goes.
 * Prometheus reads rule files at start and on reload ({@code SIGHUP}, or
 * {@code POST /-/reload} with {@code --web.enable-lifecycle}).
 */
final class PrometheusRuleFiles {
  static final String DIRECTORY = "rules";
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private final KubernetesClient client;
  private final Path directory;

  /** @param prometheusDirectory the folder of {@code prometheus.yml} */
  PrometheusRuleFiles(KubernetesClient client, Path prometheusDirectory) {
    this.client = client;
    this.directory = prometheusDirectory.resolve(DIRECTORY);
  }

  /** Writes a file per PrometheusRule whose content changed and removes the files of deleted ones. */
  void sync() {
    List<GenericKubernetesResource> rules = client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.PROMETHEUS_RULE))
        .inAnyNamespace().list().getItems();
    Set<String> wanted = new HashSet<>();
    try {
      Files.createDirectories(directory);
      for (GenericKubernetesResource rule : rules) {
        String file = rule.getMetadata().getNamespace() + "-" + rule.getMetadata().getName() + ".yaml";
        wanted.add(file);
        Object spec = rule.getAdditionalProperties().get("spec");
        Object groups = spec instanceof Map<?, ?> m ? m.get("groups") : null;
        String content = "# PrometheusRule " + rule.getMetadata().getNamespace() + "/" + rule.getMetadata().getName()
            + " (written by the sandbox)\n" + YAML.writeValueAsString(Map.of("groups", groups == null ? List.of() : groups));
        SandboxFiles.replaceIfChanged(directory.resolve(file), content);
      }
      try (Stream<Path> files = Files.list(directory)) {
        for (Path stale : files.filter(f -> f.toString().endsWith(".yaml"))
            .filter(f -> !wanted.contains(f.getFileName().toString())).toList()) {
          Files.deleteIfExists(stale);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rule files in " + directory, e);
    }
  }
}
