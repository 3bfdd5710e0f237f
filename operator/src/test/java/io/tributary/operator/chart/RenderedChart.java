package io.tributary.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The chart rendered by real Helm ({@code helm template}), parsed into one JSON tree per
 * Kubernetes object.
 */
final class RenderedChart {
  static final String RELEASE = "tributary";
  static final String NAMESPACE = "tributary-system";
  /**
   * The Kubernetes version {@code helm template} renders for (its {@code --kube-version}): that of
   * the real control plane the ITs run ({@code .ci/kube}). The Helm inside helm-java would otherwise
   * assume v1.20, which the chart's {@code kubeVersion} refuses.
   */
  static final String KUBE_VERSION = "1.37.2";
  private static final ObjectMapper YAML = new YAMLMapper();

  private final String text;
  private final List<JsonNode> objects;

  private RenderedChart(String text, List<JsonNode> objects) {
    this.text = text;
    this.objects = objects;
  }

  /** {@code helm template tributary helm/tributary --namespace tributary-system} with the default values (CRDs included). */
  static RenderedChart withDefaults() {
    return render(c -> c);
  }

  /** The chart rendered with a values file. */
  static RenderedChart withValues(Path valuesFile) {
    return render(c -> c.withValuesFile(valuesFile));
  }

  /** The chart rendered with values written as YAML text into a temporary file. */
  static RenderedChart withValues(String valuesYaml) {
    try {
      Path file = Files.createTempFile("tributary-values-", ".yaml");
      try {
        Files.writeString(file, valuesYaml);
        return withValues(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The annotation key Helm's hook annotations carry in {@link #withHooks}: the Helm inside
   * helm-java leaves hooks out of {@code helm template}, so they are rendered as plain objects.
   */
  static final String HOOK_ANNOTATION = "rendered.helm.sh/hook";

  /**
   * The chart rendered with its hooks (the {@code helm test} Pod) among the objects: a copy of the
   * chart whose {@code helm.sh/hook*} annotations are renamed {@value #HOOK_ANNOTATION}*.
   */
  static RenderedChart withHooks(String valuesYaml) {
    try {
      Path copy = Files.createTempDirectory("tributary-chart-");
      try (var files = Files.walk(Repository.chart())) {
        for (Path file : files.toList()) {
          Path target = copy.resolve(Repository.chart().relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else if (file.toString().endsWith(".yaml") && file.startsWith(Repository.chart().resolve("templates"))) {
            Files.writeString(target, Files.readString(file).replace("helm.sh/hook", HOOK_ANNOTATION));
          } else {
            Files.copy(file, target);
          }
        }
      }
      Path values = Files.createTempFile("tributary-values-", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        String text = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
            .withValuesFile(values).call();
        return new RenderedChart(text, parse(text));
      } finally {
        Files.deleteIfExists(values);
        try (var files = Files.walk(copy)) {
          for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code helm install --dry-run=client}: the release's NOTES.txt as Helm prints it after an install. */
  static String notes(String valuesYaml) {
    try {
      Path values = Files.createTempFile("tributary-values-", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        String output = new Helm(Repository.chart()).install().withName(RELEASE).withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION).withValuesFile(values).dryRun()
            .withDryRunOption(com.marcnuri.helm.DryRun.CLIENT).clientOnly().call().getOutput();
        int at = output.indexOf("NOTES:");
        if (at < 0) {
          throw new AssertionError("helm install --dry-run printed no NOTES: " + output);
        }
        return output.substring(at + "NOTES:".length());
      } finally {
        Files.deleteIfExists(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renders with any further options of {@link TemplateCommand}. */
  static RenderedChart render(UnaryOperator<TemplateCommand> options) {
    String text = options.apply(new Helm(Repository.chart()).template().withName(RELEASE).withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION)).call();
    return new RenderedChart(text, parse(text));
  }

  static List<JsonNode> parse(String multiDocumentYaml) {
    List<JsonNode> objects = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(multiDocumentYaml)) {
      var documents = YAML.readValues(parser, JsonNode.class);
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isMissingNode() && document.size() > 0) {
          objects.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("helm template rendered YAML that does not parse", e);
    }
    return objects;
  }

  /** What {@code helm template} printed (helm-java leaves the CRDs out, like {@code helm template} without {@code --include-crds}). */
  String text() {
    return text;
  }

  /**
   * What {@code helm template --include-crds} prints: each file of the chart's {@code crds/}
   * folder in file-name order, as Helm prints them, then the templates.
   */
  String textWithCrds() {
    StringBuilder out = new StringBuilder();
    try (var files = Files.list(Repository.chart().resolve("crds"))) {
      for (Path crd : files.sorted().toList()) {
        out.append("---\n# Source: tributary/crds/").append(crd.getFileName()).append('\n')
            .append(Files.readString(crd)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append(text).toString();
  }

  List<JsonNode> objects() {
    return objects;
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
  }

  JsonNode get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered; rendered: " + names()));
  }

  /** kind/name of every rendered object, for failure messages. */
  List<String> names() {
    return objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList();
  }

  JsonNode deployment() {
    return get("Deployment", "tributary-operator");
  }

  JsonNode operatorContainer() {
    return deployment().at("/spec/template/spec/containers/0");
  }

  /** The operator container's environment as name -> value (valueFrom entries as their JSON). */
  Map<String, String> operatorEnv() {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (JsonNode e : operatorContainer().path("env")) {
      env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : e.path("valueFrom").toString());
    }
    return env;
  }
}
