package io.tributary.operator.sandbox.e2e;

import static io.tributary.operator.sandbox.e2e.EndToEnd.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.api.v1alpha1.EtlRunSummary;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.WorkloadModel;
import io.tributary.operator.sandbox.Sandbox;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The examples as a user runs them, in one sandbox with the real operator and the real runtime
 * jar: the payments API ({@code manifests/examples/payments.yaml}), a {@code run-now} ETL run, and
 * a Worker the operator must refuse. Each test uses its own Redis keys and Kafka topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelinesEndToEndIT {
  private Sandbox sandbox;
  private RedisClient redisClient;
  private StatefulRedisConnection<String, String> redisConnection;

  @BeforeAll
  void start() {
    sandbox = EndToEnd.startSandbox("e2e-pipelines");
    redisClient = RedisClient.create(sandbox.redisUrl());
    redisConnection = redisClient.connect();
  }

  @AfterAll
  void stop() {
    if (redisConnection != null) {
      redisConnection.close();
    }
    if (redisClient != null) {
      redisClient.shutdown();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void paymentsPostedOverHttpAreAggregatedPerMerchantOnceEachAndInvalidOnesGoToTheDeadLetterTopic() throws Exception {
    sandbox.apply(List.of(EndToEnd.repositoryFile("manifests/examples/payments.yaml")));
    String ingestUrl = EndToEnd.readyHttpUrl(sandbox, WorkloadModel.workloadName("payments-api", "producer")) + "/v1/payments";
    await().atMost(LONG).until(() -> EndToEnd.podsOf(sandbox, WorkloadModel.workloadName("payment-aggregator", "worker"))
        .stream().anyMatch(p -> p.ready()));

    HttpResponse<String> first = post(ingestUrl, "e2e-payments-1", """
        {"records": [
          {"payment_id": "e2e-p-1", "merchant": "e2e-acme",   "amount": 12.5,  "currency": "EUR"},
          {"payment_id": "e2e-p-2", "merchant": "e2e-acme",   "amount": 7.25,  "currency": "EUR"},
          {"payment_id": "e2e-p-3", "merchant": "e2e-globex", "amount": 100,   "currency": "EUR"},
          {"payment_id": "e2e-p-2", "merchant": "e2e-acme",   "amount": 7.25,  "currency": "EUR"},
          {"payment_id": "e2e-p-4", "merchant": "e2e-globex", "amount": 0.75,  "currency": "EUR"},
          {"payment_id": "e2e-p-bad",                          "amount": 5,     "currency": "EUR"},
          {"payment_id": "e2e-p-5", "merchant": "e2e-acme",   "amount": 30,    "currency": "EUR"}
        ]}""");
    // a client retrying a payment it already sent
    HttpResponse<String> retry = post(ingestUrl, "e2e-payments-2", """
        {"records": [{"payment_id": "e2e-p-3", "merchant": "e2e-globex", "amount": 100, "currency": "EUR"}]}""");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(first.body()).contains("\"accepted\":7");
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
    RedisCommands<String, String> redis = redisConnection.sync();
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
      // everything committed first, so the hashes read next are final
      assertThat(EndToEnd.groupLag(sandbox, "payments.payment-aggregator", "payments")).isZero();
      assertAggregate(redis.hgetall(key("payments", "payments:merchant:e2e-acme")), 3, "49.75");
      assertAggregate(redis.hgetall(key("payments", "payments:merchant:e2e-globex")), 2, "100.75");
      assertAggregate(redis.hgetall(key("payments", "payments:total")), 5, "150.5");
    });

    ConsumerRecord<String, String> dead = deadLetter("payments.dlq", "e2e-p-bad");
    // the producer forwards each record as the client sent it, byte for byte, and so does the DLQ
    assertThat(dead.value())
        .isEqualTo("{\"payment_id\": \"e2e-p-bad\",                          \"amount\": 5,     \"currency\": \"EUR\"}");
    Map<String, String> headers = headers(dead);
    assertThat(headers).containsEntry("tributary.original.topic", "payments")
        .containsEntry("tributary.attempts", "3")
        .containsEntry("tributary.component", "payment-aggregator")
        .containsEntry("correlation-id", "e2e-payments-1")
        .containsKeys("tributary.error.class", "tributary.original.partition", "tributary.original.offset");
    assertThat(headers.get("tributary.error.message")).contains("merchant");
  }

  @Test
  void aRunNowRunLoadsTheAggregatedHashesAndReportsItsSummaryInTheStatus() throws Exception {
    EndToEnd.apply(sandbox, "e2e-etl.yaml", """
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: e2e-etl}
        spec:
          kafka: {strimzi: {cluster: my-cluster, namespace: kafka}}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics: [{name: e2e-etl-ticks, partitions: 3, replicas: 1}]
        ---
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: e2e-etl-ticks}
        spec:
          pipeline: e2e-etl
          schedule: "0 0 1 1 *"      # never during the test: only the run-now run
          timeZone: UTC
          extract: {topic: {name: e2e-etl-ticks, maxRecords: 100000}}
          transform:
            - filter: {field: price, op: gt, value: 0}
            - select: {fields: [symbol, price, volume, ts]}
            - dedupe: {fields: [symbol, ts]}
            - aggregate: {groupBy: [symbol], count: true, sum: [volume], min: [price], max: [price], avg: [price]}
          load: {redisHash: {key: "e2e_etl:{symbol}:15m", ttl: 1d}}
          quality: {minRecords: 1, requiredFields: [symbol, count, avg_price]}
        """);
    await().atMost(LONG).until(() -> EndToEnd.partitions(sandbox, "e2e-etl-ticks") == 3);
    try (KafkaProducer<String, String> producer = EndToEnd.producer(sandbox)) {
      for (String tick : List.of(
          "{\"symbol\":\"AAPL\",\"price\":100,\"volume\":10,\"ts\":1}",
          "{\"symbol\":\"AAPL\",\"price\":110,\"volume\":20,\"ts\":2}",
          "{\"symbol\":\"AAPL\",\"price\":110,\"volume\":20,\"ts\":2}",
          "{\"symbol\":\"AAPL\",\"price\":-1,\"volume\":5,\"ts\":3}",
          "{\"symbol\":\"MSFT\",\"price\":300,\"volume\":1,\"ts\":1}",
          "{\"symbol\":\"MSFT\",\"price\":310,\"volume\":3,\"ts\":2,\"venue\":\"XNAS\"}")) {
        String symbol = tick.substring(11, 15);
        producer.send(new ProducerRecord<>("e2e-etl-ticks", symbol, tick)).get();
      }
    }
    await().atMost(LONG).until(() -> EndToEnd.condition(schedule().getStatus() == null ? null
        : schedule().getStatus().getConditions(), "Ready").map(c -> "True".equals(c.getStatus())).orElse(false));

    runNow("e2e-etl-ticks", "e2e-1");

    await().atMost(LONG).pollInterval(Duration.ofSeconds(1))
        .until(() -> schedule().getStatus() != null && schedule().getStatus().getLastRun() != null);
    EtlRunSummary run = schedule().getStatus().getLastRun();
    assertThat(run.getResult()).as(run.getMessage()).isEqualTo("Succeeded");
    assertThat(run.getRecords()).isEqualTo(2L);
    assertThat(run.getJob()).isNotBlank();
    RedisCommands<String, String> redis = redisConnection.sync();
    assertHash(redis.hgetall(key("e2e-etl", "e2e_etl:AAPL:15m")), "AAPL",
        Map.of("count", "2", "sum_volume", "30", "min_price", "100", "max_price", "110", "avg_price", "105"));
    assertHash(redis.hgetall(key("e2e-etl", "e2e_etl:MSFT:15m")), "MSFT",
        Map.of("count", "2", "sum_volume", "4", "min_price", "300", "max_price", "310", "avg_price", "305"));
    assertThat(redis.ttl(key("e2e-etl", "e2e_etl:AAPL:15m"))).isBetween(1L, 86_400L);
  }

  /**
   * A run its CronJob starts covers the schedule period that ends at its scheduled time (issue
   * #15 §3): of records stamped before, inside and after that minute, it loads exactly the ones
   * inside. The CronJob is created just after a minute boundary, so its first run is at the next.
   */
  @Test
  void aScheduledRunLoadsExactlyTheRecordsOfItsDataInterval() throws Exception {
    EndToEnd.pipelineWithTopic(sandbox, "e2e-interval", "e2e-interval-ticks", 2);
    // the CronJob must be created after the minute boundary B, so that its first run is at
    // F = B + 1 min: a run at B would cover [B - 1 min, B) and load the BEFORE records
    java.time.Instant boundary = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    if (java.time.Instant.now().isAfter(boundary.plusSeconds(15))) {
      boundary = boundary.plusSeconds(60);
      Thread.sleep(Math.max(0, java.time.Duration.between(java.time.Instant.now(), boundary.plusSeconds(1)).toMillis()));
    }
    java.time.Instant firing = boundary.plusSeconds(60);
    EndToEnd.apply(sandbox, "e2e-interval-schedule.yaml", """
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: e2e-interval}
        spec:
          pipeline: e2e-interval
          schedule: "* * * * *"
          timeZone: UTC
          extract: {topic: {name: e2e-interval-ticks}}
          transform:
            - aggregate: {groupBy: [symbol], count: true}
          load: {redisHash: {key: "e2e_interval:{symbol}", ttl: 1d}}
        """);
    String cronJob = io.tributary.operator.model.EtlModel.cronJobName("e2e-interval");
    await().atMost(LONG).until(() -> sandbox.client().batch().v1().cronjobs().inNamespace("default").withName(cronJob).get() != null);
    assertThat(java.time.Instant.now()).as("the CronJob exists well before its first run").isBefore(firing.minusSeconds(5));
    try (KafkaProducer<String, String> producer = EndToEnd.producer(sandbox)) {
      Map<String, Long> offsets = Map.of("BEFORE", -90L, "INSIDE", -30L, "AFTER", 20L);
      int partition = 0;
      for (var bucket : offsets.entrySet()) {
        for (int i = 0; i < 3; i++) {
          long timestamp = firing.plusSeconds(bucket.getValue()).plusMillis(i).toEpochMilli();
          String tick = "{\"symbol\":\"" + bucket.getKey() + "\",\"price\":" + (10 + i) + "}";
          producer.send(new ProducerRecord<>("e2e-interval-ticks", partition++ % 2, timestamp, bucket.getKey(), tick)).get();
        }
      }
    }
    assertThat(java.time.Instant.now()).as("the records are in Kafka before the run").isBefore(firing);

    String firstJob = cronJob + "-" + firing.getEpochSecond() / 60;
    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      EtlSchedule s = sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName("e2e-interval").get();
      return s.getStatus() != null && s.getStatus().getLastRun() != null && firstJob.equals(s.getStatus().getLastRun().getJob());
    });
    EtlRunSummary run = sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName("e2e-interval").get()
        .getStatus().getLastRun();
    // the next run (at firing + 1 min) must not add to what this one loaded
    sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName("e2e-interval").delete();

    assertThat(run.getResult()).as(run.getMessage()).isEqualTo("Succeeded");
    assertThat(run.getRecords()).as("one aggregated row: the INSIDE group").isEqualTo(1L);
    RedisCommands<String, String> redis = redisConnection.sync();
    assertThat(redis.hgetall(key("e2e-interval", "e2e_interval:INSIDE"))).containsEntry("count", "3");
    assertThat(redis.exists(key("e2e-interval", "e2e_interval:BEFORE"), key("e2e-interval", "e2e_interval:AFTER"))).isZero();
  }

  /**
   * A backfill over three hourly periods (issue #15 §3): one run per period, one after the other,
   * each loading exactly the records stamped inside its hour, none of those before or after the
   * range; progress in status.backfill, each run in status.recentRuns; the same id again starts nothing.
   */
  @Test
  void aBackfillOverThreePeriodsLoadsExactlyTheRecordsOfEachInterval() throws Exception {
    EndToEnd.pipelineWithTopic(sandbox, "e2e-backfill", "e2e-backfill-ticks", 2);
    java.time.Instant t0 = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minusSeconds(4 * 3600);
    try (KafkaProducer<String, String> producer = EndToEnd.producer(sandbox)) {
      int partition = 0;
      // period h holds h + 2 records; "early" and "late" lie outside the range
      Map<String, java.util.List<java.time.Instant>> stamps = new java.util.LinkedHashMap<>();
      stamps.put("early", List.of(t0.minusSeconds(1800)));
      for (int h = 0; h < 3; h++) {
        java.util.List<java.time.Instant> times = new ArrayList<>();
        for (int i = 0; i < h + 2; i++) {
          times.add(t0.plusSeconds(h * 3600L + 600 + i));
        }
        stamps.put("p" + h, times);
      }
      stamps.put("late", List.of(t0.plusSeconds(3 * 3600 + 600)));
      for (var bucket : stamps.entrySet()) {
        for (java.time.Instant at : bucket.getValue()) {
          producer.send(new ProducerRecord<>("e2e-backfill-ticks", partition++ % 2, at.toEpochMilli(), bucket.getKey(),
              "{\"period\":\"" + bucket.getKey() + "\"}")).get();
        }
      }
    }
    EndToEnd.apply(sandbox, "e2e-backfill-schedule.yaml", """
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: e2e-backfill}
        spec:
          pipeline: e2e-backfill
          schedule: "0 * * * *"
          timeZone: UTC
          suspend: true
          extract: {topic: {name: e2e-backfill-ticks}}
          transform:
            - aggregate: {groupBy: [period], count: true}
          load: {redisHash: {key: "e2e_bf:{period}", ttl: 1d}}
          backfill: {id: rerun-1, from: "%s", to: "%s"}
        """.formatted(t0, t0.plusSeconds(3 * 3600)));

    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      var s = sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName("e2e-backfill").get();
      return s.getStatus() != null && s.getStatus().getBackfill() != null
          && !"Running".equals(s.getStatus().getBackfill().getPhase());
    });
    EtlSchedule done = sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName("e2e-backfill").get();
    var progress = done.getStatus().getBackfill();
    assertThat(progress.getPhase()).as(progress.getMessage()).isEqualTo("Succeeded");
    assertThat(progress.getPeriods()).isEqualTo(3);
    assertThat(progress.getSucceeded()).isEqualTo(3);
    RedisCommands<String, String> redis = redisConnection.sync();
    assertThat(redis.hget(key("e2e-backfill", "e2e_bf:p0"), "count")).isEqualTo("2");
    assertThat(redis.hget(key("e2e-backfill", "e2e_bf:p1"), "count")).isEqualTo("3");
    assertThat(redis.hget(key("e2e-backfill", "e2e_bf:p2"), "count")).isEqualTo("4");
    assertThat(redis.exists(key("e2e-backfill", "e2e_bf:early"), key("e2e-backfill", "e2e_bf:late"))).isZero();
    // one run per period, each with its hour as data interval, one after the other
    var runs = done.getStatus().getRecentRuns();
    assertThat(runs).extracting(r -> r.getDataIntervalStart())
        .containsExactly(t0.plusSeconds(7200).toString(), t0.plusSeconds(3600).toString(), t0.toString());
    assertThat(runs).extracting(r -> r.getRecords()).containsExactly(1L, 1L, 1L);
    for (int i = 0; i + 1 < runs.size(); i++) {
      // the run's own start: its Job finished durationSeconds after the runtime began the run
      java.time.Instant started = java.time.Instant.parse(runs.get(i).getFinishTime())
          .minusMillis(Math.round(runs.get(i).getDurationSeconds() * 1000));
      assertThat(started).as("maxConcurrent 1: a period's run starts after the one before it finished")
          .isAfterOrEqualTo(java.time.Instant.parse(runs.get(i + 1).getFinishTime()).minusSeconds(1));
    }
io.tributary.operator.testing.Conflicts.retry(() -> 
    // the same id again (any change of the resource): nothing more
    sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName("e2e-backfill").edit(s -> {
      s.getMetadata().setLabels(new HashMap<>(Map.of("touched", "yes")));
      return s;
    }));
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() ->
        sandbox.client().batch().v1().jobs().inNamespace("default").list().getItems().stream()
            .filter(j -> "rerun-1".equals(io.tributary.operator.model.EtlModel.backfillId(j))).count() == 3);
    sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName("e2e-backfill").delete();
  }

  /**
   * A run gated on a Worker's lag (issue #15 §3, {@code spec.waitFor}): the ETL aggregates what a
   * Worker forwards, so it must not start while that Worker has a backlog. The Worker is held at 0
   * replicas with 20 records waiting: the run waits and loads nothing; once the Worker runs and has
   * caught up, the run starts and loads every forwarded record, not the part forwarded so far.
   */
  @Test
  void aRunGatedOnAWorkersLagWaitsForItToCatchUpAndThenLoadsEverythingItForwarded() throws Exception {
    EndToEnd.apply(sandbox, "e2e-gate.yaml", """
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: e2e-gate}
        spec:
          kafka: {strimzi: {cluster: my-cluster, namespace: kafka}}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics: [{name: e2e-gate-in, partitions: 2, replicas: 1}, {name: e2e-gate-out, partitions: 2, replicas: 1}]
        ---
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: e2e-gate-forwarder}
        spec:
          pipeline: e2e-gate
          replicas: 0
          input: {topic: {name: e2e-gate-in}}
          processors: [{forward: {topic: e2e-gate-out}}]
        ---
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: e2e-gate}
        spec:
          pipeline: e2e-gate
          schedule: "0 0 1 1 *"      # never during the test: only the run-now run
          timeZone: UTC
          waitFor: {worker: e2e-gate-forwarder, maxLag: 0, timeout: 3m}
          extract: {topic: {name: e2e-gate-out}}
          transform:
            - aggregate: {groupBy: [symbol], count: true}
          load: {redisHash: {key: "e2e_gate:{symbol}", ttl: 1d}}
        """);
    await().atMost(LONG).until(() -> EndToEnd.partitions(sandbox, "e2e-gate-in") == 2
        && EndToEnd.partitions(sandbox, "e2e-gate-out") == 2);
    try (KafkaProducer<String, String> producer = EndToEnd.producer(sandbox)) {
      for (int i = 0; i < 20; i++) {
        String symbol = i < 12 ? "GATE-A" : "GATE-B";
        producer.send(new ProducerRecord<>("e2e-gate-in", symbol, "{\"symbol\":\"" + symbol + "\",\"n\":" + i + "}")).get();
      }
    }
    await().atMost(LONG).until(() -> {
      EtlSchedule s = gate();
      return s.getStatus() != null && EndToEnd.condition(s.getStatus().getConditions(), "Ready")
          .map(c -> "True".equals(c.getStatus())).orElse(false);
    });
    runNow("e2e-gate", "gate-1");

    // the run's pod is up and says what it waits for; the run neither finishes nor loads
    java.util.concurrent.atomic.AtomicReference<java.nio.file.Path> runLog = new java.util.concurrent.atomic.AtomicReference<>();
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> sandbox.node().pods().stream()
        .filter(p -> p.ownerKind().equals("Job") && p.labels().values().stream().anyMatch(v -> v.contains("e2e-gate")))
        .anyMatch(p -> {
          runLog.set(p.logFile());
          return logOf(p.logFile()).contains("waiting for Worker e2e-gate-forwarder to catch up: 20 records behind e2e-gate-in");
        }));
    await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20))
        .until(() -> gate().getStatus().getLastRun() == null);
    RedisCommands<String, String> redis = redisConnection.sync();
    assertThat(redis.exists(key("e2e-gate", "e2e_gate:GATE-A"), key("e2e-gate", "e2e_gate:GATE-B"))).isZero();
io.tributary.operator.testing.Conflicts.retry(() -> 
    sandbox.client().resources(Worker.class).inNamespace("default").withName("e2e-gate-forwarder").edit(w -> {
      w.getSpec().setReplicas(1);
      return w;
    }));
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1))
        .until(() -> gate().getStatus() != null && gate().getStatus().getLastRun() != null);
    EtlRunSummary run = gate().getStatus().getLastRun();
    assertThat(run.getResult()).as(run.getMessage()).isEqualTo("Succeeded");
    assertThat(EndToEnd.groupLag(sandbox, "e2e-gate.e2e-gate-forwarder", "e2e-gate-in")).isZero();
    assertThat(redis.hget(key("e2e-gate", "e2e_gate:GATE-A"), "count")).isEqualTo("12");
    assertThat(redis.hget(key("e2e-gate", "e2e_gate:GATE-B"), "count")).isEqualTo("8");
    assertThat(logOf(runLog.get())).contains("starting the run");
    sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName("e2e-gate").delete();
    sandbox.client().resources(Worker.class).inNamespace("default").withName("e2e-gate-forwarder").delete();
  }

  /** {@code kubectl annotate etlschedule <name> tributary.io/run-now=<value> --overwrite}. */
  private void runNow(String schedule, String value) {
    io.tributary.operator.testing.Conflicts.retry(() -> sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName(schedule).edit(s -> {
      Map<String, String> annotations = s.getMetadata().getAnnotations() == null ? new HashMap<>()
          : new HashMap<>(s.getMetadata().getAnnotations());
      annotations.put("tributary.io/run-now", value);
      s.getMetadata().setAnnotations(annotations);
      return s;
    }));
  }

  private static String logOf(java.nio.file.Path file) {
    try {
      return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "";
    } catch (java.io.IOException stillBeingWritten) {
      return "";
    }
  }

  private EtlSchedule gate() {
    return sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName("e2e-gate").get();
  }

  @Test
  void aWorkerReadingATopicThePipelineDoesNotDeclareIsNotReadyAndGetsNoDeployment() {
    EndToEnd.apply(sandbox, "e2e-bad-input.yaml", """
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: e2e-bad}
        spec:
          kafka: {strimzi: {cluster: my-cluster, namespace: kafka}}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics: [{name: e2e-bad-declared, partitions: 1, replicas: 1}]
        ---
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: e2e-bad-worker}
        spec:
          pipeline: e2e-bad
          input: {topic: {name: e2e-bad-undeclared}}
          processors: [{log: {}}]
        """);

    await().atMost(LONG).untilAsserted(() -> {
      Worker worker = sandbox.client().resources(Worker.class).inNamespace("default").withName("e2e-bad-worker").get();
      Condition ready = EndToEnd.condition(worker.getStatus() == null ? null : worker.getStatus().getConditions(), "Ready")
          .orElseThrow(() -> new AssertionError("no Ready condition yet"));
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("TopicNotDeclared");
      assertThat(ready.getMessage()).startsWith(
          "spec.input.topic.name: topic \"e2e-bad-undeclared\" is not declared in Pipeline \"e2e-bad\" (declared: ")
          .contains("e2e-bad-declared");
    });
    String deployment = WorkloadModel.workloadName("e2e-bad-worker", "worker");
    assertThat(sandbox.client().apps().deployments().inNamespace("default").withName(deployment).get()).isNull();
    assertThat(sandbox.client().configMaps().inNamespace("default")
        .withName(WorkloadModel.configMapName("e2e-bad-worker", "worker")).get()).isNull();
    assertThat(EndToEnd.podsOf(sandbox, deployment)).isEmpty();
  }

  private EtlSchedule schedule() {
    return sandbox.client().resources(EtlSchedule.class).inNamespace("default").withName("e2e-etl-ticks").get();
  }

  private static HttpResponse<String> post(String url, String correlationId, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .header("X-Correlation-ID", correlationId)
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private ConsumerRecord<String, String> deadLetter(String topic, String key) {
    Properties props = new Properties();
    props.put("bootstrap.servers", sandbox.kafkaBootstrapServers());
    props.put("group.id", "e2e-dlq-reader");
    props.put("auto.offset.reset", "earliest");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      await().atMost(LONG).until(() -> {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
          if (key.equals(r.key())) {
            found.add(r);
          }
        });
        return !found.isEmpty();
      });
    }
    return found.get(0);
  }

  private static Map<String, String> headers(ConsumerRecord<String, String> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  private static void assertAggregate(Map<String, String> hash, int count, String sumAmount) {
    assertThat(hash).containsEntry("count", String.valueOf(count));
    assertThat(new BigDecimal(hash.get("sum_amount"))).isEqualByComparingTo(sumAmount);
  }

  /** Each expected field present, numbers compared by value ({@code 30} equals {@code 30.0}). */
  private static void assertHash(Map<String, String> hash, String symbol, Map<String, String> expected) {
    assertThat(hash).containsEntry("symbol", symbol).containsKeys(expected.keySet().toArray(String[]::new));
    expected.forEach((field, value) -> assertThat(new BigDecimal(hash.get(field))).as(field).isEqualByComparingTo(value));
  }

  /**
   * A Redis name of a Pipeline of namespace {@code default} as its components write it: under
   * the Pipeline's default key prefix {@code default.<pipeline>:}.
   */
  private static String key(String pipeline, String name) {
    return io.tributary.runtime.config.KeyPrefix.derived("default", pipeline) + name;
  }
}
