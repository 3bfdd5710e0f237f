package io.tributary.operator.chart;

import io.tributary.operator.reconciler.UpstreamResources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.testing.Executables;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health check ({@code helm/tributary/argocd/health.lua}) run by a real Lua 5.1
 * interpreter (Argo CD's gopher-lua is Lua 5.1) on the statuses the operator really writes: the
 * operator reconciles the four kinds on a mock API server and each status is handed to the script
 * as the {@code obj} Argo CD would pass. The {@code argocd-cm} snippet carries the same script for
 * each kind.
 */
class ArgoCdHealthTest {
  static final String LUA = "lua5.1";
  static final String UPDATE_PROPERTY = "tributary.updateArgoCd";
  static final List<String> KINDS = List.of("Pipeline", "Producer", "Worker", "EtlSchedule");
  private static final ObjectMapper JSON = new ObjectMapper();

  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void operator() throws IOException {
    Executables.onPath(LUA, "lua5.1");
    cluster = MockCluster.start(true);
    client = cluster.client();
    cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPipelineProgressesUntilItsTopicsAreReadyThenIsHealthy() {
    client.resource(Fixtures.strimziPipeline("argo-p1")).create();

    // KafkaTopics created, Strimzi has not marked them ready yet: Ready=False TopicsNotReady
    assertThat(healthOnceReconciled(Pipeline.class, "argo-p1", reason("TopicsNotReady")))
        .startsWith("Progressing\tTopicsNotReady: ");

    for (GenericKubernetesResource topic : client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC))
        .inNamespace(Fixtures.NAMESPACE).withLabel("tributary.io/pipeline", "argo-p1").list().getItems()) {
      topic.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));
      client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC)).inNamespace(Fixtures.NAMESPACE)
          .resource(topic).updateStatus();
    }
    assertThat(healthOnceReconciled(Pipeline.class, "argo-p1", reason("TopicsReady"), Duration.ofSeconds(40)))
        .startsWith("Healthy\tTopicsReady: ");
  }

  @Test
  void producersAndWorkersProgressUntilTheirPodsAreReadyThenAreHealthy() {
    client.resource(Fixtures.strimziPipeline("argo-p2")).create();
    client.resource(Fixtures.marketDataProducer("argo-feed", "argo-p2")).create();
    client.resource(Fixtures.cacheWorker("argo-cache", "argo-p2")).create();

    assertThat(healthOnceReconciled(Producer.class, "argo-feed", reason("PodsNotReady")))
        .isEqualTo("Progressing\tPodsNotReady: 0/1 pods ready");
    assertThat(healthOnceReconciled(Worker.class, "argo-cache", reason("PodsNotReady")))
        .isEqualTo("Progressing\tPodsNotReady: 0/2 pods ready");

    // what the Deployment controller reports once the pods are ready
    podsReady("argo-feed-producer", 1);
    podsReady("argo-cache-worker", 2);
    assertThat(healthOnceReconciled(Producer.class, "argo-feed", reason("Available")))
        .isEqualTo("Healthy\tAvailable: 1/1 pods ready");
    assertThat(healthOnceReconciled(Worker.class, "argo-cache", reason("Available")))
        .isEqualTo("Healthy\tAvailable: 2/2 pods ready");
  }

  @Test
  void aComponentWhosePipelineIsMissingIsDegradedNamingIt() {
    client.resource(Fixtures.marketDataProducer("argo-orphan", "argo-nowhere")).create();

    assertThat(healthOnceReconciled(Producer.class, "argo-orphan", reason("PipelineNotFound")))
        .startsWith("Degraded\tPipelineNotFound: ").contains("argo-nowhere");
  }

  @Test
  void anEtlScheduleIsHealthyWhenScheduledSuspendedWhenSuspendedDegradedAfterAFailedRun() throws IOException {
    client.resource(Fixtures.strimziPipeline("argo-p3")).create();
    client.resource(Fixtures.etl("argo-rollup", "argo-p3")).create();
    EtlSchedule suspended = Fixtures.etl("argo-paused", "argo-p3");
    suspended.getSpec().setSuspend(true);
    client.resource(suspended).create();

    assertThat(healthOnceReconciled(EtlSchedule.class, "argo-rollup", reason("Scheduled")))
        .startsWith("Healthy\tScheduled: CronJob ");
    assertThat(healthOnceReconciled(EtlSchedule.class, "argo-paused", reason("Suspended")))
        .startsWith("Suspended\tSuspended: CronJob ").endsWith("is suspended");

    // the condition the reconciler adds after a failed run (type, status, reason and message as it writes them)
    ObjectNode failed = (ObjectNode) json(client.resources(EtlSchedule.class).inNamespace(Fixtures.NAMESPACE)
        .withName("argo-rollup").get());
    ((com.fasterxml.jackson.databind.node.ArrayNode) failed.at("/status/conditions")).addObject()
        .put("type", "LastRunSucceeded").put("status", "False").put("reason", "Failed")
        .put("message", "Job argo-rollup-29000000: quality: 0 records, minRecords 1");
    assertThat(health(failed)).isEqualTo("Degraded\tLast run failed: Job argo-rollup-29000000: quality: 0 records, minRecords 1");
  }

  @Test
  void anObjectTheOperatorHasNotActedOnYetIsProgressing() throws IOException {
    for (String kind : KINDS) {
      ObjectNode fresh = (ObjectNode) JSON.readTree("{\"apiVersion\": \"tributary.io/v1alpha1\", \"kind\": \"" + kind
          + "\", \"metadata\": {\"name\": \"x\", \"generation\": 1}, \"spec\": {}}");
      assertThat(health(fresh)).as(kind).isEqualTo("Progressing\tWaiting for the operator to report a status");
    }
    // a new generation the operator has not seen: the old Ready says nothing about it
    ObjectNode stale = (ObjectNode) JSON.readTree("""
        {"kind": "Worker", "metadata": {"name": "w", "generation": 3},
         "status": {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True", "reason": "Available"}]}}
        """);
    assertThat(health(stale)).isEqualTo("Progressing\tWaiting for the operator to act on generation 3");
  }

  @Test
  void readyFalseIsProgressingWhileReconcilingAndDegradedWhenStalledOrUnclassified() throws IOException {
    String template = """
        {"kind": "Worker", "metadata": {"name": "w", "generation": 1},
         "status": {"observedGeneration": 1, "conditions": [
           {"type": "Ready", "status": "False", "reason": "%s", "message": "m"}%s]}}
        """;
    // Kafka unreachable: the operator retries (Reconciling), it is not the spec's fault
    assertThat(health((ObjectNode) JSON.readTree(template.formatted("KafkaUnavailable",
        ", {\"type\": \"Reconciling\", \"status\": \"True\", \"reason\": \"KafkaUnavailable\"}"))))
        .isEqualTo("Progressing\tKafkaUnavailable: m");
    assertThat(health((ObjectNode) JSON.readTree(template.formatted("InvalidConfig",
        ", {\"type\": \"Stalled\", \"status\": \"True\", \"reason\": \"InvalidConfig\"}"))))
        .isEqualTo("Degraded\tInvalidConfig: m");
    // written by an operator without the kstatus conditions: nothing says it recovers
    assertThat(health((ObjectNode) JSON.readTree(template.formatted("PodsNotReady", ""))))
        .isEqualTo("Degraded\tPodsNotReady: m");
  }

  /** argocd-cm.yaml holds health.lua verbatim under the key of each kind (regenerate with -Dtributary.updateArgoCd=true). */
  @Test
  void theArgoCdConfigMapSnippetCarriesTheScriptForEachKind() throws IOException {
    Path snippet = Repository.chart().resolve("argocd/argocd-cm.yaml");
    String script = Files.readString(script());
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      StringBuilder out = new StringBuilder("""
          # Argo CD health checks of Tributary's four kinds, for the argocd-cm ConfigMap of Argo CD
          # (generated from health.lua by ArgoCdHealthTest; see the chart's README):
          #   kubectl -n argocd patch configmap argocd-cm --patch-file helm/tributary/argocd/argocd-cm.yaml
          data:
          """);
      for (String kind : KINDS) {
        out.append("  resource.customizations.health.tributary.io_").append(kind).append(": |\n");
        script.lines().forEach(line -> out.append(line.isEmpty() ? "" : "    " + line).append('\n'));
      }
      Files.writeString(snippet, out.toString());
    }
    JsonNode data = new YAMLMapper().readTree(Files.readString(snippet)).path("data");
    Map<String, String> keys = new TreeMap<>();
    data.fields().forEachRemaining(e -> keys.put(e.getKey(), e.getValue().asText()));
    assertThat(keys.keySet()).containsExactlyInAnyOrderElementsOf(
        KINDS.stream().map(k -> "resource.customizations.health.tributary.io_" + k).toList());
    assertThat(keys.values()).as("%s drifted from health.lua; regenerate with -D%s=true", snippet, UPDATE_PROPERTY)
        .allSatisfy(v -> assertThat(v).isEqualTo(script));
  }

  private static void podsReady(String deployment, int ready) {
    Deployment d = client.apps().deployments().inNamespace(Fixtures.NAMESPACE).withName(deployment).get();
    d.setStatus(new DeploymentStatusBuilder().withReplicas(ready).withReadyReplicas(ready).build());
    client.resource(d).updateStatus();
  }

  private static Predicate<JsonNode> reason(String reason) {
    return o -> {
      for (JsonNode c : o.at("/status/conditions")) {
        if (c.path("type").asText().equals("Ready")) {
          return c.path("reason").asText().equals(reason);
        }
      }
      return false;
    };
  }

  private static <T extends HasMetadata> String healthOnceReconciled(Class<T> kind, String name, Predicate<JsonNode> until) {
    return healthOnceReconciled(kind, name, until, Duration.ofSeconds(20));
  }

  /** The health of the live object once its status, as the operator wrote it, matches {@code until}. */
  private static <T extends HasMetadata> String healthOnceReconciled(Class<T> kind, String name, Predicate<JsonNode> until,
      Duration timeout) {
    JsonNode[] live = new JsonNode[1];
    await("status of " + kind.getSimpleName() + " " + name).atMost(timeout).until(() -> {
      T object = client.resources(kind).inNamespace(Fixtures.NAMESPACE).withName(name).get();
      live[0] = object == null ? null : json(object);
      return live[0] != null && until.test(live[0]);
    });
    return health(live[0]);
  }

  private static JsonNode json(Object resource) {
    return JSON.valueToTree(Serialization.jsonMapper().convertValue(resource, Map.class));
  }

  static Path script() {
    return Repository.chart().resolve("argocd/health.lua");
  }

  /** "status\tmessage" as health.lua answers for {@code obj}, run by lua5.1 as Argo CD runs it. */
  static String health(JsonNode obj) {
    try {
      Path wrapper = Files.createTempFile("tributary-argocd-", ".lua");
      try {
        Files.writeString(wrapper, "obj = " + lua(obj) + "\n"
            + "local hs = dofile(arg[1])\n"
            + "io.write(hs.status, \"\\t\", hs.message or \"\")\n");
        Process lua = new ProcessBuilder(LUA, wrapper.toString(), script().toString()).redirectErrorStream(true).start();
        String output = new String(lua.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lua.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lua.exitValue()).as("lua5.1 health.lua: %s", output).isZero();
        return output;
      } finally {
        Files.deleteIfExists(wrapper);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A JSON value as a Lua table constructor, as Argo CD converts the object (null: absent). */
  static String lua(JsonNode value) {
    if (value.isObject()) {
      StringBuilder out = new StringBuilder("{");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isNull()) {
          out.append('[').append(luaString(field.getKey())).append("]=").append(lua(field.getValue())).append(',');
        }
      }
      return out.append('}').toString();
    }
    if (value.isArray()) {
      StringBuilder out = new StringBuilder("{");
      value.forEach(v -> out.append(lua(v)).append(','));
      return out.append('}').toString();
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    return luaString(value.asText());
  }

  private static String luaString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c < 0x20 ? String.format("\\%03d", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }
}
