package io.tributary.operator.sandbox.e2e;

import static io.tributary.operator.sandbox.e2e.EndToEnd.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.api.v1alpha1.ReplayStatus;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.ReplayPlan;
import io.tributary.operator.model.WorkloadModel;
import io.tributary.operator.sandbox.Sandbox;
import io.tributary.operator.sandbox.SandboxOptions;
import io.tributary.operator.sandbox.node.LocalPod;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Declarative replay (issue #15 §2) with real pods, the embedded Kafka and a real redis-server: 3 x
 * 100 records with known timestamps (record j of a partition at T0 + j minutes) are counted by a
 * Worker; a replay from T0 + 60 min holds the Deployment at 0, rewinds the group and brings the
 * pods back, and exactly the 3 x 40 records with a timestamp at or after it are delivered again.
 * With the worker's ledger in place they change nothing (exactly-once Redis effects); with the
 * ledger and the totals deleted first, a second replay applies exactly those 120 again. Re-applying
 * a request whose id was carried out does nothing. And a dead-letter redrive after a fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayEndToEndIT {
  private static final String PIPELINE = "e2e-replay";
  private static final String WORKER = "replay-counter";
  private static final String TOPIC = "e2e-replay-in";
  private static final String GROUP = PIPELINE + "." + WORKER;
  private static final String TOTALS = "e2e_replay:totals";
  /** The Pipeline's default key prefix (namespace default): every Redis name of its Worker is under it. */
  private static final String PREFIX = io.tributary.runtime.config.KeyPrefix.derived("default", PIPELINE);
  /** The redrive Pipeline's Redis names start with its own default key prefix. */
  private static final String REDRIVE_PREFIX = io.tributary.runtime.config.KeyPrefix.derived("default", ReplayEndToEndIT.REDRIVE_PIPELINE);
  private static final int PARTITIONS = 3;
  private static final int PER_PARTITION = 100;
  /** Record j of a partition has the timestamp T0 + j minutes and the amount j. */
  private static final Instant T0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
  private static final Instant FROM = T0.plus(60, ChronoUnit.MINUTES);
  private static final int AT_OR_AFTER = PARTITIONS * 40;

  private Sandbox sandbox;
  private RedisClient redisClient;
  private StatefulRedisConnection<String, String> redis;

  @BeforeAll
  void start() {
    sandbox = EndToEnd.startSandbox(sandboxName(), api());
    redisClient = RedisClient.create(sandbox.redisUrl());
    redis = redisClient.connect();
    EndToEnd.apply(sandbox, "e2e-replay.yaml", manifest(null));
  }

  /** The API the sandbox runs on: the embedded one here, kube-apiserver in {@link ReplayOnRealApiIT}. */
  SandboxOptions.ApiMode api() {
    return SandboxOptions.ApiMode.MOCK;
  }

  String sandboxName() {
    return "e2e-replay";
  }

  @AfterAll
  void stop() {
    if (redis != null) {
      redis.close();
    }
    if (redisClient != null) {
      redisClient.shutdown();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void aReplayFromATimestampDeliversExactlyTheRecordsAtOrAfterItAgainAndTheSameIdNeverRunsTwice() throws Exception {
    String deployment = WorkloadModel.workloadName(WORKER, "worker");
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() ->
        EndToEnd.podsOf(sandbox, deployment).stream().anyMatch(p -> p.ready() && p.pid().isPresent())
            && EndToEnd.partitions(sandbox, TOPIC) == PARTITIONS);
    produce();
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
      assertThat(EndToEnd.groupLag(sandbox, GROUP, TOPIC)).isZero();
      assertThat(redis.sync().hget(PREFIX + TOTALS, "count")).isEqualTo(String.valueOf(PARTITIONS * PER_PARTITION));
    });
    String sumBefore = redis.sync().hget(PREFIX + TOTALS, "sum_amount");
    assertThat(new BigDecimal(sumBefore)).isEqualByComparingTo(BigDecimal.valueOf(PARTITIONS * (PER_PARTITION * (PER_PARTITION - 1) / 2)));

    // 1. a replay with the ledger in place: delivered again, applied never
    EndToEnd.apply(sandbox, "e2e-replay.yaml", manifest("replay-1"));
    ReplayStatus first = awaitDone("replay-1");
    assertThat(first.getRecordsToReplay()).isEqualTo(AT_OR_AFTER);
    assertThat(first.getLagAtStart()).isZero();
    assertThat(first.getReplicasBefore()).isEqualTo(1);
    assertThat(first.getMessage()).isEqualTo("replicas restored to 1; " + AT_OR_AFTER + " records replayed");
    LocalPod resumed = awaitReadyPod(deployment);
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
      assertThat(EndToEnd.groupLag(sandbox, GROUP, TOPIC)).isZero();
      assertThat(replayedRecords(resumed)).isEqualTo(AT_OR_AFTER);
    });
    assertThat(redis.sync().hget(PREFIX + TOTALS, "count")).isEqualTo(String.valueOf(PARTITIONS * PER_PARTITION));
    assertThat(redis.sync().hget(PREFIX + TOTALS, "sum_amount")).isEqualTo(sumBefore);
    assertThat(events()).anyMatch(e -> e.startsWith("ReplayStarted: replay replay-1 (fromTimestamp " + FROM + ")"))
        .anyMatch(e -> e.startsWith("ReplayOffsetsReset: replay replay-1: group " + GROUP + " on topic " + TOPIC
            + ": offsets reset: " + AT_OR_AFTER + " records to replay"))
        .anyMatch(e -> e.startsWith("ReplayDone: replay replay-1"));

    // 2. the same request again (GitOps re-apply): nothing happens, the pod keeps running
    String version = deployment(deployment).getMetadata().getResourceVersion();
    long startedEvents = events().stream().filter(e -> e.startsWith("ReplayStarted")).count();
    EndToEnd.apply(sandbox, "e2e-replay.yaml", manifest("replay-1"));
    Thread.sleep(5_000); // several reconciles of the Worker and polls of the autoscaler's view
    assertThat(deployment(deployment).getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(EndToEnd.podsOf(sandbox, deployment)).singleElement()
        .satisfies(p -> assertThat(p.pid()).isEqualTo(resumed.pid()));
    assertThat(events().stream().filter(e -> e.startsWith("ReplayStarted")).count()).isEqualTo(startedEvents);
    assertThat(worker().getStatus().getReplay()).isEqualTo(first);

    // 3. to reprocess on purpose: delete the ledger and what the processors wrote, then replay
    List<String> ledger = new ArrayList<>(redis.sync().keys(PREFIX + "tributary:applied:" + GROUP + ":*"));
    ledger.add(PREFIX + "tributary:applied:" + GROUP);
    ledger.add(PREFIX + TOTALS);
    redis.sync().del(ledger.toArray(String[]::new));
    EndToEnd.apply(sandbox, "e2e-replay.yaml", manifest("replay-2"));
    ReplayStatus second = awaitDone("replay-2");
    assertThat(second.getRecordsToReplay()).isEqualTo(AT_OR_AFTER);
    LocalPod again = awaitReadyPod(deployment);
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
      assertThat(EndToEnd.groupLag(sandbox, GROUP, TOPIC)).isZero();
      assertThat(redis.sync().hget(PREFIX + TOTALS, "count")).isEqualTo(String.valueOf(AT_OR_AFTER));
    });
    // amounts 60..99 per partition: each of the 120 records applied exactly once
    long expected = PARTITIONS * (long) (60 + 99) * 40 / 2;
    assertThat(new BigDecimal(redis.sync().hget(PREFIX + TOTALS, "sum_amount"))).isEqualByComparingTo(BigDecimal.valueOf(expected));
    assertThat(replayedRecords(again)).isZero();
  }

  /**
   * Dead-letter redrive (issue #15 §1): a Worker whose key template names a field the records do
   * not have ({@code {merchant_name}}) dead-letters all 9 of them; the bug is fixed (the Worker
   * changed to {@code {merchant}}); a redrive re-publishes the 9 to the input topic with
   * {@code tributary.redrive.id}, the fixed Worker counts each once, and the same id again sends
   * nothing.
   */
  @Test
  void aRedriveAfterTheFixDeliversEachDeadLetteredRecordOnceAndTheSameIdNeverAgain() throws Exception {
    EndToEnd.pipelineWithTopic(sandbox, REDRIVE_PIPELINE, REDRIVE_TOPIC, 2);
    EndToEnd.apply(sandbox, "e2e-redrive.yaml", redriveManifest("{merchant_name}", null));
    String deployment = WorkloadModel.workloadName(REDRIVE_WORKER, "worker");
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() ->
        EndToEnd.podsOf(sandbox, deployment).stream().anyMatch(p -> p.ready() && p.pid().isPresent())
            && EndToEnd.partitions(sandbox, REDRIVE_PIPELINE + ".dlq") > 0);
    try (KafkaProducer<String, String> producer = EndToEnd.producer(sandbox)) {
      for (int i = 0; i < 9; i++) {
        String merchant = i < 5 ? "rd-a" : "rd-b";
        producer.send(new ProducerRecord<>(REDRIVE_TOPIC, "p-" + i,
            "{\"id\":\"p-" + i + "\",\"merchant\":\"" + merchant + "\",\"amount\":" + (i + 1) + "}"));
      }
      producer.flush();
    }
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() ->
        EndToEnd.records(sandbox, REDRIVE_PIPELINE + ".dlq").size() == 9);
    assertThat(redis.sync().exists(REDRIVE_PREFIX + "e2e_rd:rd-a", REDRIVE_PREFIX + "e2e_rd:rd-b")).isZero();

    // the fix: the template names the field the records have; once its pod alone runs, a record
    // sent after it shows the fix works
    String unfixedPod = awaitReadyPod(deployment).name();
    EndToEnd.apply(sandbox, "e2e-redrive.yaml", redriveManifest("{merchant}", null));
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> {
      List<LocalPod> pods = EndToEnd.podsOf(sandbox, deployment);
      return pods.size() == 1 && !pods.get(0).name().equals(unfixedPod) && pods.get(0).ready();
    });
    try (KafkaProducer<String, String> producer = EndToEnd.producer(sandbox)) {
      producer.send(new ProducerRecord<>(REDRIVE_TOPIC, "p-after", "{\"id\":\"p-after\",\"merchant\":\"rd-c\",\"amount\":1}")).get();
    }
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> "1".equals(redis.sync().hget(REDRIVE_PREFIX + "e2e_rd:rd-c", "count")));

    EndToEnd.apply(sandbox, "e2e-redrive.yaml", redriveManifest("{merchant}", "after-fix-1"));
    await().atMost(LONG).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
      var s = sandbox.client().resources(Worker.class).inNamespace("default").withName(REDRIVE_WORKER).get()
          .getStatus().getRedrive();
      assertThat(s.getPhase()).as("%s", s).isEqualTo("Succeeded");
      assertThat(s.getSent()).isEqualTo(9L);
    });
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
      assertThat(EndToEnd.groupLag(sandbox, REDRIVE_PIPELINE + "." + REDRIVE_WORKER, REDRIVE_TOPIC)).isZero();
      assertThat(redis.sync().hget(REDRIVE_PREFIX + "e2e_rd:rd-a", "count")).isEqualTo("5");
      assertThat(redis.sync().hget(REDRIVE_PREFIX + "e2e_rd:rd-b", "count")).isEqualTo("4");
    });
    assertThat(new BigDecimal(redis.sync().hget(REDRIVE_PREFIX + "e2e_rd:rd-a", "sum_amount"))).isEqualByComparingTo("15");
    assertThat(new BigDecimal(redis.sync().hget(REDRIVE_PREFIX + "e2e_rd:rd-b", "sum_amount"))).isEqualByComparingTo("30");
    var redriven = EndToEnd.records(sandbox, REDRIVE_TOPIC).stream()
        .filter(r -> r.headers().lastHeader("tributary.redrive.id") != null).toList();
    assertThat(redriven).hasSize(9).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("tributary.redrive.id").value(),
        java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("after-fix-1"));
    assertThat(redriven).extracting(r -> r.key()).containsExactlyInAnyOrder(
        "p-0", "p-1", "p-2", "p-3", "p-4", "p-5", "p-6", "p-7", "p-8");

    // the same request again (a GitOps re-apply): nothing more is sent
    EndToEnd.apply(sandbox, "e2e-redrive.yaml", redriveManifest("{merchant}", "after-fix-1"));
    Thread.sleep(5_000);
    assertThat(EndToEnd.records(sandbox, REDRIVE_TOPIC).stream()
        .filter(r -> r.headers().lastHeader("tributary.redrive.id") != null)).hasSize(9);
    assertThat(redis.sync().hget(REDRIVE_PREFIX + "e2e_rd:rd-a", "count")).isEqualTo("5");
  }

  private static final String REDRIVE_PIPELINE = "e2e-redrive";
  private static final String REDRIVE_WORKER = "redrive-counter";
  private static final String REDRIVE_TOPIC = "e2e-redrive-in";

  private static String redriveManifest(String keyField, String redriveId) {
    String redrive = redriveId == null ? "" : "  redrive: {id: " + redriveId + "}\n";
    return """
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s}
        spec:
          pipeline: %s
          input: {topic: {name: %s}}
          replicas: 1
          processors:
            - aggregate: {key: "e2e_rd:%s", count: true, sum: [amount]}
          errorPolicy: {maxAttempts: 2, backoff: {initial: 50ms, multiplier: 2, max: 100ms}, deadLetter: true}
        """.formatted(REDRIVE_WORKER, REDRIVE_PIPELINE, REDRIVE_TOPIC, keyField) + redrive;
  }

  private static String manifest(String replayId) {
    String replay = replayId == null ? "" : "  replay: {id: " + replayId + ", fromTimestamp: \"" + FROM + "\"}\n";
    return """
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s}
        spec:
          kafka: {strimzi: {cluster: my-cluster, namespace: kafka}}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics:
            - {name: %s, partitions: %d, replicas: 1}
        ---
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s}
        spec:
          pipeline: %s
          input: {topic: {name: %s}}
          replicas: 1
          processors:
            - aggregate: {key: "%s", count: true, sum: [amount]}
        """.formatted(PIPELINE, TOPIC, PARTITIONS, WORKER, PIPELINE, TOPIC, TOTALS) + replay;
  }

  private void produce() {
    try (KafkaProducer<String, String> producer = EndToEnd.producer(sandbox)) {
      for (int p = 0; p < PARTITIONS; p++) {
        for (int j = 0; j < PER_PARTITION; j++) {
          long timestamp = T0.plus(j, ChronoUnit.MINUTES).toEpochMilli();
          String id = "r-" + p + "-" + j;
          producer.send(new ProducerRecord<>(TOPIC, p, timestamp, id, "{\"id\":\"" + id + "\",\"amount\":" + j + "}"));
        }
      }
      producer.flush();
    }
  }

  private ReplayStatus awaitDone(String id) {
    await().atMost(LONG).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
      ReplayStatus s = worker().getStatus().getReplay();
      assertThat(s.getCompletedId()).as("%s", s).isEqualTo(id);
      assertThat(s.getPhase()).as("%s", s).isEqualTo(ReplayPlan.DONE);
    });
    ReplayStatus s = worker().getStatus().getReplay();
    assertThat(s.getStartTime()).isNotNull();
    assertThat(s.getResetTime()).isNotNull();
    assertThat(s.getFinishTime()).isNotNull();
    Deployment d = deployment(WorkloadModel.workloadName(WORKER, "worker"));
    assertThat(d.getMetadata().getAnnotations()).containsEntry(ReplayPlan.HOLD_ANNOTATION, "");
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    return s;
  }

  private LocalPod awaitReadyPod(String deployment) {
    LocalPod[] pod = new LocalPod[1];
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> {
      List<LocalPod> pods = EndToEnd.podsOf(sandbox, deployment);
      if (pods.size() == 1 && pods.get(0).ready() && pods.get(0).pid().isPresent()) {
        pod[0] = pods.get(0);
        return true;
      }
      return false;
    });
    return pod[0];
  }

  /** {@code tributary_replayed_records_total} of a pod, summed over its topics. */
  private static long replayedRecords(LocalPod pod) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(pod.metricsUrl())).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    double total = 0;
    for (String line : response.body().split("\n")) {
      if (line.startsWith("tributary_replayed_records_total")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) total;
  }

  private List<String> events() {
    return sandbox.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> WORKER.equals(e.getInvolvedObject().getName()) && "Worker".equals(e.getInvolvedObject().getKind()))
        .map(e -> e.getReason() + ": " + e.getMessage())
        .toList();
  }

  private Worker worker() {
    return sandbox.client().resources(Worker.class).inNamespace("default").withName(WORKER).get();
  }

  private Deployment deployment(String name) {
    return sandbox.client().apps().deployments().inNamespace("default").withName(name).get();
  }
}
