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

  /** Renders with any further options of {@link TemplateCommand}. */
  static RenderedChart render(UnaryOperator<TemplateCommand> options) {
    String text = options.apply(new Helm(Repository.chart()).template().withName(RELEASE).withNamespace(NAMESPACE)).call();
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
