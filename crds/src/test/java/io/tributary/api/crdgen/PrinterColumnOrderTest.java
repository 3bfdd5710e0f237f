package io.tributary.api.crdgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tributary.api.schema.ProjectPaths;
import io.tributary.api.v1alpha1.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrinterColumnOrderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Worker's columns as the generator emits them: sorted by JSONPath. */
  private static ArrayNode generatorOrder() throws IOException {
    return (ArrayNode) JSON.readTree("""
        [{"name": "Age", "jsonPath": ".metadata.creationTimestamp"},
         {"name": "Pipeline", "jsonPath": ".spec.pipeline"},
         {"name": "Ready", "jsonPath": ".status.conditions[?(@.type==\\"Ready\\")].status"},
         {"name": "Desired", "jsonPath": ".status.desiredReplicas"},
         {"name": "Lag", "jsonPath": ".status.lag"},
         {"name": "Last Scale", "jsonPath": ".status.lastScaleReason"},
         {"name": "Replicas", "jsonPath": ".status.readyReplicas"}]""");
  }

  @Test
  void putsTheColumnsInDeclarationOrder() throws IOException {
    List<String> names = new ArrayList<>();
    PrinterColumnOrder.inDeclarationOrder(Worker.class, generatorOrder())
        .forEach(column -> names.add(column.path("name").asText()));
    assertThat(names).containsExactly("Ready", "Pipeline", "Replicas", "Desired", "Lag", "Last Scale", "Age");
  }

  @Test
  void aColumnTheClassDoesNotDeclareFailsTheBuild() throws IOException {
    ArrayNode columns = generatorOrder();
    columns.addObject().put("name", "Topic").put("jsonPath", ".spec.source.topic");
    assertThatThrownBy(() -> PrinterColumnOrder.inDeclarationOrder(Worker.class, columns))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Topic (.spec.source.topic)");

    ArrayNode fewer = generatorOrder();
    fewer.remove(0);
    assertThatThrownBy(() -> PrinterColumnOrder.inDeclarationOrder(Worker.class, fewer))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Age (.metadata.creationTimestamp)");
  }

  /** Rewriting keeps the generator's YAML style byte for byte: on a file in order it changes nothing. */
  @ParameterizedTest
  @ValueSource(strings = {"pipelines", "producers", "workers", "etlschedules"})
  void changesNothingElse(String plural) throws IOException {
    String committed = Files.readString(ProjectPaths.committedCrds().resolve(plural + ".tributary.io-v1.yml"));
    assertThat(PrinterColumnOrder.reorder(committed)).isEqualTo(committed);
  }

  @Test
  void reordersAWholeFile() throws IOException {
    String committed = Files.readString(ProjectPaths.committedCrds().resolve("workers.tributary.io-v1.yml"));
    JsonNode crd = new KubernetesSerialization().unmarshal(committed, JsonNode.class);
    ArrayNode columns = (ArrayNode) crd.path("spec").path("versions").get(0).path("additionalPrinterColumns");
    List<JsonNode> reversed = new ArrayList<>();
    columns.forEach(c -> reversed.add(0, c));
    columns.removeAll();
    columns.addAll(reversed);
    String shuffled = committed.substring(0, committed.indexOf('\n') + 1)
        + new KubernetesSerialization().asYaml(crd).substring(4);
    assertThat(shuffled).isNotEqualTo(committed);
    assertThat(PrinterColumnOrder.reorder(shuffled)).isEqualTo(committed);
  }
}
