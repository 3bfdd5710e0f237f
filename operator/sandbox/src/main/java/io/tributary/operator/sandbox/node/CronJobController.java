package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tributary.runtime.config.NextScheduleTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a CronJob's Jobs on schedule, as the CronJob controller does (times from the operator's
 * {@link NextScheduleTime}, so the sandbox reads a schedule as the operator validates it): the latest missed time
 * within {@code startingDeadlineSeconds} (default: one day back) starts one Job named
 * {@code <cronjob>-<scheduled unix minutes>}; {@code suspend} stops new runs; {@code Forbid}
 * skips while a Job is active, {@code Replace} deletes the active ones. Keeps
 * {@code status.active}, {@code lastScheduleTime}, {@code lastSuccessfulTime} and the history
 * limits.
 */
final class CronJobController {
  private static final Logger LOG = LoggerFactory.getLogger(CronJobController.class);
  private static final Duration DEFAULT_LOOKBACK = Duration.ofDays(1);

  private final NodeContext node;
  private final Map<String, String> reportedErrors = new ConcurrentHashMap<>();

  CronJobController(NodeContext node) {
    this.node = node;
  }

  void sync(List<CronJob> cronJobs, List<Job> jobs, Instant now) {
    for (CronJob cronJob : cronJobs) {
      if (cronJob.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String key = cronJob.getMetadata().getNamespace() + "/" + cronJob.getMetadata().getName();
      try {
        List<Job> owned = jobs.stream().filter(j -> ownedBy(j, cronJob)).toList();
        reconcile(cronJob, owned, now);
        reportedErrors.remove(key);
      } catch (IllegalArgumentException | java.time.DateTimeException | NullPointerException e) {
        if (!Objects.equals(reportedErrors.put(key, e.getMessage()), e.getMessage())) {
          LOG.warn("cronjob {}: {}", key, e.getMessage());
        }
      } catch (KubernetesClientException e) {
        LOG.warn("cronjob {}: {}", key, e.getMessage());
      }
    }
  }

  private void reconcile(CronJob cronJob, List<Job> owned, Instant now) {
    var spec = cronJob.getSpec();
    CronJobStatus existing = cronJob.getStatus() == null ? new CronJobStatus() : cronJob.getStatus();
    Instant lastScheduled = Timestamps.parse(existing.getLastScheduleTime());
    Instant since = lastScheduled != null ? lastScheduled : Timestamps.parse(cronJob.getMetadata().getCreationTimestamp());
    Duration lookback = spec.getStartingDeadlineSeconds() == null
        ? DEFAULT_LOOKBACK : Duration.ofSeconds(spec.getStartingDeadlineSeconds());
    if (since == null || since.isBefore(now.minus(lookback))) {
      since = now.minus(lookback);
    }
    List<Job> active = new ArrayList<>(owned.stream().filter(j -> !JobController.isFinished(j)).toList());
    Optional<Instant> due = Boolean.TRUE.equals(spec.getSuspend())
        ? Optional.empty() : NextScheduleTime.lastBetween(spec.getSchedule(), spec.getTimeZone(), since, now);
    if (due.isPresent()) {
      String policy = spec.getConcurrencyPolicy() == null ? "Allow" : spec.getConcurrencyPolicy();
      if ("Forbid".equals(policy) && !active.isEmpty()) {
        LOG.debug("cronjob {}: not starting, {} still active (Forbid)", cronJob.getMetadata().getName(), active.size());
      } else {
        if ("Replace".equals(policy)) {
          active.forEach(this::delete);
          active.clear();
        }
        active.add(createJob(cronJob, due.get()));
        lastScheduled = due.get();
      }
    }
    deleteBeyondHistory(owned, "Complete", spec.getSuccessfulJobsHistoryLimit() == null ? 3 : spec.getSuccessfulJobsHistoryLimit());
    deleteBeyondHistory(owned, "Failed", spec.getFailedJobsHistoryLimit() == null ? 1 : spec.getFailedJobsHistoryLimit());

    String lastSuccessful = owned.stream()
        .filter(j -> JobController.condition(j, "Complete"))
        .map(j -> j.getStatus().getCompletionTime())
        .filter(Objects::nonNull)
        .max(Comparator.naturalOrder())
        .orElse(existing.getLastSuccessfulTime());
    CronJobStatus status = new CronJobStatusBuilder()
        .withActive(active.isEmpty() ? null : active.stream().map(CronJobController::reference).toList())
        .withLastScheduleTime(Timestamps.format(lastScheduled))
        .withLastSuccessfulTime(lastSuccessful)
        .build();
    if (!sameStatus(existing, status)) {
      CronJob copy = new CronJobBuilder(cronJob).withStatus(status).build();
      copy.getMetadata().setResourceVersion(null);
      node.client().batch().v1().cronjobs().inNamespace(cronJob.getMetadata().getNamespace()).resource(copy).updateStatus();
    }
  }

  private Job createJob(CronJob cronJob, Instant scheduledTime) {
    var template = cronJob.getSpec().getJobTemplate();
    String name = cronJob.getMetadata().getName() + "-" + scheduledTime.getEpochSecond() / 60;
    Job job = new JobBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(cronJob.getMetadata().getNamespace())
          .withLabels(template.getMetadata() == null ? null : template.getMetadata().getLabels())
          .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
          .addToAnnotations("batch.kubernetes.io/cronjob-scheduled-timestamp", Timestamps.format(scheduledTime))
          .withOwnerReferences(PodApi.controllerReference(cronJob))
        .endMetadata()
        .withSpec(template.getSpec())
        .build();
    LOG.info("cronjob {}/{}: creating job {} for {}", cronJob.getMetadata().getNamespace(),
        cronJob.getMetadata().getName(), name, Timestamps.format(scheduledTime));
    try {
      return node.client().batch().v1().jobs().inNamespace(cronJob.getMetadata().getNamespace()).resource(job).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return node.client().batch().v1().jobs().inNamespace(cronJob.getMetadata().getNamespace()).withName(name).get();
      }
      throw e;
    }
  }

  private void deleteBeyondHistory(List<Job> owned, String condition, int limit) {
    List<Job> finished = owned.stream()
        .filter(j -> JobController.condition(j, condition))
        .sorted(Comparator.comparing((Job j) -> j.getMetadata().getCreationTimestamp()).reversed())
        .toList();
    finished.stream().skip(Math.max(0, limit)).forEach(this::delete);
  }

  private void delete(Job job) {
    node.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName()).delete();
  }

  private static ObjectReference reference(Job job) {
    return new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
        .withName(job.getMetadata().getName()).withNamespace(job.getMetadata().getNamespace())
        .withUid(job.getMetadata().getUid()).withResourceVersion(job.getMetadata().getResourceVersion()).build();
  }

  private static boolean ownedBy(Job job, CronJob cronJob) {
    return job.getMetadata().getOwnerReferences() != null && job.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> cronJob.getMetadata().getUid().equals(ref.getUid()));
  }

  private static boolean sameStatus(CronJobStatus a, CronJobStatus b) {
    return Objects.equals(a.getLastScheduleTime(), b.getLastScheduleTime())
        && Objects.equals(a.getLastSuccessfulTime(), b.getLastSuccessfulTime())
        && Objects.equals(names(a), names(b));
  }

  private static List<String> names(CronJobStatus status) {
    return status.getActive() == null ? List.of() : status.getActive().stream().map(ObjectReference::getName).sorted().toList();
  }
}
