package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerStatus;
import io.tributary.operator.model.OwnerRefs;
import io.tributary.operator.sandbox.node.FakePodLauncher;
import io.tributary.operator.testing.Executables;
import io.tributary.operator.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's {@code kubectl} against the sandbox's API: discovery finds our kinds by name, short
 * name and category, and {@code get} shows the columns the CRDs declare, in their order, with the
 * values of the objects' status. Needs {@code kubectl} on the PATH ({@code .ci/run} installs the
 * Debian package {@code kubernetes-client}); fails without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxKubectlIT {
  @TempDir
  static Path dir;

  private Sandbox sandbox;

  @BeforeAll
  void start() throws IOException {
    sandbox = Sandbox.start(SandboxOptions.defaults().withOutputDir(dir.resolve("sandbox"))
        .withLauncher(new FakePodLauncher()).withOperator(OperatorStarter.none()));
    Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    sandbox.client().resource(Fixtures.strimziPipeline("market-data")).create();
    Worker worker = sandbox.client().resource(Fixtures.cacheWorker("cache-writer", "market-data")).create();
    WorkerStatus status = new WorkerStatus();
    status.setReadyReplicas(3);
    status.setDesiredReplicas(4);
    status.setLag(12_345L);
    status.setLastScaleReason("lag 12345 > 3 replicas x 1000");
    status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True")
        .withReason("Available").withMessage("3/4 pods ready").withLastTransitionTime("2026-11-22T09:00:00Z").build()));
    worker.setStatus(status);
    sandbox.client().resource(worker).updateStatus();
    for (String name : List.of("cache-writer", "other-worker")) {
      sandbox.client().v1().events().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.EventBuilder()
          .withNewMetadata().withName(name + ".scaled").endMetadata()
          .withType("Normal").withReason("Scaled").withMessage("Scaled " + name + " 1->3")
          .withFirstTimestamp("2026-11-22T09:00:00Z").withLastTimestamp("2026-11-22T09:00:00Z").withCount(1)
          .withNewInvolvedObject().withApiVersion("tributary.io/v1alpha1").withKind("Worker").withName(name)
          .withNamespace("default").withUid(name.equals("cache-writer") ? worker.getMetadata().getUid() : "other-uid")
          .endInvolvedObject().build()).create();
    }
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void getShowsTheColumnsTheCrdDeclaresWithTheStatusValues() {
    List<String> lines = kubectl("get", "workers");

    assertThat(words(lines.get(0))).containsExactly("NAME", "READY", "REPLICAS", "DESIRED", "LAG", "AGE");
    assertThat(words(lines.get(1))).startsWith("cache-writer", "True", "3", "4", "12345");

    List<String> wide = kubectl("get", "twk", "-o", "wide");
    assertThat(words(wide.get(0))).containsExactly("NAME", "READY", "PIPELINE", "REPLICAS", "DESIRED", "LAG", "LAST", "SCALE", "AGE");
    assertThat(wide.get(1)).contains("market-data").contains("lag 12345 > 3 replicas x 1000");
  }

  @Test
  void theCategoryListsEveryKindAndObjectsReadBackAsStored() {
    assertThat(String.join("\n", kubectl("get", "tributary")))
        .contains("pipeline.tributary.io/market-data")
        .contains("worker.tributary.io/cache-writer");
    assertThat(kubectl("get", "worker", "cache-writer", "-o", "jsonpath={.status.lag}")).containsExactly("12345");
    assertThat(String.join("\n", kubectl("describe", "worker", "cache-writer")))
        .containsPattern("Last Scale Reason:\\s+lag 12345 > 3 replicas x 1000")
        // the Event the autoscaler wrote about this Worker, and not the other one's
        .containsPattern("Normal\\s+Scaled\\s+.*Scaled cache-writer 1->3")
        .doesNotContain("Scaled other-worker");
  }

  @Test
  void builtInKindsHaveTheirUsualColumns() {
    List<String> events = kubectl("get", "events");

    assertThat(words(events.get(0))).containsExactly("NAME", "TYPE", "REASON", "OBJECT", "MESSAGE", "AGE");
    assertThat(events).anySatisfy(line -> assertThat(words(line))
        .startsWith("cache-writer.scaled", "Normal", "Scaled", "cache-writer", "Scaled", "cache-writer", "1->3"));
  }

  @Test
  void aPipelineAppliedWithKubectlIsPointedAtTheSandboxsKafkaAndRedis() throws IOException {
    Path manifest = dir.resolve("applied.yaml");
    Files.writeString(manifest, """
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: applied}
        spec:
          kafka: {strimzi: {cluster: my-cluster, namespace: kafka}}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics: [{name: applied-topic, partitions: 1, replicas: 1}]
        """);

    assertThat(kubectl("apply", "--validate=false", "-f", manifest.toString()))
        .containsExactly("pipeline.tributary.io/applied created");

    var spec = sandbox.client().resources(io.tributary.api.v1alpha1.Pipeline.class).inNamespace("default")
        .withName("applied").get().getSpec();
    assertThat(spec.getKafka().getBootstrapServers()).isEqualTo(sandbox.kafkaBootstrapServers());
    assertThat(spec.getKafka().getStrimzi()).isNull();
    assertThat(spec.getRedis().getUrl()).isEqualTo(sandbox.redisUrl());
    // applying the file again (kubectl's patch puts the manifest's kafka and redis back) keeps the sandbox's
    assertThat(kubectl("apply", "--validate=false", "-f", manifest.toString())).singleElement()
        .satisfies(line -> assertThat(line).startsWith("pipeline.tributary.io/applied "));
    spec = sandbox.client().resources(io.tributary.api.v1alpha1.Pipeline.class).inNamespace("default")
        .withName("applied").get().getSpec();
    assertThat(spec.getKafka().getBootstrapServers()).isEqualTo(sandbox.kafkaBootstrapServers());
    assertThat(spec.getKafka().getStrimzi()).isNull();
    assertThat(spec.getRedis().getUrl()).isEqualTo(sandbox.redisUrl());
  }

  @Test
  void reApplyingAnEditedWorkerReplacesItsProcessorsAndDropsRemovedFields() throws IOException {
    Path manifest = dir.resolve("edited.yaml");
    Files.writeString(manifest, editedWorker("""
            - cacheLatest: {key: "market_data:{symbol}:latest", ttl: 5m}
            - publish: {channel: "tasks:market_data:{symbol}"}
        """, "  errorPolicy: {maxAttempts: 3}\n"));
    assertThat(kubectl("apply", "--validate=false", "-f", manifest.toString()))
        .containsExactly("worker.tributary.io/edited created");

    // the edit adds a processor and changes one; errorPolicy goes
    Files.writeString(manifest, editedWorker("""
            - cacheLatest: {key: "market_data:{symbol}:latest", ttl: 10m}
            - publish: {channel: "tasks:market_data:{symbol}"}
            - enqueue: {stream: "tasks:market_data", maxLen: 1000}
        """, ""));
    assertThat(kubectl("apply", "--validate=false", "-f", manifest.toString()))
        .containsExactly("worker.tributary.io/edited configured");

    Map<String, Object> spec = map(sandbox.client().genericKubernetesResources("tributary.io/v1alpha1", "Worker")
        .inNamespace("default").withName("edited").get().getAdditionalProperties().get("spec"));
    // JSON merge patch (RFC 7386): a list in the patch replaces the stored one, null removes a field
    assertThat(spec.get("processors")).isEqualTo(List.of(
        Map.of("cacheLatest", Map.of("key", "market_data:{symbol}:latest", "ttl", "10m")),
        Map.of("publish", Map.of("channel", "tasks:market_data:{symbol}")),
        Map.of("enqueue", Map.of("stream", "tasks:market_data", "maxLen", 1000))));
    assertThat(spec).doesNotContainKey("errorPolicy");

    // kubectl patch's default, a strategic merge patch, is refused for custom resources as by a real server
    Result strategic = run("patch", "worker", "edited", "-p", "{\"spec\":{\"processors\":[{\"log\":{}}]}}");
    assertThat(strategic.exitCode()).isNotZero();
    assertThat(strategic.output()).contains("application/strategic-merge-patch+json is not supported by"
        + " tributary.io/v1alpha1, Kind=Worker");
    assertThat(kubectl("patch", "worker", "edited", "--type=merge", "-p", "{\"spec\":{\"processors\":[{\"log\":{}}]}}"))
        .containsExactly("worker.tributary.io/edited patched");
    assertThat(map(sandbox.client().genericKubernetesResources("tributary.io/v1alpha1", "Worker").inNamespace("default")
        .withName("edited").get().getAdditionalProperties().get("spec")).get("processors"))
        .isEqualTo(List.of(Map.of("log", Map.of())));
  }

  @Test
  void deletingAWorkerWithKubectlDeletesWhatItOwnsAndStopsItsPods() {
    var client = sandbox.client();
    Worker doomed = client.resource(Fixtures.cacheWorker("doomed", "market-data")).create();
    Worker survivor = client.resource(Fixtures.cacheWorker("survivor", "market-data")).create();
    // as the operator would: the Deployment, ConfigMap and Service belong to the Worker
    OwnerReference byDoomed = OwnerRefs.controlledBy(doomed);
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("doomed").withNamespace("default")
        .withOwnerReferences(byDoomed).endMetadata().addToData("config.json", "{}").build()).create();
    client.services().resource(new ServiceBuilder().withNewMetadata().withName("doomed").withNamespace("default")
        .withOwnerReferences(byDoomed).endMetadata().withNewSpec().addToSelector("app", "doomed").endSpec().build()).create();
    client.apps().deployments().resource(deployment("doomed", byDoomed)).create();
    // still owned by a Worker that stays, so it stays too
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("shared").withNamespace("default")
        .withOwnerReferences(byDoomed, OwnerRefs.controlledBy(survivor)).endMetadata().build()).create();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(sandbox.node().pods())
        .anySatisfy(pod -> assertThat(pod.name()).startsWith("doomed-")));

    assertThat(kubectl("delete", "worker", "doomed")).containsExactly("worker.tributary.io \"doomed\" deleted");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(client.apps().deployments().inNamespace("default").withName("doomed").get()).isNull();
      assertThat(client.configMaps().inNamespace("default").withName("doomed").get()).isNull();
      assertThat(client.services().inNamespace("default").withName("doomed").get()).isNull();
      // the pods belonged to the Deployment: collected in turn, and stopped by the node
      assertThat(client.pods().inNamespace("default").list().getItems())
          .noneSatisfy(pod -> assertThat(pod.getMetadata().getName()).startsWith("doomed-"));
      assertThat(sandbox.node().pods()).noneSatisfy(pod -> assertThat(pod.name()).startsWith("doomed-"));
    });
    assertThat(client.configMaps().inNamespace("default").withName("shared").get()).isNotNull();
    assertThat(client.resources(Worker.class).inNamespace("default").withName("survivor").get()).isNotNull();
  }

  @Test
  void deletingWithCascadeOrphanKeepsTheDependentsAndDropsTheirOwnerReference() {
    var client = sandbox.client();
    Worker owner = client.resource(Fixtures.cacheWorker("orphaning", "market-data")).create();
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("orphaned").withNamespace("default")
        .withOwnerReferences(OwnerRefs.controlledBy(owner)).endMetadata().build()).create();

    assertThat(kubectl("delete", "worker", "orphaning", "--cascade=orphan"))
        .containsExactly("worker.tributary.io \"orphaning\" deleted");

    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(client.resources(Worker.class).inNamespace("default").withName("orphaning").get()).isNull());
    var orphaned = client.configMaps().inNamespace("default").withName("orphaned").get();
    assertThat(orphaned).isNotNull();
    assertThat(orphaned.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void kubectlScaleSetsTheWorkersReplicasThroughTheScaleSubresource() {
    Worker worker = sandbox.client().resource(Fixtures.cacheWorker("scaled", "market-data")).create();
    WorkerStatus status = new WorkerStatus();
    status.setReplicas(2);
    status.setSelector("app.kubernetes.io/instance=scaled");
    worker.setStatus(status);
    sandbox.client().resource(worker).updateStatus();

    assertThat(kubectl("scale", "worker", "scaled", "--replicas=3")).containsExactly("worker.tributary.io/scaled scaled");
    assertThat(replicas("scaled")).isEqualTo(3);
    assertThat(kubectl("get", "worker", "scaled", "--subresource=scale", "-o",
        "jsonpath={.apiVersion} {.kind} {.metadata.name} {.spec.replicas} {.status.replicas} {.status.selector}"))
        .containsExactly("autoscaling/v1 Scale scaled 3 2 app.kubernetes.io/instance=scaled");

    // with a precondition kubectl reads the Scale and writes it back (PUT)
    assertThat(kubectl("scale", "worker", "scaled", "--current-replicas=3", "--replicas=1"))
        .containsExactly("worker.tributary.io/scaled scaled");
    assertThat(replicas("scaled")).isEqualTo(1);
    // the status is the status subresource's: scaling leaves it alone
    assertThat(sandbox.client().resources(Worker.class).inNamespace("default").withName("scaled").get()
        .getStatus().getReplicas()).isEqualTo(2);
  }

  private int replicas(String worker) {
    return sandbox.client().resources(Worker.class).inNamespace("default").withName(worker).get().getSpec().getReplicas();
  }

  private static String editedWorker(String processors, String more) {
    return """
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: edited}
        spec:
          pipeline: market-data
          input: {topic: {name: market-data-stream}}
          processors:
        """ + processors + more;
  }

  private static io.fabric8.kubernetes.api.model.apps.Deployment deployment(String name, OwnerReference owner) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("default").withOwnerReferences(owner)
        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
        .addNewContainer().withName("runtime").withImage("tributary/pipeline-runtime").withArgs("worker").endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<String> words(String line) {
    return List.of(line.trim().split("\\s+"));
  }

  /** Runs kubectl against the sandbox (no kube config of this machine, a fresh discovery cache) and returns its output lines. */
  private List<String> kubectl(String... args) {
    Result result = run(args);
    assertThat(result.exitCode()).as("kubectl %s said:%n%s", String.join(" ", args), result.output()).isZero();
    return result.output().lines().filter(l -> !l.isBlank()).toList();
  }

  private record Result(int exitCode, String output) {}

  /** Runs kubectl as {@link #kubectl} does, whatever its exit code. */
  private Result run(String... args) {
    List<String> command = new ArrayList<>(List.of(Executables.onPath("kubectl", "kubernetes-client").toString(), "--server=" + sandbox.apiUrl(),
        "--kubeconfig=" + dir.resolve("kubeconfig"), "--cache-dir=" + dir.resolve("kube-cache"), "--request-timeout=30s",
        "--namespace=default"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return fail("kubectl " + String.join(" ", args) + " did not finish");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      return fail("cannot run kubectl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }
}
