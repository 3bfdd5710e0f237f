package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tributary.api.schema.CrdSchemaRegistry;
import io.tributary.api.schema.CrdSchemaValidator;
import io.tributary.api.schema.ProjectPaths;
import io.tributary.api.schema.SchemaError;
import io.tributary.api.schema.YamlDocuments;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example manifest is accepted by our CRDs and read without loss by the CR classes. */
class ExamplesTest {

  private static final CrdSchemaRegistry OUR_CRDS = CrdSchemaRegistry.load(ProjectPaths.committedCrds());
  private static final Map<String, Class<? extends HasMetadata>> CLASSES = Map.of(
      "Pipeline", Pipeline.class, "Producer", Producer.class, "Worker", Worker.class,
      "EtlSchedule", EtlSchedule.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(ProjectPaths.examples())) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void theFourExamplesExist() throws IOException {
    assertThat(examples().map(p -> p.getFileName().toString()))
        .contains("market-data.yaml", "payments.yaml", "call-stats.yaml", "etl.yaml");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyDocumentIsAcceptedByOurCrds(Path example) {
    List<JsonNode> documents = YamlDocuments.read(example);
    assertThat(documents).isNotEmpty();
    List<SchemaError> errors = OUR_CRDS.validateFile(example);
    assertThat(errors).as(CrdSchemaValidator.format(errors)).isEmpty();
  }

  /**
   * Each Pipeline shows Redis AUTH as a commented {@code passwordSecretRef} (a reference to a missing
   * Secret would keep the example from running where Redis has no password): uncommented, the
   * example is still accepted and the reference read by the CR classes.
   */
  @ParameterizedTest
  @MethodSource("examples")
  void theCommentedRedisPasswordVariantIsValidUncommented(Path example, @org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    String text = Files.readString(example);
    String variant = text.replaceAll("(?m)^(\\s*)# (passwordSecretRef: .*)$", "$1$2");
    assertThat(variant).as("%s shows spec.redis.passwordSecretRef as a comment", example).isNotEqualTo(text);
    Path file = dir.resolve(example.getFileName());
    Files.writeString(file, variant);
    List<SchemaError> errors = OUR_CRDS.validateFile(file);
    assertThat(errors).as(CrdSchemaValidator.format(errors)).isEmpty();
    for (JsonNode document : YamlDocuments.read(file)) {
      if (document.path("kind").asText().equals("Pipeline")) {
        Pipeline pipeline = JSON.treeToValue(document, Pipeline.class);
        assertThat(pipeline.getSpec().getRedis().getPasswordSecretRef().getName()).isEqualTo("redis");
        assertThat(pipeline.getSpec().getRedis().getPasswordSecretRef().getKey()).isEqualTo("redis-password");
      }
    }
  }

  /**
   * The payments Worker shows a replay request as a comment (applied as it is, a request would
   * replay at the first apply): uncommented, it is accepted and read by the CR classes.
   */
  @Test
  void theCommentedReplayRequestIsValidUncommented(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path example = ProjectPaths.examples().resolve("payments.yaml");
    String text = Files.readString(example);
    String variant = text.replaceAll("(?m)^(\\s*)# (replay: .*)$", "$1$2");
    assertThat(variant).as("payments.yaml shows spec.replay as a comment").isNotEqualTo(text);
    Path file = dir.resolve("payments.yaml");
    Files.writeString(file, variant);
    List<SchemaError> errors = OUR_CRDS.validateFile(file);
    assertThat(errors).as(CrdSchemaValidator.format(errors)).isEmpty();
    boolean found = false;
    for (JsonNode document : YamlDocuments.read(file)) {
      if (document.path("kind").asText().equals("Worker") && document.path("spec").has("replay")) {
        Worker worker = JSON.treeToValue(document, Worker.class);
        assertThat(worker.getSpec().getReplay().getId()).isEqualTo("after-fix-2026-12-01");
        assertThat(worker.getSpec().getReplay().getFromTimestamp()).isEqualTo("2026-12-01T00:00:00Z");
        found = true;
      }
    }
    assertThat(found).isTrue();
  }

  /** The ETL example's daily load calls a placeholder URL: shipped suspended, it cannot fail every night. */
  @Test
  void theEtlScheduleWithAPlaceholderUrlIsSuspended() throws Exception {
    for (JsonNode document : YamlDocuments.read(ProjectPaths.examples().resolve("etl.yaml"))) {
      if (document.path("spec").path("extract").has("http")) {
        EtlSchedule schedule = JSON.treeToValue(document, EtlSchedule.class);
        assertThat(schedule.getSpec().getSuspend()).as("%s spec.suspend", schedule.getMetadata().getName()).isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyFieldSurvivesTheJavaClasses(Path example) throws Exception {
    for (JsonNode document : YamlDocuments.read(example)) {
      Class<? extends HasMetadata> type = CLASSES.get(document.path("kind").asText());
      assertThat(type).as("kind of " + document.path("metadata").path("name")).isNotNull();
      JsonNode roundTrip = JSON.valueToTree(JSON.treeToValue(document, type));
      List<String> lost = new ArrayList<>();
      collectMissing(document.path("spec"), roundTrip.path("spec"), "spec", lost);
      assertThat(lost).as("fields of %s/%s the Java classes do not keep", document.path("kind").asText(),
          document.path("metadata").path("name").asText()).isEmpty();
    }
  }

  private static void collectMissing(JsonNode expected, JsonNode actual, String path, List<String> lost) {
    if (expected.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        collectMissing(field.getValue(), actual.path(field.getKey()), path + "." + field.getKey(), lost);
      }
    } else if (expected.isArray()) {
      for (int i = 0; i < expected.size(); i++) {
        collectMissing(expected.get(i), actual.path(i), path + "[" + i + "]", lost);
      }
    } else if (actual.isMissingNode() || !sameScalar(expected, actual)) {
      lost.add(path + " (" + expected + " -> " + actual + ")");
    }
  }

  private static boolean sameScalar(JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return expected.equals(actual);
  }
}
