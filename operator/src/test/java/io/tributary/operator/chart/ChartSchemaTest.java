package io.tributary.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** values.schema.json refuses bad values before anything is rendered, naming the field. */
class ChartSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a typo in a key                       | watchNamespace: [team-a]                                      | watchNamespace
      replicas as a word                    | replicaCount: two                                             | replicaCount
      an unknown pull policy                | image: {repository: x, pullPolicy: Sometimes}                 | pullPolicy
      a namespace that is no DNS label      | watchNamespaces: [Team_A]                                     | watchNamespaces
      a port out of range                   | metrics: {port: 70000, service: {type: ClusterIP}, serviceMonitor: {enabled: false}} | port
      a root container                      | podSecurityContext: {runAsNonRoot: false, seccompProfile: {type: RuntimeDefault}} | runAsNonRoot
      privilege escalation                  | securityContext: {allowPrivilegeEscalation: true, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}} | allowPrivilegeEscalation
      capabilities kept                     | securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [NET_RAW]}} | drop
      a ServiceMonitor switch as text       | metrics: {port: 8080, service: {type: ClusterIP}, serviceMonitor: {enabled: "yes"}} | enabled
      two replicas without leader election  | '{replicaCount: 2, leaderElection: {enabled: false}}'          | enabled
      an unknown log level                  | logLevel: LOUD                                                | logLevel
      a digest that is no sha256            | 'image: {repository: x, pullPolicy: Always, digest: "latest"}' | digest
      a budget of no pods                   | 'podDisruptionBudget: {enabled: true, maxUnavailable: 0}'     | maxUnavailable
      an unknown anti-affinity preset       | podAntiAffinity: sometimes                                    | podAntiAffinity
      a secret namespace that is no label   | 'rbac: {create: true, aggregateToDefaultRoles: true, secretNamespaces: [Team_A]}' | secretNamespaces
      a spread constraint without a key     | 'topologySpreadConstraints: [{maxSkew: 1, whenUnsatisfiable: DoNotSchedule}]' | topologyKey
      a volume without a name               | 'extraVolumes: [{emptyDir: {}}]'                              | name
      a typo in the PrometheusRule values   | 'prometheusRule: {enabled: true, lables: {}}'                 | lables
      a negative grace period               | 'terminationGracePeriodSeconds: -1'                           | terminationGracePeriodSeconds
      """)
  void badValuesAreRefusedNamingTheField(String what, String valuesYaml, String field) {
    assertThatThrownBy(() -> RenderedChart.withValues(valuesYaml))
        .as(what)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(field);
  }

  /**
   * {@code helm show values} and editors show the schema's descriptions: every value of
   * values.yaml, down to each leaf, has one, and so has every property the schema declares.
   */
  @Test
  void everyValueHasADescription() throws IOException {
    JsonNode schema = JSON.readTree(Files.readString(Repository.chart().resolve("values.schema.json")));
    JsonNode values = new YAMLMapper().readTree(Files.readString(Repository.chart().resolve("values.yaml")));
    List<String> missing = new ArrayList<>();
    List<String> leaves = new ArrayList<>();
    walkValues(schema, schema, values, "", missing, leaves);
    walkSchema(schema, schema, "", missing);
    for (var definition : (Iterable<java.util.Map.Entry<String, JsonNode>>) schema.path("definitions")::fields) {
      walkSchema(schema, definition.getValue(), "definitions." + definition.getKey(), missing);
    }

    assertThat(leaves).as("leaves of values.yaml").hasSizeGreaterThan(60).contains("logLevel", "image.digest",
        "rbac.secretNamespaces", "prometheusRule.enabled", "podDisruptionBudget.maxUnavailable");
    assertThat(missing).as("values or schema properties without a description").isEmpty();
  }

  private static void walkValues(JsonNode root, JsonNode schema, JsonNode value, String path, List<String> missing,
      List<String> leaves) {
    JsonNode properties = resolve(root, schema).path("properties");
    for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) value::fields) {
      String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      JsonNode property = properties.path(field.getKey());
      if (property.isMissingNode()) {
        missing.add(at + " (not in the schema)");
        continue;
      }
      if (!property.hasNonNull("description")) {
        missing.add(at);
      }
      // a map of free keys (labels, annotations) is one value; its keys are the user's
      if (field.getValue().isObject() && resolve(root, property).has("properties")) {
        walkValues(root, property, field.getValue(), at, missing, leaves);
      } else {
        leaves.add(at);
      }
    }
  }

  private static void walkSchema(JsonNode root, JsonNode schema, String path, List<String> missing) {
    for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) schema.path("properties")::fields) {
      String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (!field.getValue().hasNonNull("description")) {
        missing.add(at + " (schema)");
      }
      if (!field.getValue().has("$ref")) {
        walkSchema(root, field.getValue(), at, missing);
      }
    }
  }

  /** The schema a property's {@code $ref} (#/definitions/...) points at, or the property. */
  private static JsonNode resolve(JsonNode root, JsonNode schema) {
    String ref = schema.path("$ref").asText("");
    return ref.startsWith("#/") ? resolve(root, root.at(ref.substring(1))) : schema;
  }

  @Test
  void theValueSetsTheReadmeShowsAreAccepted() {
    assertThat(RenderedChart.withValues("""
        replicaCount: 2
        watchNamespaces: [team-a]
        metrics:
          serviceMonitor:
            enabled: true
            labels: {release: kube-prometheus-stack}
        dashboards:
          enabled: true
        """).objects()).isNotEmpty();
  }
}
