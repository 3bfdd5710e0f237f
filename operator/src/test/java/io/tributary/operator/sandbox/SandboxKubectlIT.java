package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerStatus;
import io.tributary.operator.sandbox.node.FakePodLauncher;
import io.tributary.operator.testing.Executables;
import io.tributary.operator.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  private static List<String> words(String line) {
    return List.of(line.trim().split("\\s+"));
  }

  /** Runs kubectl against the sandbox (no kube config of this machine, a fresh discovery cache) and returns its output lines. */
  private List<String> kubectl(String... args) {
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
      assertThat(process.exitValue()).as("kubectl %s said:%n%s", String.join(" ", args), output).isZero();
      return output.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      return fail("cannot run kubectl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }
}
