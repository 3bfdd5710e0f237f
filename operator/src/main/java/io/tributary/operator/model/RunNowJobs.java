package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the run-now Jobs of an EtlSchedule need that the CronJob controller does for its own Jobs
 * only: whether a run is active (for {@code concurrencyPolicy: Forbid}) and which finished run-now
 * Jobs lie beyond the history limits. Pure: no client calls.
 */
public final class RunNowJobs {
  private RunNowJobs() {}

  /** Whether {@code job} was started by a {@code tributary.io/run-now} request. */
  public static boolean isRunNow(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(EtlModel.RUN_NOW_ANNOTATION);
  }

  /** A Job of the schedule, scheduled or run-now, that has not finished yet (nor is being deleted). */
  public static Optional<Job> active(List<Job> jobs) {
    return jobs.stream()
        .filter(j -> j.getMetadata().getDeletionTimestamp() == null && finishedAt(j) == null)
        .findFirst();
  }

  /**
   * The finished run-now and catch-up Jobs to delete so that at most {@code successful} succeeded and
   * {@code failed} failed ones remain: the oldest first go, as with a CronJob's history limits.
   */
  public static List<Job> beyondHistory(List<Job> jobs, int successful, int failed) {
    List<Job> succeeded = new ArrayList<>();
    List<Job> failedJobs = new ArrayList<>();
    for (Job job : jobs) {
      // catch-up Jobs are the schedule's too, not the CronJob's
      if ((isRunNow(job) || EtlModel.isCatchUp(job)) && finishedAt(job) != null) {
        (conditionTrue(job, "Complete") ? succeeded : failedJobs).add(job);
      }
    }
    List<Job> doomed = new ArrayList<>(oldestBeyond(succeeded, successful));
    doomed.addAll(oldestBeyond(failedJobs, failed));
    return doomed;
  }

  private static List<Job> oldestBeyond(List<Job> jobs, int keep) {
    // ISO-8601 UTC timestamps of the API server sort as strings
    List<Job> newestFirst = jobs.stream()
        .sorted(Comparator.comparing(RunNowJobs::finishedAt).reversed()).toList();
    return newestFirst.size() <= keep ? List.of() : newestFirst.subList(Math.max(keep, 0), newestFirst.size());
  }

  /** When {@code job} completed or failed; null while it runs. */
  public static String finishedAt(Job job) {
    if (job.getStatus() == null) {
      return null;
    }
    if (job.getStatus().getCompletionTime() != null) {
      return job.getStatus().getCompletionTime();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(JobCondition::getLastTransitionTime).findFirst().orElse(null);
  }

  private static boolean conditionTrue(Job job, String type) {
    return job.getStatus().getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
