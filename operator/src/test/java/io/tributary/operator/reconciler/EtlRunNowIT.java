package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.EtlHistory;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Run-now requests honour {@code concurrencyPolicy: Forbid} and {@code spec.history} like the
 * CronJob's own runs (issue #11 §1.10).
 */
class EtlRunNowIT {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void underForbidARunNowWaitsForTheActiveRunAndStartsAfterIt() {
    client.resource(Fixtures.strimziPipeline("rn1")).create();
    client.resource(Fixtures.etl("forbid1", "rn1")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> cronJob("forbid1-etl") != null);
    // a scheduled run the CronJob controller started, still running
    CronJob cron = cronJob("forbid1-etl");
    Job scheduled = client.resource(new JobBuilder().withNewMetadata().withName("forbid1-etl-29000000")
        .withNamespace(NAMESPACE).withLabels(cron.getSpec().getJobTemplate().getMetadata().getLabels()).endMetadata()
        .withSpec(cron.getSpec().getJobTemplate().getSpec()).build()).create();

    runNow("forbid1", "while-running");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var condition = schedule("forbid1").getStatus().condition("RunNow");
      assertThat(condition.getStatus()).isEqualTo("False");
      assertThat(condition.getReason()).isEqualTo("WaitingForActiveRun");
      assertThat(condition.getMessage()).contains("forbid1-etl-29000000", "Forbid");
    });
    assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RunNowWaiting"));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> runNowJobs("forbid1").isEmpty());
    assertThat(schedule("forbid1").getStatus().getLastRunNow()).isNull();

    finish(scheduled, true, "2026-01-01T00:00:05Z");

    await().atMost(Duration.ofSeconds(20)).until(() -> runNowJobs("forbid1").size() == 1);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(schedule("forbid1").getStatus().getLastRunNow()).isEqualTo("while-running");
      assertThat(schedule("forbid1").getStatus().condition("RunNow").getReason()).isEqualTo("Started");
    });
  }

  @Test
  void finishedRunNowJobsBeyondTheHistoryLimitsAreDeletedOldestFirst() {
    client.resource(Fixtures.strimziPipeline("rn2")).create();
    EtlSchedule etl = Fixtures.etl("history1", "rn2");
    EtlHistory history = new EtlHistory();
    history.setSuccessful(1);
    history.setFailed(1);
    etl.getSpec().setHistory(history);
    client.resource(etl).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> cronJob("history1-etl") != null);

    Job first = runAndFinish("history1", "a", true, "2026-01-01T01:00:00Z");
    Job failed = runAndFinish("history1", "b", false, "2026-01-01T02:00:00Z");
    Job second = runAndFinish("history1", "c", true, "2026-01-01T03:00:00Z");

    // one succeeded (the newest) and one failed run-now Job are kept
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(runNowJobs("history1")).extracting(j -> j.getMetadata().getName())
            .containsExactlyInAnyOrder(failed.getMetadata().getName(), second.getMetadata().getName()));
    assertThat(first.getMetadata().getName()).isNotIn(second.getMetadata().getName(), failed.getMetadata().getName());
  }

  private static Job runAndFinish(String schedule, String value, boolean ok, String at) {
    runNow(schedule, value);
    await().atMost(Duration.ofSeconds(20)).until(() -> runNowJobs(schedule).stream()
        .anyMatch(j -> value.equals(j.getMetadata().getAnnotations().get("tributary.io/run-now"))));
    Job job = runNowJobs(schedule).stream()
        .filter(j -> value.equals(j.getMetadata().getAnnotations().get("tributary.io/run-now"))).findFirst().orElseThrow();
    finish(job, ok, at);
    return job;
  }

  @Test
  void underReplaceARunNowDeletesTheActiveRunAndStarts() {
    client.resource(Fixtures.strimziPipeline("rn3")).create();
    EtlSchedule replace = Fixtures.etl("replace3", "rn3");
    replace.getSpec().setConcurrencyPolicy(io.tributary.api.v1alpha1.ConcurrencyPolicy.REPLACE);
    client.resource(replace).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> cronJob("replace3-etl") != null);
    CronJob cron = cronJob("replace3-etl");
    client.resource(new JobBuilder().withNewMetadata().withName("replace3-etl-29000000")
        .withNamespace(NAMESPACE).withLabels(cron.getSpec().getJobTemplate().getMetadata().getLabels()).endMetadata()
        .withSpec(cron.getSpec().getJobTemplate().getSpec()).build()).create();

    runNow("replace3", "instead");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).withName("replace3-etl-29000000").get())
          .as("the running scheduled Job is replaced").isNull();
      assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems())
          .filteredOn(j -> j.getMetadata().getName().startsWith("replace3-etl-now-")).hasSize(1);
      assertThat(schedule("replace3").getStatus().condition("RunNow").getStatus()).isEqualTo("True");
    });
  }

  private static void finish(Job job, boolean ok, String at) {
    Job live = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(job.getMetadata().getName()).get();
    live.setStatus(ok
        ? new JobStatusBuilder().withStartTime(at).withCompletionTime(at).withSucceeded(1)
            .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build()
        : new JobStatusBuilder().withStartTime(at).withFailed(1)
            .withConditions(new JobConditionBuilder().withType("Failed").withStatus("True")
                .withLastTransitionTime(at).withReason("BackoffLimitExceeded").withMessage("failed").build()).build());
    client.resource(live).updateStatus();
  }

  private static void runNow(String schedule, String value) {
    cluster.edit(EtlSchedule.class, schedule, e -> {
      e.getMetadata().getAnnotations().put("tributary.io/run-now", value);
      return e;
    });
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
