package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tributary.api.v1alpha1.EtlCatchUpStatus;
import io.tributary.api.v1alpha1.EtlRunSummary;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.EtlScheduleStatus;
import io.tributary.operator.model.BackfillPlan;
import io.tributary.operator.model.CatchUpPlan;
import io.tributary.operator.model.EtlModel;
import io.tributary.operator.model.RunNowJobs;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Carries {@code spec.catchUp} on by one step ({@link CatchUpPlan}): the decision is made from
 * {@code status.catchUp.coveredUntil}, the schedule's Jobs and {@code status.recentRuns}; the Job it
 * starts has the name the CronJob would give that firing, so a second create (after a restart
 * before the status was written, or the CronJob's own) is a conflict and counts as done.
 */
final class CatchUpRuns {
  private CatchUpRuns() {}

  /**
   * Whether missed periods are being caught up: some were pending at the last reconcile, or a
   * catch-up Job still runs. The CronJob is suspended meanwhile, so that no firing of its own runs
   * beside a catch-up run.
   */
  static boolean catchingUp(EtlSchedule schedule, List<Job> jobs) {
    var spec = schedule.getSpec();
    if (spec.getCatchUp() == null || spec.getCatchUp().getMaxRuns() == null || spec.getCatchUp().getMaxRuns() <= 0) {
      return false;
    }
    EtlCatchUpStatus progress = schedule.getStatus() == null ? null : schedule.getStatus().getCatchUp();
    boolean pending = progress != null && progress.getPending() != null && progress.getPending() > 0;
    return pending || RunNowJobs.active(jobs.stream().filter(EtlModel::isCatchUp).toList()).isPresent();
  }

  /** Updates {@code status.catchUp}; starts the Job of the oldest missed period of the window, if any. */
  static void step(OperatorServices services, EtlSchedule schedule, CronJob cronJob, EtlScheduleStatus status,
      List<Job> jobs) {
    var spec = schedule.getSpec();
    int maxRuns = spec.getCatchUp() == null || spec.getCatchUp().getMaxRuns() == null ? 0 : spec.getCatchUp().getMaxRuns();
    if (maxRuns <= 0) {
      status.setCatchUp(null);
      return;
    }
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      // periods missed while suspended are caught up after the schedule resumes, at most maxRuns
      return;
    }
    String cronJobName = cronJob.getMetadata().getName();
    Set<Instant> runs = new HashSet<>();
    for (Job job : jobs) {
      CatchUpPlan.periodEnd(job, cronJobName).ifPresent(runs::add);
    }
    if (status.getRecentRuns() != null) {
      for (EtlRunSummary run : status.getRecentRuns()) {
        Instant end = instant(run.getDataIntervalEnd());
        if (end != null) {
          runs.add(end);
        }
      }
    }
    EtlCatchUpStatus previous = status.getCatchUp();
    Instant coveredUntil = previous == null ? null : instant(previous.getCoveredUntil());
    Instant now = services.clock().instant();
    CatchUpPlan.Decision decision = CatchUpPlan.next(spec.getSchedule(), spec.getTimeZone(), maxRuns, coveredUntil,
        anchor(schedule, status, runs, now), runs, RunNowJobs.active(jobs).isPresent(), now);
    EtlCatchUpStatus progress = new EtlCatchUpStatus();
    progress.setCoveredUntil(decision.coveredUntil().toString());
    int skipped = (previous == null || previous.getSkipped() == null ? 0 : previous.getSkipped()) + decision.skipped();
    // a status a step behind its own last write (the informer) would count the skipped periods
    // away; the catch-up Jobs, read fresh, carry the count at their start
    for (Job job : jobs) {
      if (EtlModel.isCatchUp(job)) {
        skipped = Math.max(skipped, EtlModel.catchUpSkipped(job));
      }
    }
    progress.setSkipped(skipped == 0 ? null : skipped);
    progress.setPending(decision.pending());
    progress.setMessage(previous == null ? null : previous.getMessage());
    if (decision.skipped() > 0) {
      String message = "skipped " + (decision.skipped() >= 10_000 ? "at least " : "") + decision.skipped()
          + " missed periods ending from " + decision.skippedFrom().map(Instant::toString).orElse("?")
          + ": beyond spec.catchUp.maxRuns " + maxRuns;
      services.events().warning(schedule, "CatchUpSkipped", message);
      progress.setMessage(message);
    }
    if (decision.start().isPresent()) {
      BackfillPlan.Period period = decision.start().get();
      Job job = EtlModel.catchUpJob(schedule, cronJob, period, skipped);
      if (create(services, schedule, job)) {
        String message = "started Job " + job.getMetadata().getName() + " for the missed period [" + period.start()
            + ", " + period.end() + ")" + (decision.pending() == 0 ? "" : ", " + decision.pending() + " more to catch up");
        services.events().normal(schedule, "CatchUpRun", message);
        progress.setMessage(message);
      }
    } else if (decision.pending() > 0) {
      progress.setMessage(decision.pending() + " missed periods to catch up, one at a time: waiting for the active run");
    }
    status.setCatchUp(progress);
  }

  /**
   * When to look again: a firing younger than {@link CatchUpPlan#GRACE} is the CronJob's; once the
   * grace is over, catch-up must see whether it got a run, even if no Job event comes.
   */
  static java.util.Optional<java.time.Duration> recheck(EtlSchedule schedule, Instant now) {
    var spec = schedule.getSpec();
    if (spec.getCatchUp() == null || spec.getCatchUp().getMaxRuns() == null || spec.getCatchUp().getMaxRuns() <= 0
        || Boolean.TRUE.equals(spec.getSuspend())) {
      return java.util.Optional.empty();
    }
    return io.tributary.runtime.config.NextScheduleTime.lastBefore(spec.getSchedule(), spec.getTimeZone(), now.plusSeconds(1))
        .map(latest -> latest.plus(CatchUpPlan.GRACE).plusSeconds(1))
        .filter(due -> due.isAfter(now))
        .map(due -> java.time.Duration.between(now, due));
  }

  /**
   * Where the first decision starts: the latest period with a run, else the last scheduled time,
   * else the schedule's creation (a new schedule has missed nothing).
   */
  private static Instant anchor(EtlSchedule schedule, EtlScheduleStatus status, Set<Instant> runs, Instant now) {
    Instant latestRun = runs.stream().filter(t -> !t.isAfter(now)).max(Instant::compareTo).orElse(null);
    if (latestRun != null) {
      return latestRun;
    }
    Instant scheduled = instant(status.getLastScheduleTime());
    if (scheduled != null) {
      return scheduled;
    }
    Instant created = instant(schedule.getMetadata().getCreationTimestamp());
    return created != null ? created : now;
  }

  /** Creates the Job; false when it exists already (the CronJob's run of that firing, or ours before a restart). */
  private static boolean create(OperatorServices services, EtlSchedule schedule, Job job) {
    try {
      return services.children().createIfAbsent(schedule, job);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  private static Instant instant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
