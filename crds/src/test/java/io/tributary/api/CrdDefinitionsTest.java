package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer.MergePatchCustomizer;
import io.tributary.api.schema.ProjectPaths;
import io.tributary.api.schema.YamlDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code kubectl get}, {@code kubectl get tributary}, {@code kubectl explain} and {@code kubectl scale}
 * rely on.
 */
class CrdDefinitionsTest {

  private static final String READY_PATH = ".status.conditions[?(@.type==\"Ready\")].status";

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("pipelines", "Pipeline", "tpl", List.of("Ready", "Topics", "Workers", "Lag", "Age")),
        Arguments.of("producers", "Producer", "tprod", List.of("Ready", "Topic", "Replicas", "Age")),
        Arguments.of("workers", "Worker", "twk", List.of("Ready", "Replicas", "Desired", "Lag", "Age")),
        Arguments.of("etlschedules", "EtlSchedule", "tetl", List.of("Ready", "Schedule", "Last Run", "Result", "Next Run", "Age")));
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
    assertThat(defaultColumns).as("what kubectl get shows, left to right").containsExactlyElementsOf(columns);
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

  /**
   * The generator sorts the columns by JSONPath (AGE first, READY in the middle); the build puts them back in
   * the order of the {@code @AdditionalPrinterColumn} annotations on the class (see {@code PrinterColumnOrder}).
   */
  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void printerColumnsAreInTheOrderTheClassDeclaresThemReadyFirstAgeLast(String plural, String kind,
                                                                         String shortName, List<String> columns) {
    List<String> committed = new ArrayList<>();
    for (JsonNode column : crd(plural).path("spec").path("versions").get(0).path("additionalPrinterColumns")) {
      committed.add(column.path("name").asText() + " " + column.path("jsonPath").asText());
    }
    List<String> declared = Arrays.stream(crClass(kind).getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(column -> column.name() + " " + column.jsonPath())
        .toList();
    assertThat(declared).hasSizeGreaterThan(2);
    assertThat(committed).containsExactlyElementsOf(declared);
    assertThat(committed.get(0)).isEqualTo("Ready " + READY_PATH);
    assertThat(committed.get(committed.size() - 1)).isEqualTo("Age .metadata.creationTimestamp");
  }

  /** {@code kubectl explain <kind>} prints the top-level description of the schema as DESCRIPTION. */
  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void kindHasADescriptionForKubectlExplain(String plural, String kind, String shortName, List<String> columns)
      throws Exception {
    JsonNode schema = crd(plural).path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
    String description = schema.path("description").asText("");
    assertThat(description).as("openAPIV3Schema.description").isNotBlank()
        .hasSizeGreaterThan(150)
        .doesNotContain("\n")
        .contains(kind)
        .contains("The operator")
        .isNotEqualTo(schema.path("properties").path("spec").path("description").asText());
    assertThat(description.strip()).isEqualTo(description).endsWith(".");

    // one source: the @SchemaCustomizer merge patch on the CR class
    SchemaCustomizer customizer = crClass(kind).getAnnotation(SchemaCustomizer.class);
    assertThat(customizer).as("@SchemaCustomizer on " + kind).isNotNull();
    assertThat(customizer.value()).isEqualTo(MergePatchCustomizer.class);
    assertThat(new ObjectMapper().readTree(customizer.input()).path("description").asText()).isEqualTo(description);
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

  private static Class<?> crClass(String kind) {
    try {
      return Class.forName("io.tributary.api.v1alpha1." + kind);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no CR class for kind " + kind, e);
    }
  }

  private static void collectUndescribed(JsonNode schema, String path, List<String> undescribed) {
    JsonNode properties = schema.path("properties");
    properties.fieldNames().forEachRemaining(name -> {
      JsonNode property = properties.get(name);
      // fabric8's Kubernetes model types (resources, tolerations) carry no descriptions
      if (path.contains(".template.") || path.endsWith(".template") || path.contains(".runtime.resources")
          || path.contains("imagePullSecrets") || path.matches(".*\\.networkPolicy\\.\\w+From\\[\\]\\.\\w+Selector.*")) {
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
