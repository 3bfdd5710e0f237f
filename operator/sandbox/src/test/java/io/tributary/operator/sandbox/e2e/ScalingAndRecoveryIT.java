package io.tributary.operator.sandbox.e2e;

import static io.tributary.operator.sandbox.e2e.EndToEnd.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.WorkloadModel;
import io.tributary.operator.sandbox.Sandbox;
import io.tributary.operator.sandbox.node.LocalPod;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lag autoscaler and crash recovery with real pods: a burst scales a Worker up in one step and
 * back down after the stabilization window; a worker killed with SIGKILL mid-stream is restarted
 * and nothing is lost or counted twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingAndRecoveryIT {
  private static final int LAG_THRESHOLD = 1000;
  private static final int STABILIZATION_SECONDS = 20;
  private static final String BURST_WORKER = "e2e-burst-counter";
  private static final String STREAM_WORKER = "e2e-stream-counter";
  private static final Pattern UP_REASON = Pattern.compile("^lag (\\d+) > 1 replica x " + LAG_THRESHOLD + "; .*-> (\\d+)(?: \\(floor (\\d+), rate (\\d+)\\))?(.*)$");

  private Sandbox sandbox;
  private RedisClient redisClient;
  private StatefulRedisConnection<String, String> redis;

  /** The Redis names' prefix: the Pipeline's default, {@code default.<pipeline>:}. */
  private static final String PREFIX = io.tributary.runtime.config.KeyPrefix.derived("default", "e2e-scale");

  @BeforeAll
  void start() {
    sandbox = EndToEnd.startSandbox("e2e-scaling");
    redisClient = RedisClient.create(sandbox.redisUrl());
    redis = redisClient.connect();
    EndToEnd.apply(sandbox, "e2e-scaling.yaml", """
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: e2e-scale}
        spec:
          kafka: {strimzi: {cluster: my-cluster, namespace: kafka}}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics:
            - {name: e2e-burst, partitions: 6, replicas: 1}
            - {name: e2e-stream, partitions: 3, replicas: 1}
        ---
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s}
        spec:
          pipeline: e2e-scale
          input: {topic: {name: e2e-burst}}
          processors: [{aggregate: {key: "e2e_burst:totals", count: true}}]
          autoscaling:
            minReplicas: 1
            maxReplicas: 6
            lagThreshold: %d
            pollIntervalSeconds: 2
            scaleDownStabilizationSeconds: %d
        ---
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s}
        spec:
          pipeline: e2e-scale
          input: {topic: {name: e2e-stream}}
          replicas: 1
          processors:
            - dedupe: {key: "e2e_stream:seen:{id}", ttl: 1h}
            - aggregate: {key: "e2e_stream:totals", count: true, sum: [amount]}
        """.formatted(BURST_WORKER, LAG_THRESHOLD, STABILIZATION_SECONDS, STREAM_WORKER));
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
  void aBurstScalesTheWorkerUpInOneStepToTheComputedCountAndDownAfterTheStabilizationWindow() throws Exception {
    String deployment = WorkloadModel.workloadName(BURST_WORKER, "worker");
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
      assertThat(EndToEnd.podsOf(sandbox, deployment)).singleElement().satisfies(p -> assertThat(p.ready()).isTrue());
      Worker worker = worker(BURST_WORKER);
      // the autoscaler has observed the idle worker
      assertThat(worker.getStatus().getLag()).isZero();
      assertThat(worker.getStatus().getPartitions()).isEqualTo(6);
    });
    ReplicaRecorder recorder = new ReplicaRecorder(sandbox, deployment).start();
    try {
      int burst = 60_000;
      sendAtOnce("e2e-burst", burst);

      String[] upReason = new String[1];
      await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() -> {
        String reason = worker(BURST_WORKER).getStatus().getLastScaleReason();
        if (reason != null && UP_REASON.matcher(reason).matches()) {
          upReason[0] = reason;
          return true;
        }
        return false;
      });
      int computed = computedCount(upReason[0]);
      assertThat(computed).as(upReason[0]).isGreaterThan(1);
      await().atMost(LONG).until(() -> recorder.values().contains(computed));

      await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> {
        List<Integer> seen = recorder.values();
        return seen.size() > 2 && seen.get(seen.size() - 1) == 1;
      });
      List<Integer> seen = recorder.values();
      // 1, then the computed count in one change, then only steps down back to 1
      assertThat(seen.get(0)).as("replicas seen: %s", seen).isEqualTo(1);
      assertThat(seen.get(1)).as("replicas seen: %s", seen).isEqualTo(computed);
      assertThat(seen.subList(1, seen.size())).as("replicas seen: %s", seen).isSortedAccordingTo((a, b) -> b - a);
      long upToFirstDownMillis = recorder.millisBetweenChanges(1, 2);
      assertThat(upToFirstDownMillis).as("replicas seen: %s", seen)
          .isGreaterThanOrEqualTo((STABILIZATION_SECONDS - 2) * 1000L);
      Worker worker = worker(BURST_WORKER);
      assertThat(worker.getStatus().getLastScaleReason()).startsWith("lag ").containsPattern(" replicas? x " + LAG_THRESHOLD);
      await().atMost(LONG).until(() -> EndToEnd.podsOf(sandbox, deployment).size() == 1);
    } finally {
      recorder.close();
    }
    assertThat(Long.parseLong(redis.sync().hget(PREFIX + "e2e_burst:totals", "count"))).isGreaterThanOrEqualTo(60_000L);
  }

  @Test
  void aWorkerKilledMidStreamIsRestartedAndTheCountsEqualWhatWasProduced() throws Exception {
    String deployment = WorkloadModel.workloadName(STREAM_WORKER, "worker");
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> EndToEnd.podsOf(sandbox, deployment).stream()
        .anyMatch(p -> p.ready() && p.pid().isPresent()));
    await().atMost(LONG).until(() -> EndToEnd.partitions(sandbox, "e2e-stream") == 3);
    LocalPod before = EndToEnd.podsOf(sandbox, deployment).get(0);

    int records = 24_000;
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> produceSlowly("e2e-stream", records, sent));
    await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> processed() >= 3_000);
    int sentAtKill = sent.get();
    ProcessHandle process = ProcessHandle.of(before.pid().getAsLong()).orElseThrow();
    // destroyForcibly is SIGKILL on Linux: no shutdown hook, no commit of in-flight work
    assertThat(process.destroyForcibly()).isTrue();
    process.onExit().get(30, TimeUnit.SECONDS);

    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(EndToEnd.podsOf(sandbox, deployment)).singleElement().satisfies(pod -> {
          assertThat(pod.restartCount()).isGreaterThanOrEqualTo(1);
          assertThat(pod.ready()).isTrue();
          assertThat(pod.pid()).isPresent();
          assertThat(pod.pid().getAsLong()).isNotEqualTo(before.pid().getAsLong());
        }));
    stream.get(5, TimeUnit.MINUTES);
    assertThat(sentAtKill).as("records sent when the worker was killed").isLessThan(records);

    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
      assertThat(EndToEnd.groupLag(sandbox, "e2e-scale." + STREAM_WORKER, "e2e-stream")).isZero();
      assertThat(processed()).isEqualTo(records);
    });
    // amount i for record i: the sum tells that each record counted exactly once, not just as many
    long expectedSum = (long) records * (records - 1) / 2;
    assertThat(Double.parseDouble(redis.sync().hget(PREFIX + "e2e_stream:totals", "sum_amount"))).isEqualTo((double) expectedSum);
  }

  private long processed() {
    String count = redis.sync().hget(PREFIX + "e2e_stream:totals", "count");
    return count == null ? 0 : Long.parseLong(count);
  }

  /** About 2,000 records a second in batches, so the stream is still flowing when the worker dies. */
  private void produceSlowly(String topic, int records, AtomicInteger sent) {
    try (KafkaProducer<String, String> producer = EndToEnd.producer(sandbox)) {
      for (int i = 0; i < records; i++) {
        String id = "e2e-s-" + i;
        producer.send(new ProducerRecord<>(topic, id, "{\"id\":\"" + id + "\",\"amount\":" + i + "}"));
        if (sent.incrementAndGet() % 500 == 0) {
          producer.flush();
          Thread.sleep(250);
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code count} records so that they reach the broker together: everything waits in the
   * producer's batches (long linger, big batches) until {@code flush()}, so the autoscaler sees the
   * whole burst in one observation rather than half of it.
   */
  private void sendAtOnce(String topic, int count) throws Exception {
    Properties batching = new Properties();
    batching.put("linger.ms", "60000");
    batching.put("batch.size", String.valueOf(900_000));
    batching.put("max.request.size", String.valueOf(16 * 1024 * 1024));
    batching.put("buffer.memory", String.valueOf(64 * 1024 * 1024));
    batching.put("compression.type", "lz4");
    try (KafkaProducer<String, String> producer = EndToEnd.producer(sandbox, batching)) {
      int partitions = producer.partitionsFor(topic).size();
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, i % partitions, "b-" + i, "{\"id\":\"b-" + i + "\"}"));
      }
      producer.flush();
    }
  }

  /**
   * The replica count the reason's numbers give: {@code ceil(lag / lagThreshold)} as the floor, the
   * stated recommendation {@code max(floor, rate)}, then the partition cap (6) and maxReplicas (6).
   */
  private static int computedCount(String reason) {
    Matcher m = UP_REASON.matcher(reason);
    assertThat(m.matches()).as(reason).isTrue();
    long lag = Long.parseLong(m.group(1));
    long recommendation = Long.parseLong(m.group(2));
    long floor = (lag + LAG_THRESHOLD - 1) / LAG_THRESHOLD;
    if (m.group(3) != null) {
      assertThat(Long.parseLong(m.group(3))).as("floor in " + reason).isEqualTo(floor);
      assertThat(recommendation).as(reason).isEqualTo(Math.max(floor, Long.parseLong(m.group(4))));
    } else {
      assertThat(recommendation).as("floor alone in " + reason).isEqualTo(floor);
    }
    if (recommendation > 6) {
      assertThat(m.group(5)).as(reason).contains("capped at 6 partitions");
    }
    return (int) Math.min(recommendation, 6);
  }

  private Worker worker(String name) {
    return sandbox.client().resources(Worker.class).inNamespace("default").withName(name).get();
  }

  /** Records each change of a Deployment's {@code spec.replicas}, polled 4 times a second, with the time it was seen. */
  private static final class ReplicaRecorder implements AutoCloseable {
    private final Sandbox sandbox;
    private final String deployment;
    private final List<Integer> values = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Long> changedAtMillis = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.ScheduledExecutorService poller =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    ReplicaRecorder(Sandbox sandbox, String deployment) {
      this.sandbox = sandbox;
      this.deployment = deployment;
    }

    ReplicaRecorder start() {
      poll();
      poller.scheduleWithFixedDelay(this::poll, 250, 250, TimeUnit.MILLISECONDS);
      return this;
    }

    private void poll() {
      try {
        Deployment d = sandbox.client().apps().deployments().inNamespace("default").withName(deployment).get();
        // the operator leaves spec.replicas unset until the autoscaler writes it: Kubernetes reads that as 1
        Integer replicas = d == null ? null : d.getSpec().getReplicas() == null ? Integer.valueOf(1) : d.getSpec().getReplicas();
        if (replicas != null && (values.isEmpty() || !values.get(values.size() - 1).equals(replicas))) {
          values.add(replicas);
          changedAtMillis.add(System.currentTimeMillis());
        }
      } catch (RuntimeException apiHiccup) {
        // the next poll sees the same value
      }
    }

    List<Integer> values() {
      return List.copyOf(values);
    }

    long millisBetweenChanges(int from, int to) {
      return changedAtMillis.get(to) - changedAtMillis.get(from);
    }

    @Override
    public void close() {
      poller.shutdownNow();
    }
  }
}
