package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The columns kubectl shows for our kinds in the sandbox: those the CRDs declare, evaluated as the API server does. */
class ServerSideTableTest {
  private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void aWorkerListBecomesATableWithTheCrdsColumnsInOrder() throws Exception {
    JsonNode list = JSON.readTree("""
        {"kind": "WorkerList", "metadata": {"resourceVersion": "42"}, "items": [
          {"metadata": {"name": "cache-writer", "namespace": "default", "creationTimestamp": "2026-11-22T09:55:00Z"},
           "spec": {"pipeline": "market-data"},
           "status": {"readyReplicas": 6, "desiredReplicas": 6, "lag": 34101, "lastScaleReason": "lag 139283 > 1 replica",
                      "conditions": [{"type": "KedaScaledObject", "status": "False"}, {"type": "Ready", "status": "True"}]}}]}
        """);

    JsonNode table = ServerSideTable.of(list, version("workers"), NOW);

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    List<String> columns = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asText()));
    assertThat(columns).containsExactly("Name", "Ready", "Pipeline", "Replicas", "Desired", "Lag", "Last Scale", "Age");
    assertThat(table.at("/rows/0/cells").toString())
        .isEqualTo("[\"cache-writer\",\"True\",\"market-data\",6,6,34101,\"lag 139283 > 1 replica\",\"5m\"]");
    assertThat(table.at("/rows/0/object/metadata/namespace").asText()).isEqualTo("default");
  }

  @Test
  void missingValuesAreEmptyAndArraysPrintCommaSeparated() throws Exception {
    JsonNode pipeline = JSON.readTree("""
        {"metadata": {"name": "payments", "creationTimestamp": "2026-11-20T07:00:00Z"},
         "spec": {"topics": [{"name": "payments"}, {"name": "payments.dlq"}]}}
        """);

    JsonNode table = ServerSideTable.of(pipeline, version("pipelines"), NOW);

    assertThat(table.at("/rows/0/cells").toString()).isEqualTo("[\"payments\",null,\"payments,payments.dlq\",null,null,null,\"2d3h\"]");
  }

  @Test
  void podsShowReadinessPhaseAndRestarts() throws Exception {
    JsonNode pods = JSON.readTree("""
        {"items": [{"metadata": {"name": "w-0", "creationTimestamp": "2026-11-22T09:59:00Z"},
                    "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
                               "containerStatuses": [{"restartCount": 2}]}}]}
        """);

    JsonNode table = ServerSideTable.of(pods, BuiltInColumns.of("v1", "pods").orElseThrow(), NOW);

    assertThat(table.at("/rows/0/cells").toString()).isEqualTo("[\"w-0\",\"True\",\"Running\",2,\"60s\"]");
    assertThat(BuiltInColumns.of("v1", "secrets")).isEmpty();
  }

  @Test
  void agesReadLikeKubectls() {
    assertThat(ServerSideTable.age("2026-11-22T09:59:18Z", NOW)).isEqualTo("42s");
    assertThat(ServerSideTable.age("2026-11-22T09:54:50Z", NOW)).isEqualTo("5m10s");
    assertThat(ServerSideTable.age("2026-11-22T08:30:00Z", NOW)).isEqualTo("90m");
    assertThat(ServerSideTable.age("2026-11-22T05:56:00Z", NOW)).isEqualTo("4h4m");
    assertThat(ServerSideTable.age("2026-11-22T10:00:01Z", NOW)).isEqualTo("0s");
  }

  @Test
  void discoveryListsOurKindsWithShortNamesCategoriesAndSubresources() throws Exception {
    ApiDiscovery discovery = new ApiDiscovery(List.of(crd("workers")));

    JsonNode groups = JSON.readTree(discovery.answer("/apis").orElseThrow());
    assertThat(groups.path("groups").toString()).contains("\"name\":\"tributary.io\"").contains("\"name\":\"apps\"");
    JsonNode resources = JSON.readTree(discovery.answer("/apis/tributary.io/v1alpha1").orElseThrow()).path("resources");
    assertThat(resources.toString())
        .contains("{\"name\":\"workers\",\"singularName\":\"worker\",\"namespaced\":true,\"kind\":\"Worker\"")
        .contains("\"shortNames\":[\"twk\"]").contains("\"categories\":[\"tributary\"]")
        .contains("\"name\":\"workers/status\"").contains("\"name\":\"workers/scale\"");
    assertThat(JSON.readTree(discovery.answer("/api/v1").orElseThrow()).path("resources").toString()).contains("\"name\":\"pods\"");
    assertThat(discovery.answer("/apis/tributary.io/v1alpha1/namespaces/default/workers")).isEmpty();
    assertThat(discovery.answer("/apis/unknown.io/v1")).isEmpty();
    // only these paths make the dispatcher read the CRDs
    assertThat(ApiDiscovery.isDiscoveryPath("/apis/tributary.io/v1alpha1")).isTrue();
    assertThat(ApiDiscovery.isDiscoveryPath("/api/v1")).isTrue();
    assertThat(ApiDiscovery.isDiscoveryPath("/api/v1/namespaces/default/pods")).isFalse();
    assertThat(ApiDiscovery.isDiscoveryPath("/apis/tributary.io/v1alpha1/workers")).isFalse();
  }

  private static JsonNode crd(String plural) throws Exception {
    Path file = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(file.resolve("crds"))) {
      file = file.getParent();
    }
    return JSON.valueToTree(YAML.readTree(file.resolve("crds").resolve(plural + ".tributary.io-v1.yml").toFile()));
  }

  private static JsonNode version(String plural) throws Exception {
    return crd(plural).at("/spec/versions/0");
  }
}
