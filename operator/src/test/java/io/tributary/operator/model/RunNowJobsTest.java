package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunNowJobsTest {
  @Test
  void aJobWithoutAnEndIsActive() {
    Job running = job("run", false, null, null);
    assertThat(RunNowJobs.active(List.of(succeeded("a", "2026-01-01T00:00:00Z", true), running))).contains(running);
    assertThat(RunNowJobs.active(List.of(succeeded("a", "2026-01-01T00:00:00Z", true)))).isEmpty();
  }

  @Test
  void keepsTheNewestFinishedRunNowJobsWithinEachLimit() {
    List<Job> jobs = List.of(
        succeeded("ok1", "2026-01-01T01:00:00Z", true),
        succeeded("ok3", "2026-01-01T03:00:00Z", true),
        succeeded("ok2", "2026-01-01T02:00:00Z", true),
        job("bad1", true, null, "2026-01-01T01:30:00Z"),
        job("bad2", true, null, "2026-01-01T02:30:00Z"),
        job("running", true, null, null),
        succeeded("scheduled-old", "2025-01-01T00:00:00Z", false));

    assertThat(RunNowJobs.beyondHistory(jobs, 2, 1)).extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder("ok1", "bad1");
    assertThat(RunNowJobs.beyondHistory(jobs, 0, 0)).extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder("ok1", "ok2", "ok3", "bad1", "bad2");
  }

  private static Job succeeded(String name, String at, boolean runNow) {
    return job(name, runNow, at, null);
  }

  private static Job job(String name, boolean runNow, String completed, String failed) {
    JobBuilder b = new JobBuilder().withNewMetadata().withName(name).endMetadata();
    if (runNow) {
      b.editMetadata().addToAnnotations(EtlModel.RUN_NOW_ANNOTATION, name).endMetadata();
    }
    if (completed != null) {
      b.withNewStatus().withCompletionTime(completed)
          .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).endStatus();
    } else if (failed != null) {
      b.withNewStatus().withConditions(new JobConditionBuilder().withType("Failed").withStatus("True")
          .withLastTransitionTime(failed).build()).endStatus();
    }
    return b.build();
  }
}
