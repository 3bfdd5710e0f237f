package io.tributary.operator.sandbox.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.testing.Conflicts;
import io.tributary.operator.sandbox.EmbeddedApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local node against a CRUD mock API, running {@link FakePod} processes: what a user of the
 * sandbox sees in the API (Pods, Deployment/Job/CronJob status) and on the machine (processes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalNodeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(45);
  private static final String CONFIG_JSON = "{\"pipeline\":\"market-data\",\"component\":\"cache-writer\"}";

  @TempDir
  static Path outputDir;

  private EmbeddedApiServer server;
  private KubernetesClient client;
  private LocalNode node;
  private final AdjustableClock clock = new AdjustableClock();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startNode() throws Exception {
    server = EmbeddedApiServer.start(0);
    client = server.createClient();
    node = new LocalNode(client, new FakePodLauncher(), LocalNodeSettings.under(outputDir)
        .withMaxGracePeriod(Duration.ofSeconds(5)), clock).start();
  }

  @AfterAll
  void stop() {
    node.close();
    client.close();
    server.close();
  }

  @Test
  @Order(1)
  void deploymentRunsItsReplicasAsReadyProcessesWithEnvAndMountedConfig() throws Exception {
    String ns = "deploy";
    givenConfigAndSecret(ns, "cache-writer");
    client.apps().deployments().inNamespace(ns).resource(deployment("cache-writer", 2, "1")).create();

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      List<Pod> pods = podsOf(ns, "cache-writer");
      assertThat(pods).hasSize(2).allSatisfy(pod -> {
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(readyCondition(pod)).isEqualTo("True");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
            .satisfies(ref -> assertThat(ref.getKind() + "/" + ref.getName()).isEqualTo("Deployment/cache-writer"));
        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "cache-writer").containsKey("pod-template-hash");
      });
      Deployment deployment = client.apps().deployments().inNamespace(ns).withName("cache-writer").get();
      assertThat(deployment.getStatus().getReplicas()).isEqualTo(2);
      assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(2);
      assertThat(deployment.getStatus().getAvailableReplicas()).isEqualTo(2);
      assertThat(deployment.getStatus().getUpdatedReplicas()).isEqualTo(2);
      assertThat(deployment.getStatus().getObservedGeneration()).isEqualTo(deployment.getMetadata().getGeneration());
    });

    List<LocalPod> local = localPods(ns);
    assertThat(local).hasSize(2);
    assertThat(local).extracting(LocalPod::name).allMatch(name -> name.matches("cache-writer-[a-z0-9]+-[01]"));
    assertThat(local.stream().map(LocalPod::metricsPort).collect(Collectors.toSet())).hasSize(2);
    LocalPod first = local.get(0);
    assertThat(get(first, "/config")).isEqualTo(CONFIG_JSON);
    assertThat(get(first, "/env?REDIS_PASSWORD")).isEqualTo("s3cret");
    assertThat(get(first, "/env?PIPELINE")).isEqualTo("market-data");
    assertThat(get(first, "/env?POD_NAME")).isEqualTo(first.name());
    assertThat(get(first, "/env?TRIBUTARY_HTTP_PORT")).isEqualTo(String.valueOf(first.httpPort().orElseThrow()));
    assertThat(Files.readString(first.logFile())).contains("fake pod " + first.name() + " role worker");
    assertThat(first.logFile()).isEqualTo(outputDir.resolve("pods").resolve(first.name() + ".log").toAbsolutePath());
  }

  @Test
  @Order(2)
  void followsReplicaChangesUpAndDown() {
    String ns = "deploy";
    scale(ns, "cache-writer", 3);
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      assertThat(podsOf(ns, "cache-writer")).hasSize(3).allSatisfy(pod -> assertThat(readyCondition(pod)).isEqualTo("True"));
      assertThat(client.apps().deployments().inNamespace(ns).withName("cache-writer").get().getStatus().getReadyReplicas())
          .isEqualTo(3);
    });
    Set<Long> pidsBefore = pids(ns);

    scale(ns, "cache-writer", 1);
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      assertThat(podsOf(ns, "cache-writer")).singleElement().satisfies(pod -> assertThat(pod.getMetadata().getName()).endsWith("-0"));
      assertThat(localPods(ns)).hasSize(1);
      assertThat(client.apps().deployments().inNamespace(ns).withName("cache-writer").get().getStatus().getReplicas())
          .isEqualTo(1);
    });
    Set<Long> stillRunning = pidsBefore.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .collect(Collectors.toSet());
    assertThat(stillRunning).containsExactlyElementsOf(pids(ns));
  }

  @Test
  @Order(3)
  void restartsAKilledProcessAndCountsTheRestart() {
    String ns = "deploy";
    LocalPod pod = localPods(ns).get(0);
    long pid = pod.pid().orElseThrow();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      Pod api = client.pods().inNamespace(ns).withName(pod.name()).get();
      var status = api.getStatus().getContainerStatuses().get(0);
      assertThat(status.getRestartCount()).isEqualTo(1);
      assertThat(status.getReady()).isTrue();
      assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(137);
      assertThat(localPods(ns).get(0).pid().orElseThrow()).isNotEqualTo(pid);
    });
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  @Order(4)
  void rollsThePodsWhenThePodTemplateChanges() {
    String ns = "deploy";
    String oldName = localPods(ns).get(0).name();
    Conflicts.retry(() -> client.apps().deployments().inNamespace(ns).withName("cache-writer")
        .edit(d -> new DeploymentBuilder(d)
            .editSpec().withReplicas(2).withTemplate(template("cache-writer", "2")).endSpec().build()));

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      List<Pod> pods = podsOf(ns, "cache-writer");
      assertThat(pods).hasSize(2).allSatisfy(pod -> {
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("tributary.io/config-hash", "2");
        assertThat(readyCondition(pod)).isEqualTo("True");
      });
      assertThat(pods).extracting(p -> p.getMetadata().getName()).doesNotContain(oldName);
      var status = client.apps().deployments().inNamespace(ns).withName("cache-writer").get().getStatus();
      assertThat(status.getUpdatedReplicas()).isEqualTo(2);
      assertThat(status.getReplicas()).isEqualTo(2);
    });
  }

  @Test
  @Order(5)
  void deletingTheDeploymentStopsItsPods() {
    String ns = "deploy";
    Set<Long> pids = pids(ns);
    client.apps().deployments().inNamespace(ns).withName("cache-writer").delete();

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      assertThat(podsOf(ns, "cache-writer")).isEmpty();
      assertThat(localPods(ns)).isEmpty();
      assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    });
  }

  @Test
  @Order(6)
  void aPodWaitsForAMissingSecretAndSaysWhichOne() throws Exception {
    String ns = "waiting";
    client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("needs-secret")
        .endMetadata().addToData("config.json", CONFIG_JSON).build()).create();
    client.apps().deployments().inNamespace(ns).resource(deployment("needs-secret", 1, "1")).create();

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      var status = podsOf(ns, "needs-secret").get(0).getStatus();
      assertThat(status.getPhase()).isEqualTo("Pending");
      var waiting = status.getContainerStatuses().get(0).getState().getWaiting();
      assertThat(waiting.getReason()).isEqualTo("CreateContainerConfigError");
      assertThat(waiting.getMessage()).isEqualTo("env REDIS_PASSWORD: secret \"redis\" not found");
    });
    assertThat(localPods(ns)).singleElement().satisfies(pod -> assertThat(pod.pid()).isEmpty());

    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("redis").endMetadata()
        .addToStringData("password", "later").build()).create();
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() ->
        assertThat(readyCondition(podsOf(ns, "needs-secret").get(0))).isEqualTo("True"));
    assertThat(get(localPods(ns).get(0), "/env?REDIS_PASSWORD")).isEqualTo("later");
    client.apps().deployments().inNamespace(ns).withName("needs-secret").delete();
  }

  @Test
  @Order(7)
  void runsAJobToCompletionWithItsTerminationMessage() {
    String ns = "jobs";
    client.batch().v1().jobs().inNamespace(ns).resource(job("etl-run-1", "0", 0)).create();

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      Job job = client.batch().v1().jobs().inNamespace(ns).withName("etl-run-1").get();
      assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
      assertThat(job.getStatus().getStartTime()).isNotNull();
      assertThat(job.getStatus().getCompletionTime()).isNotNull();
      assertThat(job.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Complete") && c.getStatus().equals("True"));
    });
    Pod pod = client.pods().inNamespace(ns).withLabel("job-name", "etl-run-1").list().getItems().get(0);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isZero();
    assertThat(terminated.getMessage()).isEqualTo("{\"result\":\"Succeeded\",\"records\":3}");
  }

  @Test
  @Order(8)
  void aFailingJobIsFailedAfterItsBackoffLimit() {
    String ns = "jobs";
    client.batch().v1().jobs().inNamespace(ns).resource(job("etl-bad", "3", 1)).create();

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      Job job = client.batch().v1().jobs().inNamespace(ns).withName("etl-bad").get();
      assertThat(job.getStatus().getFailed()).isEqualTo(2);
      assertThat(job.getStatus().getConditions())
          .anyMatch(c -> c.getType().equals("Failed") && c.getReason().equals("BackoffLimitExceeded"));
    });
    List<Pod> pods = client.pods().inNamespace(ns).withLabel("job-name", "etl-bad").list().getItems();
    assertThat(pods).hasSize(2).allSatisfy(pod -> {
      assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
      ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
      assertThat(terminated.getExitCode()).isEqualTo(3);
      assertThat(terminated.getMessage()).contains("\"result\":\"Failed\"");
    });
  }

  @Test
  @Order(9)
  void aCronJobStartsAJobOnScheduleAndForbidsOverlap() {
    String ns = "cron";
    client.batch().v1().cronjobs().inNamespace(ns).resource(new CronJobBuilder()
        .withNewMetadata().withName("etl-15m").endMetadata()
        .withNewSpec().withSchedule("* * * * *").withConcurrencyPolicy("Forbid")
          .withNewJobTemplate().withNewSpec().withBackoffLimit(0).withTemplate(jobTemplate("worker")).endSpec().endJobTemplate()
        .endSpec().build()).create();

    clock.advance(Duration.ofSeconds(61));
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      var cronJob = client.batch().v1().cronjobs().inNamespace(ns).withName("etl-15m").get();
      assertThat(cronJob.getStatus().getLastScheduleTime()).isNotNull();
      assertThat(cronJob.getStatus().getActive()).hasSize(1);
      assertThat(client.pods().inNamespace(ns).list().getItems()).singleElement()
          .satisfies(pod -> assertThat(readyCondition(pod)).isNotNull());
    });
    // the first run never ends ("worker"): with Forbid the next minute starts nothing
    clock.advance(Duration.ofSeconds(60));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).hasSize(1));

    Conflicts.retry(() -> client.batch().v1().cronjobs().inNamespace(ns).withName("etl-15m").edit(c -> {
      c.getSpec().setSuspend(true);
      return c;
    }));
    client.batch().v1().jobs().inNamespace(ns).delete();
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(localPods(ns)).isEmpty());
  }

  @Test
  @Order(10)
  void closeStopsEveryChildProcess() {
    givenConfigAndSecret("last", "survivor");
    client.apps().deployments().inNamespace("last").resource(deployment("survivor", 2, "1")).create();
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(localPods("last")).hasSize(2)
        .allSatisfy(pod -> assertThat(pod.pid()).isPresent()));
    Set<Long> pids = node.pods().stream().filter(p -> p.pid().isPresent()).map(p -> p.pid().getAsLong())
        .collect(Collectors.toSet());

    node.close();

    assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .filter(child -> child.info().commandLine().orElse("").contains(FakePod.class.getName()))).isEmpty();
  }

  private void givenConfigAndSecret(String ns, String name) {
    client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .endMetadata().addToData("config.json", CONFIG_JSON).build()).create();
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("redis").endMetadata()
        .addToData("password", Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)))
        .build()).create();
  }

  private Deployment deployment(String name, int replicas, String configHash) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withReplicas(replicas)
          .withNewSelector().addToMatchLabels("app", name).endSelector()
          .withTemplate(template(name, configHash))
        .endSpec().build();
  }

  private static PodTemplateSpec template(String name, String configHash) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata().addToLabels("app", name).addToAnnotations("tributary.io/config-hash", configHash).endMetadata()
        .withNewSpec()
          .addNewContainer().withName("runtime").withImage("tributary/pipeline-runtime:dev").withArgs("worker")
            .addNewPort().withName("metrics").withContainerPort(9404).endPort()
            .addNewPort().withName("http").withContainerPort(8080).endPort()
            .addNewEnv().withName("PIPELINE").withValue("market-data").endEnv()
            .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
              .endFieldRef().endValueFrom().endEnv()
            .addNewEnv().withName("REDIS_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "redis", false)
              .endValueFrom().endEnv()
            .addNewVolumeMount().withName("config").withMountPath("/etc/tributary").withReadOnly(true).endVolumeMount()
            .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withNewPort("metrics").endHttpGet().endReadinessProbe()
          .endContainer()
          .addNewVolume().withName("config").withNewConfigMap().withName(name).endConfigMap().endVolume()
        .endSpec().build();
  }

  private static Job job(String name, String exitCode, int backoffLimit) {
    return new JobBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withBackoffLimit(backoffLimit).withTemplate(jobTemplate("job", exitCode)).endSpec()
        .build();
  }

  private static PodTemplateSpec jobTemplate(String... args) {
    return new PodTemplateSpecBuilder()
        .withNewSpec().withRestartPolicy("Never")
          .addNewContainer().withName("etl").withImage("tributary/pipeline-runtime:dev").withArgs(args)
            .withTerminationMessagePath("/dev/termination-log").endContainer()
        .endSpec().build();
  }

  private void scale(String ns, String name, int replicas) {
    Conflicts.retry(() -> client.apps().deployments().inNamespace(ns).withName(name).edit(d -> new DeploymentBuilder(d)
        .editSpec().withReplicas(replicas).endSpec().build()));
  }

  private List<Pod> podsOf(String ns, String app) {
    return client.pods().inNamespace(ns).withLabel("app", app).list().getItems();
  }

  private List<LocalPod> localPods(String ns) {
    return node.pods().stream().filter(p -> p.namespace().equals(ns)).toList();
  }

  private Set<Long> pids(String ns) {
    return localPods(ns).stream().filter(p -> p.pid().isPresent()).map(p -> p.pid().getAsLong()).collect(Collectors.toSet());
  }

  private static String readyCondition(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions()
        .stream().filter(c -> c.getType().equals("Ready")).map(c -> c.getStatus()).findFirst().orElse(null);
  }

  private String get(LocalPod pod, String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + pod.metricsPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}
