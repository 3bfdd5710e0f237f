package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.ConcurrencyPolicy;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.operator.model.EtlModel;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EtlScheduleReconcilerIT {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    cluster.startOperator(Fixtures.FAST_RECHECKS);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void createsACronJobWithTheScheduleSettings() {
    client.resource(Fixtures.strimziPipeline("e1")).create();
    client.resource(Fixtures.etl("rollup1", "e1")).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> cronJob("rollup1-etl") != null);
    CronJob cron = cronJob("rollup1-etl");
    assertThat(cron.getSpec().getSchedule()).isEqualTo("*/15 * * * *");
    assertThat(cron.getSpec().getTimeZone()).isEqualTo("UTC");
    assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cron.getSpec().getStartingDeadlineSeconds()).isEqualTo(300L);
    assertThat(cron.getSpec().getSuspend()).isFalse();
    assertThat(cron.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
    assertThat(cron.getSpec().getFailedJobsHistoryLimit()).isEqualTo(1);
    var job = cron.getSpec().getJobTemplate().getSpec();
    assertThat(job.getActiveDeadlineSeconds()).isEqualTo(3600L);
    assertThat(job.getBackoffLimit()).isZero();
    var container = job.getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs()).containsExactly("etl");
    assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(cron.getMetadata().getOwnerReferences()).extracting(r -> r.getKind()).containsExactly("EtlSchedule");
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("rollup1-etl-config").get().getData().get("config.json"))
        .contains("\"role\" : \"etl\"");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(schedule("rollup1").getStatus().condition("Ready").getReason()).isEqualTo("Scheduled"));
  }

  /** Issue #11 §1.6: an ETL committing in a Worker's group would move the Worker's offsets. */
  @Test
  void anEtlWhoseGroupIsAWorkersIsRefusedNamingTheWorkerAndASameNamedEtlIsNot() {
    client.resource(Fixtures.strimziPipeline("e9")).create();
    client.resource(Fixtures.cacheWorker("w9", "e9")).create();
    await().atMost(Duration.ofSeconds(20)).until(() ->
        client.apps().deployments().inNamespace(NAMESPACE).withName("w9-worker").get() != null);
    EtlSchedule taking = Fixtures.etl("rollup9", "e9");
    taking.getSpec().getExtract().getTopic().setConsumerGroup("e9.w9");
    client.resource(taking).create();
    client.resource(Fixtures.etl("w9", "e9")).create(); // same name as the Worker, default group

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = schedule("rollup9").getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("ConsumerGroupConflict");
      assertThat(ready.getMessage()).startsWith("spec.extract.topic.consumerGroup: consumer group \"e9.w9\" is already the"
          + " consumer group of Worker w9 in Pipeline e9");
    });
    assertThat(cronJob("rollup9-etl")).as("nothing created for the refused schedule").isNull();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(schedule("w9").getStatus().condition("Ready").getReason()).isEqualTo("Scheduled"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var worker = client.resources(io.tributary.api.v1alpha1.Worker.class).inNamespace(NAMESPACE).withName("w9").get();
      assertThat(worker.getStatus()).isNotNull();
      assertThat(worker.getStatus().condition("Ready")).isNotNull();
      assertThat(worker.getStatus().condition("Ready").getReason()).as("the Worker keeps its group")
          .isNotEqualTo("ConsumerGroupConflict");
    });
  }

  @Test
  void anUpdateChangesTheCronJob() {
    client.resource(Fixtures.strimziPipeline("e2")).create();
    client.resource(Fixtures.etl("rollup2", "e2")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> cronJob("rollup2-etl") != null);

    cluster.edit(EtlSchedule.class, "rollup2", e -> {
      e.getSpec().setSchedule("0 * * * *");
      e.getSpec().setSuspend(true);
      e.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.REPLACE);
      return e;
    });

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      CronJob cron = cronJob("rollup2-etl");
      assertThat(cron.getSpec().getSchedule()).isEqualTo("0 * * * *");
      assertThat(cron.getSpec().getSuspend()).isTrue();
      assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Replace");
      assertThat(schedule("rollup2").getStatus().condition("Ready").getReason()).isEqualTo("Suspended");
      assertThat(schedule("rollup2").getStatus().getNextScheduleTime()).as("a suspended schedule does not run").isNull();
    });
  }

  @Test
  void statusTellsWhenTheScheduleRunsNextInItsTimeZone() {
    client.resource(Fixtures.strimziPipeline("e5")).create();
    EtlSchedule etl = Fixtures.etl("rollup5", "e5");
    etl.getSpec().setSchedule("30 3 * * *");
    etl.getSpec().setTimeZone("Asia/Kolkata");
    client.resource(etl).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(schedule("rollup5").getStatus().getNextScheduleTime()).isNotNull());
    Instant next = Instant.parse(schedule("rollup5").getStatus().getNextScheduleTime());
    // 03:30 in Kolkata (UTC+05:30) is 22:00 UTC, within the coming day
    assertThat(next.atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(LocalTime.of(22, 0));
    assertThat(next).isAfter(Instant.now().minusSeconds(5)).isBefore(Instant.now().plus(Duration.ofDays(1)));
  }

  @Test
  void anUnknownTimeZoneIsReportedAndNoCronJobIsCreated() {
    client.resource(Fixtures.strimziPipeline("e6")).create();
    EtlSchedule etl = Fixtures.etl("rollup6", "e6");
    etl.getSpec().setTimeZone("Mars/Olympus_Mons");
    client.resource(etl).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = schedule("rollup6").getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("InvalidSchedule");
      assertThat(ready.getMessage()).startsWith("spec.timeZone: \"Mars/Olympus_Mons\" is not a time zone");
    });
    assertThat(cronJob("rollup6-etl")).isNull();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("rollup6-etl-config").get()).isNull();
    assertThat(schedule("rollup6").getStatus().getNextScheduleTime()).isNull();
  }

  @Test
  void runNowStartsOneJobPerAnnotationValueAndReportsTheRun() {
    client.resource(Fixtures.strimziPipeline("e3")).create();
    client.resource(Fixtures.etl("rollup3", "e3")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> cronJob("rollup3-etl") != null);

    cluster.edit(EtlSchedule.class, "rollup3", e -> {
      e.getMetadata().getAnnotations().put("tributary.io/run-now", "first");
      return e;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> runNowJobs("rollup3").size() == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> "first".equals(schedule("rollup3").getStatus().getLastRunNow()));
    Job job = runNowJobs("rollup3").get(0);
    assertThat(job.getMetadata().getAnnotations()).containsEntry("tributary.io/run-now", "first");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly("etl");

    // the Job's pod ends and writes its summary; the Job completes (what the kubelet and the Job controller do)
    client.resource(new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-abcde")
        .withNamespace(NAMESPACE).addToLabels("job-name", job.getMetadata().getName()).endMetadata()
        .withNewSpec().addNewContainer().withName("etl").withImage("x").endContainer().endSpec().build()).create();
    Pod pod = client.pods().inNamespace(NAMESPACE).withName(job.getMetadata().getName() + "-abcde").get();
    pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withContainerStatuses(new ContainerStatusBuilder()
        .withName("etl").withNewState().withNewTerminated().withExitCode(0)
        .withMessage("{\"result\":\"Succeeded\",\"records\":1234,\"durationSeconds\":4.5,\"message\":\"loaded 42 keys\"}")
        .endTerminated().endState().build()).build());
    client.resource(pod).updateStatus();
    job.setStatus(new JobStatusBuilder().withStartTime("2026-01-01T00:00:00Z").withCompletionTime("2026-01-01T00:00:05Z")
        .withSucceeded(1).withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
    client.resource(job).updateStatus();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var lastRun = schedule("rollup3").getStatus().getLastRun();
      assertThat(lastRun).isNotNull();
      assertThat(lastRun.getJob()).isEqualTo(job.getMetadata().getName());
      assertThat(lastRun.getResult()).isEqualTo("Succeeded");
      assertThat(lastRun.getRecords()).isEqualTo(1234L);
      assertThat(lastRun.getDurationSeconds()).isEqualTo(4.5);
      assertThat(lastRun.getMessage()).isEqualTo("loaded 42 keys");
      assertThat(schedule("rollup3").getStatus().condition("LastRunSucceeded").getStatus()).isEqualTo("True");
    });
    // what Prometheus reads from the operator: one succeeded run, the last run succeeded, at its completion time
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(etlMeter("tributary_etl_runs_total", "rollup3", "result", "succeeded")).isEqualTo(1.0);
      assertThat(etlMeter("tributary_etl_runs_total", "rollup3", "result", "failed")).isZero();
      assertThat(etlMeter("tributary_etl_last_run_succeeded", "rollup3")).isEqualTo(1.0);
      assertThat(etlMeter("tributary_etl_last_success_timestamp_seconds", "rollup3"))
          .isEqualTo(Instant.parse("2026-01-01T00:00:05Z").getEpochSecond());
    });

    // the same value again: no second Job, even after the first one is gone
    client.resource(job).delete();
    cluster.edit(EtlSchedule.class, "rollup3", e -> {
      e.getMetadata().getLabels().put("touched", "yes");
      return e;
    });
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> runNowJobs("rollup3").isEmpty());

    // a new value: a new Job
    cluster.edit(EtlSchedule.class, "rollup3", e -> {
      e.getMetadata().getAnnotations().put("tributary.io/run-now", "second");
      return e;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> runNowJobs("rollup3").size() == 1);
    assertThat(runNowJobs("rollup3").get(0).getMetadata().getName()).isNotEqualTo(job.getMetadata().getName());
  }

  /** The LAST RUN column reads status.lastScheduleTime: a run-now is a run, the CronJob never sees it. */
  @Test
  void aRunNowJobIsTheLastRunUntilTheCronJobFiresLater() {
    client.resource(Fixtures.strimziPipeline("e20")).create();
    client.resource(Fixtures.etl("rollup20", "e20")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> cronJob("rollup20-etl") != null);
    // what the CronJob controller writes after its own firing
    CronJob cron = cronJob("rollup20-etl");
    cron.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder()
        .withLastScheduleTime("2026-01-01T00:00:00Z").withLastSuccessfulTime("2026-01-01T00:00:30Z").build());
    client.resource(cron).updateStatus();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(schedule("rollup20").getStatus().getLastScheduleTime()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(schedule("rollup20").getStatus().getLastSuccessfulTime()).isEqualTo("2026-01-01T00:00:30Z");
    });

    cluster.edit(EtlSchedule.class, "rollup20", e -> {
      e.getMetadata().getAnnotations().put("tributary.io/run-now", "now");
      return e;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> runNowJobs("rollup20").size() == 1);
    Job job = runNowJobs("rollup20").get(0);
    job.setStatus(new JobStatusBuilder().withStartTime("2026-06-01T00:00:00Z").build());
    client.resource(job).updateStatus();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(schedule("rollup20").getStatus().getLastScheduleTime()).isEqualTo("2026-06-01T00:00:00Z");
      assertThat(schedule("rollup20").getStatus().getLastSuccessfulTime()).as("still running")
          .isEqualTo("2026-01-01T00:00:30Z");
    });

    job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(job.getMetadata().getName()).get();
    job.setStatus(new JobStatusBuilder().withStartTime("2026-06-01T00:00:00Z").withCompletionTime("2026-06-01T00:00:05Z")
        .withSucceeded(1).withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
    client.resource(job).updateStatus();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(schedule("rollup20").getStatus().getLastSuccessfulTime()).isEqualTo("2026-06-01T00:00:05Z"));

    // the CronJob fires after the run-now: its time is the later one
    cron = cronJob("rollup20-etl");
    cron.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder()
        .withLastScheduleTime("2026-07-01T00:00:00Z").withLastSuccessfulTime("2026-01-01T00:00:30Z").build());
    client.resource(cron).updateStatus();
    cluster.edit(EtlSchedule.class, "rollup20", e -> {
      e.getMetadata().getLabels().put("touched", "yes");
      return e;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(schedule("rollup20").getStatus().getLastScheduleTime()).isEqualTo("2026-07-01T00:00:00Z");
      assertThat(schedule("rollup20").getStatus().getLastSuccessfulTime()).isEqualTo("2026-06-01T00:00:05Z");
    });
  }

  @Test
  void theOperatorExportsTheScheduleIntervalAndForgetsADeletedSchedule() {
    client.resource(Fixtures.strimziPipeline("e7")).create();
    client.resource(Fixtures.etl("rollup7", "e7")).create();

    // "*/15 * * * *": the next two firings are 15 minutes apart; nothing ran yet
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(etlMeter("tributary_etl_schedule_interval_seconds", "rollup7")).isEqualTo(900.0));
    assertThat(etlMeter("tributary_etl_runs_total", "rollup7", "result", "failed")).isZero();
    assertThat(etlMeter("tributary_etl_last_success_timestamp_seconds", "rollup7"))
        .isEqualTo(Instant.parse(schedule("rollup7").getMetadata().getCreationTimestamp()).getEpochSecond());
    assertThat(cluster.meters().find("tributary_etl_last_run_succeeded").tag("component", "rollup7").gauge()).isNull();

    client.resource(schedule("rollup7")).delete();
    // a deleted schedule must not stay "overdue" or "failed" in Prometheus forever
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(cluster.meters().find("tributary_etl_schedule_interval_seconds").tag("component", "rollup7").meters()
            .isEmpty() && cluster.meters().find("tributary_etl_runs_total").tag("component", "rollup7").meters().isEmpty())
            .isTrue());
  }

  /** The value of an operator meter of EtlSchedule {@code name} (namespace, pipeline and component tags checked). */
  private static double etlMeter(String meter, String name, String... extraTags) {
    var search = cluster.meters().find(meter).tag("namespace", NAMESPACE).tag("component", name).tags(extraTags);
    var counter = search.counter();
    if (counter != null) {
      return counter.count();
    }
    var gauge = search.gauge();
    assertThat(gauge).as(meter + " of " + name).isNotNull();
    assertThat(gauge.getId().getTag("pipeline")).isNotBlank();
    return gauge.value();
  }

  @Test
  void anUndeclaredExtractTopicIsReportedAndNoCronJobIsCreated() {
    client.resource(Fixtures.strimziPipeline("e4")).create();
    EtlSchedule etl = Fixtures.etl("rollup4", "e4");
    etl.getSpec().getExtract().getTopic().setName("unknown-topic");
    client.resource(etl).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = schedule("rollup4").getStatus().condition("Ready");
      assertThat(ready.getReason()).isEqualTo("TopicNotDeclared");
      assertThat(ready.getMessage()).startsWith("spec.extract.topic.name: topic \"unknown-topic\" is not declared");
    });
    assertThat(cronJob("rollup4-etl")).isNull();
  }

  @Test
  void aFilterTransformWithoutAValueIsReportedAndNoCronJobIsCreated() {
    // no CRD rule can refuse it: value has no schema type, so CEL cannot see it (see FilterRule)
    client.resource(Fixtures.strimziPipeline("e8")).create();
    EtlSchedule etl = Fixtures.etl("rollup8", "e8");
    etl.getSpec().getTransform().get(0).getFilter().setValue(null);
    client.resource(etl).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = schedule("rollup8").getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getMessage()).contains("spec.transform[0].filter.value", "is required with op gt");
    });
    assertThat(cronJob("rollup8-etl")).isNull();
  }

  /**
   * {@code status.recentRuns} (issue #15 §3): each finished run with its data interval, stages and
   * attempts, newest first, kept after its Job is deleted, at most {@code spec.history.runs}.
   */
  @Test
  void recentRunsListEachFinishedRunNewestFirstAndOutliveTheirJobs() {
    client.resource(Fixtures.strimziPipeline("e30")).create();
    client.resource(Fixtures.etl("rollup30", "e30")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> cronJob("rollup30-etl") != null);
    var template = cronJob("rollup30-etl").getSpec().getJobTemplate();
    // two runs of the CronJob at 10:00 and 10:15 (unix minutes 29936760, 29936775), the second retried once
    finishedRun(template, "rollup30-etl-29936760", "2026-12-02T10:00:09Z",
        "{\"result\":\"Succeeded\",\"records\":3,\"durationSeconds\":2.5,\"message\":\"loaded 3\",\"extracted\":40,"
            + "\"rejected\":1,\"attempts\":1,\"dataIntervalStart\":\"2026-12-02T09:45:00Z\",\"dataIntervalEnd\":\"2026-12-02T10:00:00Z\"}");
    finishedRun(template, "rollup30-etl-29936775", "2026-12-02T10:15:30Z",
        "{\"result\":\"Succeeded\",\"records\":5,\"durationSeconds\":21.0,\"message\":\"loaded 5\",\"extracted\":50,"
            + "\"rejected\":0,\"attempts\":2,\"dataIntervalStart\":\"2026-12-02T10:00:00Z\",\"dataIntervalEnd\":\"2026-12-02T10:15:00Z\"}");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var runs = schedule("rollup30").getStatus().getRecentRuns();
      assertThat(runs).extracting(r -> r.getJob()).containsExactly("rollup30-etl-29936775", "rollup30-etl-29936760");
      assertThat(runs.get(0).getDataIntervalStart()).isEqualTo("2026-12-02T10:00:00Z");
      assertThat(runs.get(0).getDataIntervalEnd()).isEqualTo("2026-12-02T10:15:00Z");
      assertThat(runs.get(0).getAttempts()).isEqualTo(2);
      assertThat(runs.get(0).getExtracted()).isEqualTo(50L);
      assertThat(runs.get(0).getRecords()).isEqualTo(5L);
      assertThat(runs.get(0).getFinishTime()).isEqualTo("2026-12-02T10:15:30Z");
      assertThat(runs.get(1).getRejected()).isEqualTo(1L);
    });

    // the history limits delete the older Job: its run stays listed
    client.batch().v1().jobs().inNamespace(NAMESPACE).withName("rollup30-etl-29936760").delete();
    cluster.edit(EtlSchedule.class, "rollup30", e -> {
      e.getMetadata().getLabels().put("touched", "yes");
      return e;
    });
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(schedule("rollup30").getStatus().getRecentRuns()).hasSize(2));

    // spec.history.runs: 1 keeps the newest only
    cluster.edit(EtlSchedule.class, "rollup30", e -> {
      var history = new io.tributary.api.v1alpha1.EtlHistory();
      history.setRuns(1);
      e.getSpec().setHistory(history);
      return e;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(schedule("rollup30").getStatus().getRecentRuns()).extracting(r -> r.getJob())
            .containsExactly("rollup30-etl-29936775"));
  }

  /** A backfill the operator cannot carry out fails at once, naming the field and the value, and starts no Job. */
  @Test
  void anInvalidBackfillFailsNamingTheFieldAndStartsNothing() {
    client.resource(Fixtures.strimziPipeline("e31")).create();
    EtlSchedule schedule = Fixtures.etl("rollup31", "e31");
    var backfill = new io.tributary.api.v1alpha1.EtlBackfill();
    backfill.setId("bad-range");
    backfill.setFrom("2026-11-02T00:00:00Z");
    backfill.setTo("2026-11-01T00:00:00Z");
    schedule.getSpec().setBackfill(backfill);
    client.resource(schedule).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var progress = schedule("rollup31").getStatus().getBackfill();
      assertThat(progress).isNotNull();
      assertThat(progress.getId()).isEqualTo("bad-range");
      assertThat(progress.getPhase()).isEqualTo("Failed");
      assertThat(progress.getMessage()).isEqualTo(
          "spec.backfill.to: \"2026-11-01T00:00:00Z\" is not after spec.backfill.from \"2026-11-02T00:00:00Z\"");
      assertThat(schedule("rollup31").getStatus().condition("Backfill").getStatus()).isEqualTo("False");
    });
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", "rollup31")
        .list().getItems()).isEmpty();
  }

  /**
   * {@code spec.waitFor} (issue #15 §3): a gate on a Worker that does not exist yet is refused,
   * naming the field; once the Worker is there, the runtime's gate reads its group and input topic.
   */
  @Test
  void aGateOnAWorkerIsRefusedUntilTheWorkerExistsAndThenReadsItsGroupAndTopic() throws Exception {
    client.resource(Fixtures.strimziPipeline("e32")).create();
    EtlSchedule schedule = Fixtures.etl("rollup32", "e32");
    var gate = new io.tributary.api.v1alpha1.EtlWaitFor();
    gate.setWorker("cache32");
    gate.setMaxLag(100L);
    gate.setTimeout("5m");
    schedule.getSpec().setWaitFor(gate);
    client.resource(schedule).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = schedule("rollup32").getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("WaitForWorkerInvalid");
      assertThat(ready.getMessage()).isEqualTo("spec.waitFor.worker: Worker \"cache32\" not found in namespace \"default\"");
    });
    assertThat(cronJob("rollup32-etl")).as("nothing applied while refused").isNull();

    client.resource(Fixtures.cacheWorker("cache32", "e32")).create();

    await().atMost(Duration.ofSeconds(60)).until(() -> cronJob("rollup32-etl") != null);
    var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        client.configMaps().inNamespace(NAMESPACE).withName("rollup32-etl-config").get().getData().get("config.json"));
    assertThat(config.at("/etl/waitFor/worker").asText()).isEqualTo("cache32");
    assertThat(config.at("/etl/waitFor/group").asText())
        .isEqualTo(io.tributary.runtime.config.RuntimeConfig.defaultConsumerGroup(io.tributary.runtime.config.Role.WORKER, "e32", "cache32"));
    assertThat(config.at("/etl/waitFor/topic").asText()).isEqualTo("market-data-stream");
    assertThat(config.at("/etl/waitFor/maxLag").asLong()).isEqualTo(100);
    assertThat(config.at("/etl/waitFor/timeout").asText()).isEqualTo("5m");
  }

  /** A watermark gate's topic must be declared in the Pipeline; the runtime config then carries it. */
  @Test
  void aGateOnAWatermarkNamesADeclaredTopicAndTheConfigCarriesIt() throws Exception {
    client.resource(Fixtures.strimziPipeline("e41")).create();
    EtlSchedule schedule = Fixtures.etl("rollup41", "e41");
    var gate = new io.tributary.api.v1alpha1.EtlWaitFor();
    var watermark = new io.tributary.api.v1alpha1.EtlWaitForWatermark();
    watermark.setTopic("late-stream");
    gate.setWatermark(watermark);
    gate.setTimeout("5m");
    schedule.getSpec().setWaitFor(gate);
    client.resource(schedule).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = schedule("rollup41").getStatus().condition("Ready");
      assertThat(ready.getReason()).isEqualTo("TopicNotDeclared");
      assertThat(ready.getMessage()).startsWith("spec.waitFor.watermark.topic: topic \"late-stream\" is not declared");
    });
    assertThat(cronJob("rollup41-etl")).as("nothing applied while refused").isNull();

    cluster.edit(EtlSchedule.class, "rollup41", e -> {
      e.getSpec().getWaitFor().getWatermark().setTopic("market-data-stream");
      return e;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> cronJob("rollup41-etl") != null);
    var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        client.configMaps().inNamespace(NAMESPACE).withName("rollup41-etl-config").get().getData().get("config.json"));
    assertThat(config.at("/etl/waitFor/watermark/topic").asText()).isEqualTo("market-data-stream");
    assertThat(config.at("/etl/waitFor/timeout").asText()).isEqualTo("5m");
    assertThat(config.at("/etl/waitFor/worker").isMissingNode()).isTrue();
  }

  /** A Job of the CronJob's template that ran: its pod's termination message, then Complete. */
  /**
   * Issue #15 §3 catch-up: after three missed daily periods, maxRuns 2 runs the two latest, oldest
   * first, one at a time, skips the oldest, and runs nothing again once their Jobs are deleted.
   */
  @Test
  void catchUpRunsTheLatestMissedPeriodsInOrderOneAtATimeAndNeverTwice() {
    String daily = "0 0 * * *";
    // the firings: f0 had its run, f1..f3 were missed (f3 the latest that is more than a minute old)
    Instant f3 = io.tributary.runtime.config.NextScheduleTime.lastBefore(daily, "UTC",
        Instant.now().minus(io.tributary.operator.model.CatchUpPlan.GRACE)).orElseThrow();
    Instant f2 = io.tributary.runtime.config.NextScheduleTime.lastBefore(daily, "UTC", f3).orElseThrow();
    Instant f1 = io.tributary.runtime.config.NextScheduleTime.lastBefore(daily, "UTC", f2).orElseThrow();
    Instant f0 = io.tributary.runtime.config.NextScheduleTime.lastBefore(daily, "UTC", f1).orElseThrow();
    client.resource(Fixtures.strimziPipeline("e40")).create();
    EtlSchedule created = Fixtures.etl("rollup40", "e40");
    created.getSpec().setSchedule(daily);
    client.resource(created).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> cronJob("rollup40-etl") != null);
    var template = cronJob("rollup40-etl").getSpec().getJobTemplate();
    finishedRun(template, "rollup40-etl-" + f0.getEpochSecond() / 60, f0.plusSeconds(30).toString(),
        "{\"result\":\"Succeeded\",\"records\":1}");

    cluster.edit(EtlSchedule.class, "rollup40", e -> {
      var catchUp = new io.tributary.api.v1alpha1.EtlCatchUp();
      catchUp.setMaxRuns(2);
      e.getSpec().setCatchUp(catchUp);
      return e;
    });
    String second = "rollup40-etl-" + f2.getEpochSecond() / 60;
    String third = "rollup40-etl-" + f3.getEpochSecond() / 60;
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(job(second)).isNotNull();
      var progress = schedule("rollup40").getStatus().getCatchUp();
      assertThat(progress.getCoveredUntil()).isEqualTo(f2.toString());
      assertThat(progress.getPending()).isEqualTo(1);
      assertThat(progress.getSkipped()).isEqualTo(1);
      assertThat(cronJob("rollup40-etl").getSpec().getSuspend()).as("no firing of the CronJob beside a catch-up run")
          .isTrue();
    });
    var env = job(second).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(env).anySatisfy(v -> assertThat(v.getName() + "=" + v.getValue())
        .isEqualTo("TRIBUTARY_DATA_INTERVAL_START=" + f1));
    assertThat(env).anySatisfy(v -> assertThat(v.getName() + "=" + v.getValue())
        .isEqualTo("TRIBUTARY_DATA_INTERVAL_END=" + f2));
    assertThat(job(second).getMetadata().getAnnotations()).containsEntry(EtlModel.CATCH_UP_SKIPPED_ANNOTATION, "1");
    // a status written from a copy a step behind (the informer, as under load in CI) loses the
    // count; the catch-up Job carries it, and the next reconcile puts it back
    io.tributary.operator.testing.Conflicts.retry(() -> client.resource(schedule("rollup40")).editStatus(e -> {
      e.getStatus().getCatchUp().setSkipped(null);
      return e;
    }));
    cluster.edit(EtlSchedule.class, "rollup40", e -> {
      e.getMetadata().getLabels().put("nudged", "yes");
      return e;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(schedule("rollup40").getStatus().getCatchUp().getSkipped()).isEqualTo(1));
    // one at a time, and the skipped period gets no run
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(job(third)).isNull();
      assertThat(job("rollup40-etl-" + f1.getEpochSecond() / 60)).isNull();
    });

    complete(second);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(job(third)).isNotNull();
      assertThat(schedule("rollup40").getStatus().getCatchUp().getCoveredUntil()).isEqualTo(f3.toString());
      assertThat(schedule("rollup40").getStatus().getCatchUp().getPending()).isZero();
    });
    complete(third);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(cronJob("rollup40-etl").getSpec().getSuspend()).as("caught up: the CronJob fires again").isFalse());

    // the Jobs deleted (history limits): the status remembers, nothing runs again
    client.batch().v1().jobs().inNamespace(NAMESPACE).withName(second).delete();
    client.batch().v1().jobs().inNamespace(NAMESPACE).withName(third).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> job(second) == null && job(third) == null);
    cluster.edit(EtlSchedule.class, "rollup40", e -> {
      e.getMetadata().getLabels().put("touched", "yes");
      return e;
    });
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(job(second)).isNull();
      assertThat(job(third)).isNull();
    });
  }

  private static Job job(String name) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
  }

  private static void complete(String name) {
    Job job = job(name);
    job.setStatus(new JobStatusBuilder().withStartTime(Instant.now().minusSeconds(5).toString())
        .withCompletionTime(Instant.now().toString()).withSucceeded(1)
        .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
    client.resource(job).updateStatus();
  }

  private static void finishedRun(io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec template, String name,
      String completion, String terminationMessage) {
    Job job = client.resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata().withName(name)
        .withNamespace(NAMESPACE).withLabels(template.getMetadata().getLabels()).endMetadata()
        .withSpec(template.getSpec()).build()).create();
    client.resource(new PodBuilder().withNewMetadata().withName(name + "-abcde")
        .withNamespace(NAMESPACE).addToLabels("job-name", name).endMetadata()
        .withNewSpec().addNewContainer().withName("etl").withImage("x").endContainer().endSpec().build()).create();
    Pod pod = client.pods().inNamespace(NAMESPACE).withName(name + "-abcde").get();
    pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withContainerStatuses(new ContainerStatusBuilder()
        .withName("etl").withNewState().withNewTerminated().withExitCode(0).withMessage(terminationMessage)
        .endTerminated().endState().build()).build());
    client.resource(pod).updateStatus();
    job.setStatus(new JobStatusBuilder().withStartTime(Instant.parse(completion).minusSeconds(8).toString())
        .withCompletionTime(completion).withSucceeded(1)
        .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
    client.resource(job).updateStatus();
  }

  private static List<Job> runNowJobs(String schedule) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", schedule).list()
        .getItems().stream().filter(j -> j.getMetadata().getAnnotations() != null
            && j.getMetadata().getAnnotations().containsKey("tributary.io/run-now")).toList();
  }

  private static EtlSchedule schedule(String name) {
    return client.resources(EtlSchedule.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static CronJob cronJob(String name) {
    return client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName(name).get();
  }
}
