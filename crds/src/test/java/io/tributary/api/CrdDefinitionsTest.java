package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.schema.ProjectPaths;
import io.tributary.api.schema.YamlDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@code kubectl get}, {@code kubectl get tributary} and {@code kubectl scale} rely on. */
class CrdDefinitionsTest {

  private static final String READY_PATH = ".status.conditions[?(@.type==\"Ready\")].status";

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("pipelines", "Pipeline", "tpl", List.of("Ready", "Topics", "Workers", "Lag", "Age")),
        Arguments.of("producers", "Producer", "tprod", List.of("Ready", "Replicas", "Topic", "Age")),
        Arguments.of("workers", "Worker", "twk", List.of("Ready", "Replicas", "Desired", "Lag", "Age")),
        Arguments.of("etlschedules", "EtlSchedule", "tetl", List.of("Ready", "Schedule", "Last Run", "Result", "Age")));
  }

  private static JsonNode crd(String plural) {
    Path file = ProjectPaths.committedCrds().resolve(plural + ".tributary.io-v1.yml");
    return YamlDocuments.read(file).get(0);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void namesCategoryAndScope(String plural, String kind, String shortName, List<String> columns) {
    JsonNode spec = crd(plural).path("spec");
    assertThat(crd(plural).path("metadata").path("name").asText()).isEqualTo(plural + ".tributary.io");
    assertThat(spec.path("group").asText()).isEqualTo("tributary.io");
    assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
    assertThat(spec.path("names").path("kind").asText()).isEqualTo(kind);
    assertThat(texts(spec.path("names").path("shortNames"))).containsExactly(shortName);
    assertThat(texts(spec.path("names").path("categories"))).containsExactly("tributary");
    assertThat(spec.path("versions")).hasSize(1);
    JsonNode version = spec.path("versions").get(0);
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.path("served").asBoolean()).isTrue();
    assertThat(version.path("storage").asBoolean()).isTrue();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void printerColumnsShowReadinessAgeAndTheKeyNumbers(String plural, String kind, String shortName,
                                                        List<String> columns) {
    JsonNode printerColumns = crd(plural).path("spec").path("versions").get(0).path("additionalPrinterColumns");
    List<String> defaultColumns = new ArrayList<>();
    for (JsonNode column : printerColumns) {
      if (column.path("priority").asInt(0) == 0) {
        defaultColumns.add(column.path("name").asText());
      }
      assertThat(column.path("jsonPath").asText()).as("Kubernetes requires simple JSON paths").startsWith(".");
      assertThat(column.path("description").asText()).isNotBlank();
    }
    assertThat(defaultColumns).containsExactlyInAnyOrderElementsOf(columns);
    assertThat(printerColumns).anySatisfy(column -> {
      assertThat(column.path("name").asText()).isEqualTo("Ready");
      assertThat(column.path("jsonPath").asText()).isEqualTo(READY_PATH);
    });
    assertThat(printerColumns).anySatisfy(column -> {
      assertThat(column.path("name").asText()).isEqualTo("Age");
      assertThat(column.path("jsonPath").asText()).isEqualTo(".metadata.creationTimestamp");
      assertThat(column.path("type").asText()).isEqualTo("date");
    });
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void statusSubresourceAndConditions(String plural, String kind, String shortName, List<String> columns) {
    JsonNode version = crd(plural).path("spec").path("versions").get(0);
    assertThat(version.path("subresources").has("status")).isTrue();
    JsonNode status = version.path("schema").path("openAPIV3Schema").path("properties").path("status");
    assertThat(status.path("properties").has("observedGeneration")).isTrue();
    assertThat(texts(status.path("properties").path("conditions").path("items").path("properties").fieldNames()))
        .contains("type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void everySpecFieldIsDescribedForKubectlExplain(String plural, String kind, String shortName,
                                                   List<String> columns) {
    JsonNode spec = crd(plural).path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema")
        .path("properties").path("spec");
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(spec, "spec", undescribed);
    assertThat(undescribed).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void workerHasTheScaleSubresource() {
    JsonNode scale = crd("workers").path("spec").path("versions").get(0).path("subresources").path("scale");
    assertThat(scale.path("specReplicasPath").asText()).isEqualTo(".spec.replicas");
    assertThat(scale.path("statusReplicasPath").asText()).isEqualTo(".status.replicas");
    assertThat(scale.path("labelSelectorPath").asText()).isEqualTo(".status.selector");
  }

  @org.junit.jupiter.api.Test
  void workerAutoscalingDefaultsAreInTheSchema() {
    JsonNode autoscaling = crd("workers").path("spec").path("versions").get(0).path("schema")
        .path("openAPIV3Schema").path("properties").path("spec").path("properties").path("autoscaling")
        .path("properties");
    assertThat(autoscaling.path("engine").path("default").asText()).isEqualTo("builtin");
    assertThat(autoscaling.path("minReplicas").path("default").asInt()).isEqualTo(1);
    assertThat(autoscaling.path("minReplicas").path("minimum").asInt()).isZero();
    assertThat(autoscaling.path("maxReplicas").path("default").asInt()).isEqualTo(10);
    assertThat(autoscaling.path("lagThreshold").path("default").asInt()).isEqualTo(1000);
    assertThat(autoscaling.path("activationLag").path("default").asInt()).isZero();
    assertThat(autoscaling.path("catchUpSeconds").path("default").asInt()).isEqualTo(60);
    assertThat(autoscaling.path("targetUtilization").path("default").asDouble()).isEqualTo(0.8);
    assertThat(autoscaling.path("scaleDownStabilizationSeconds").path("default").asInt()).isEqualTo(300);
    assertThat(autoscaling.path("cooldownSeconds").path("default").asInt()).isEqualTo(300);
    assertThat(autoscaling.path("pollIntervalSeconds").path("default").asInt()).isEqualTo(10);
    assertThat(autoscaling.path("allowIdleConsumers").path("default").asBoolean()).isFalse();
    assertThat(autoscaling.path("offsetResetPolicy").path("default").asText()).isEqualTo("earliest");
  }

  private static void collectUndescribed(JsonNode schema, String path, List<String> undescribed) {
    JsonNode properties = schema.path("properties");
    properties.fieldNames().forEachRemaining(name -> {
      JsonNode property = properties.get(name);
      // fabric8's Kubernetes model types (resources, tolerations) carry no descriptions
      if (path.contains(".template.") || path.endsWith(".template") || path.contains(".runtime.resources")
          || path.contains("imagePullSecrets")) {
        return;
      }
      if (property.path("description").asText("").isBlank()) {
        undescribed.add(path + "." + name);
      }
      collectUndescribed(property, path + "." + name, undescribed);
      collectUndescribed(property.path("items"), path + "." + name + "[]", undescribed);
    });
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static List<String> texts(java.util.Iterator<String> names) {
    List<String> values = new ArrayList<>();
    names.forEachRemaining(values::add);
    return values;
  }
}
