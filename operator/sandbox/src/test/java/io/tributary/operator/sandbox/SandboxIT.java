package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.operator.sandbox.node.FakePodLauncher;
import io.tributary.operator.sandbox.node.LocalPod;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's own machinery with real Kafka and Redis, but without the operator (its place is
 * taken by objects the test writes the way the operator would) and with fake pods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;

  private Sandbox sandbox;
  private Set<Long> redisStartedBySandbox;

  @BeforeAll
  void start() {
    Set<Long> before = childPids();
    sandbox = Sandbox.start(SandboxOptions.defaults().withOutputDir(dir.resolve("sandbox"))
        .withLauncher(new FakePodLauncher()).withOperator(OperatorStarter.none()));
    redisStartedBySandbox = newRedisChildren(before);
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void startsTheApiWithOurCrdsKafkaAndRedisAndWritesTheEndpoints() throws Exception {
    assertThat(sandbox.client().apiextensions().v1().customResourceDefinitions().list().getItems())
        .extracting(crd -> crd.getMetadata().getName())
        .contains("pipelines.tributary.io", "workers.tributary.io", "producers.tributary.io",
            "etlschedules.tributary.io", "kafkatopics.kafka.strimzi.io");
    try (Admin admin = sandbox.kafka().admin()) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).isNotEmpty();
    }
    assertThat(redisPing(sandbox.redis().port())).isEqualTo("+PONG");

    JsonNode endpoints = new ObjectMapper().readTree(sandbox.endpointsFile().toFile());
    assertThat(endpoints.path("kubernetesApi").asText()).isEqualTo(sandbox.apiUrl()).startsWith("http://127.0.0.1:");
    assertThat(endpoints.path("kafkaBootstrapServers").asText()).isEqualTo(sandbox.kafkaBootstrapServers());
    assertThat(endpoints.path("redisUrl").asText()).isEqualTo(sandbox.redisUrl()).startsWith("redis://127.0.0.1:");
  }

  @Test
  @Order(2)
  void pointsPipelinesAtTheEmbeddedServersAndRunsTheWorkloadsOfAppliedObjects() throws Exception {
    Path manifest = dir.resolve("market-data.yaml");
    Files.writeString(manifest, """
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: market-data}
        spec:
          kafka: {strimzi: {cluster: my-cluster, namespace: kafka, listener: plain}}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics: [{name: market-data-stream, partitions: 6, replicas: 1}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cache-writer}
        data: {config.json: "{}"}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: cache-writer}
        spec:
          replicas: 2
          selector: {matchLabels: {app: cache-writer}}
          template:
            metadata: {labels: {app: cache-writer}}
            spec:
              containers:
                - name: runtime
                  image: tributary/pipeline-runtime
                  args: [worker]
                  volumeMounts: [{name: config, mountPath: /etc/tributary}]
              volumes: [{name: config, configMap: {name: cache-writer}}]
        """);

    List<String> lines = sandbox.apply(List.of(manifest));

    assertThat(lines).anySatisfy(line -> assertThat(line)
        .contains("Pipeline default/market-data")
        .contains("-> {\"bootstrapServers\":\"" + sandbox.kafkaBootstrapServers() + "\"}")
        .contains("-> {\"url\":\"" + sandbox.redisUrl() + "\"}"));
    GenericKubernetesResource pipeline = sandbox.client()
        .genericKubernetesResources("tributary.io/v1alpha1", "Pipeline").inNamespace("default").withName("market-data").get();
    assertThat(map(map(pipeline.getAdditionalProperties().get("spec")).get("kafka")))
        .isEqualTo(Map.of("bootstrapServers", sandbox.kafkaBootstrapServers()));

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      assertThat(sandbox.node().pods()).hasSize(2).allMatch(LocalPod::ready);
      // both files follow the pods by themselves
      JsonNode pods = new ObjectMapper().readTree(sandbox.endpointsFile().toFile()).path("pods");
      assertThat(pods).hasSize(2).allSatisfy(pod -> assertThat(pod.path("metricsUrl").asText())
          .matches("http://127\\.0\\.0\\.1:\\d+/metrics"));
      JsonNode targets = new ObjectMapper().readTree(
          sandbox.prometheusConfig().resolveSibling("targets.json").toFile());
      assertThat(targets).hasSize(2).allSatisfy(group -> {
        assertThat(group.path("targets").get(0).asText()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(group.path("labels").path("namespace").asText()).isEqualTo("default");
        assertThat(group.path("labels").path("pod").asText()).startsWith("cache-writer-");
      });
    });
  }

  @Test
  @Order(3)
  void createsKafkaTopicsInTheBrokerAndMarksThemReady() {
    sandbox.client().genericKubernetesResources("kafka.strimzi.io/v1", "KafkaTopic").inNamespace("kafka")
        .resource(kafkaTopic("market-data-stream", 6)).create();

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      try (Admin admin = sandbox.kafka().admin()) {
        assertThat(admin.describeTopics(List.of("market-data-stream")).allTopicNames().get(10, TimeUnit.SECONDS)
            .get("market-data-stream").partitions()).hasSize(6);
      }
      GenericKubernetesResource topic = sandbox.client().genericKubernetesResources("kafka.strimzi.io/v1", "KafkaTopic")
          .inNamespace("kafka").withName("market-data-stream").get();
      List<?> conditions = (List<?>) map(topic.getAdditionalProperties().get("status")).get("conditions");
      assertThat(conditions).singleElement().satisfies(c -> assertThat(map(c))
          .containsEntry("type", "Ready").containsEntry("status", "True"));
    });
  }

  @Test
  @Order(4)
  void theTableShowsEachComponentWithItsReplicasAndStatus() {
    GenericKubernetesResource worker = new GenericKubernetesResource();
    worker.setApiVersion("tributary.io/v1alpha1");
    worker.setKind("Worker");
    worker.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("cache-writer").build());
    worker.setAdditionalProperty("spec", Map.of("pipeline", "market-data",
        "input", Map.of("topic", Map.of("name", "market-data-stream")), "processors", List.of(Map.of("log", Map.of()))));
    GenericKubernetesResource created = sandbox.client().genericKubernetesResources("tributary.io/v1alpha1", "Worker")
        .inNamespace("default").resource(worker).create();
    io.tributary.operator.testing.Conflicts.retry(() -> // as the operator would: the Deployment belongs to the Worker
    sandbox.client().apps().deployments().inNamespace("default").withName("cache-writer").edit(d -> {
      d.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
          .withApiVersion("tributary.io/v1alpha1").withKind("Worker").withName("cache-writer")
          .withUid(created.getMetadata().getUid()).withController(true).build()));
      return d;
    }));

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(sandbox.statusTable())
        .containsPattern("Worker +cache-writer +2/2 "));
    assertThat(sandbox.defaultBurstTopic()).contains("market-data-stream");
  }

  @Test
  @Order(5)
  void restartsARedisServerThatDiedOnTheSamePortAndSaysSo() throws Exception {
    List<String> reports = new CopyOnWriteArrayList<>();
    sandbox.reportTo(reports::add);
    int port = sandbox.redis().port();
    String url = sandbox.redisUrl();
    long pid = redisStartedBySandbox.iterator().next();
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      assertThat(connection.sync().ping()).isEqualTo("PONG");
      Set<Long> before = childPids();

      assertThat(new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor()).isZero();

      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reports)
          .anySatisfy(line -> assertThat(line).startsWith("redis-server on 127.0.0.1:" + port + " exited"))
          .anySatisfy(line -> assertThat(line).startsWith("redis-server restarted on 127.0.0.1:" + port)));
      assertThat(redisPing(port)).isEqualTo("+PONG");
      // a client of the old server reconnects by itself, at the same URL
      await().atMost(TIMEOUT).ignoreExceptions().until(() -> "PONG".equals(connection.sync().ping()));
      assertThat(sandbox.redisUrl()).isEqualTo(url);
      redisStartedBySandbox = newRedisChildren(before);
      assertThat(redisStartedBySandbox).hasSize(1).doesNotContain(pid);
    } finally {
      client.shutdown();
    }
  }

  @Test
  @Order(6)
  void refusesToStartOnABusyPortOrWithoutTheRuntimeJarAndSaysWhy() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> Sandbox.start(SandboxOptions.defaults().withOutputDir(dir.resolve("busy"))
          .withLauncher(new FakePodLauncher()).withOperator(OperatorStarter.none()).withRedisPort(busy.getLocalPort())))
          .isInstanceOf(SandboxStartupException.class)
          .hasMessage("port " + busy.getLocalPort() + " on 127.0.0.1 is already in use (--redis-port, for redis-server):"
              + " stop what listens there, or pick another port, or use 0 for any free port");
    }
    assertThatThrownBy(() -> Sandbox.start(SandboxOptions.defaults().withOutputDir(dir.resolve("nojar"))
        .withRuntimeJar(dir.resolve("missing/pipeline-runtime.jar")).withOperator(OperatorStarter.none())))
        .isInstanceOf(SandboxStartupException.class)
        .hasMessageContaining("missing/pipeline-runtime.jar does not exist: build it with ./mvnw -q package -DskipTests");
  }

  @Test
  @Order(7)
  void closeLeavesNoProcessBehind() {
    Set<Long> pids = sandbox.node().pods().stream().filter(p -> p.pid().isPresent()).map(p -> p.pid().getAsLong())
        .collect(Collectors.toSet());
    assertThat(pids).isNotEmpty();
    assertThat(redisStartedBySandbox).hasSize(1);

    sandbox.close();

    assertThat(pids).noneMatch(SandboxIT::alive);
    assertThat(redisStartedBySandbox).noneMatch(SandboxIT::alive);
    // other test classes in this JVM may own children of their own: look only for ours
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .map(p -> p.info().commandLine().orElse(""))
        .filter(line -> line.contains("FakePod"))).isEmpty();
  }

  static Set<Long> childPids() {
    return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  /** redis-server children that were not there before (its executable's name says redis). */
  static Set<Long> newRedisChildren(Set<Long> before) {
    return ProcessHandle.current().children()
        .filter(p -> !before.contains(p.pid()) && p.info().command().orElse("").contains("redis"))
        .map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static GenericKubernetesResource kafkaTopic(String name, int partitions) {
    GenericKubernetesResource topic = new GenericKubernetesResource();
    topic.setApiVersion("kafka.strimzi.io/v1");
    topic.setKind("KafkaTopic");
    topic.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
        .addToLabels("strimzi.io/cluster", "my-cluster").build());
    topic.setAdditionalProperty("spec", Map.of("partitions", partitions, "replicas", 1,
        "config", Map.of("retention.ms", "604800000")));
    return topic;
  }

  private static String redisPing(int port) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
