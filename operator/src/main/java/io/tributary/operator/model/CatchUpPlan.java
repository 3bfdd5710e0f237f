package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.tributary.runtime.config.DataIntervalEnv;
import io.tributary.runtime.config.NextScheduleTime;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What catch-up ({@code EtlSchedule.spec.catchUp}) does next: which missed period to run, and how
 * far every period is covered. Pure: the caller lists the Jobs, passes the clock's "now" and creates
 * what this returns.
 *
 * <p>A period is identified by its end, the firing that starts its run. The firings looked at are
 * those in {@code (coveredUntil, now - GRACE]}: {@code coveredUntil} (in the status) is the memory,
 * so a period whose Job the history limits deleted is not taken for missed. Of these, the window
 * is the latest {@code maxRuns}; a firing of the window without a run is missed and is run, oldest
 * first, one at a time; a firing without a run before the window is skipped. The window is made of
 * firings, not of missed ones, so that a restart between creating a Job and writing the status
 * chooses the same window again.
 */
public final class CatchUpPlan {
  /**
   * A firing is the CronJob's own for this long: the CronJob controller starts a run on time within
   * seconds, and catch-up must not race it.
   */
  public static final Duration GRACE = Duration.ofMinutes(1);
  /** Firings scanned at most in one decision; beyond, the skipped ones are counted as at least this. */
  static final int MAX_SCAN = 10_000;

  private CatchUpPlan() {}

  /**
   * The decision.
   *
   * @param start the missed period to run now, if any
   * @param coveredUntil every period ending at or before this has had a run or was skipped
   *     ({@code start} counted as run)
   * @param pending missed periods of the window still without a run after {@code start}
   * @param skipped missed periods skipped by this decision
   * @param skippedFrom the first skipped period's end, when any was
   */
  public record Decision(Optional<BackfillPlan.Period> start, Instant coveredUntil, int pending, int skipped,
      Optional<Instant> skippedFrom) {}

  /**
   * The next step.
   *
   * @param coveredUntil {@code status.catchUp.coveredUntil}; null before the first decision, which
   *     then starts at {@code anchor}
   * @param anchor the latest firing known to have run (or the schedule's creation): used only
   *     without {@code coveredUntil}
   * @param runs the ends of the periods that have a run: a Job of the schedule (running or finished)
   *     or an entry of {@code status.recentRuns}
   * @param active a run of the schedule is in progress: nothing starts (one at a time)
   */
  public static Decision next(String schedule, String timeZone, int maxRuns, Instant coveredUntil, Instant anchor,
      Set<Instant> runs, boolean active, Instant now) {
    Instant from = coveredUntil != null ? coveredUntil : anchor;
    Instant until = now.minus(GRACE);
    List<Instant> firings = new ArrayList<>();
    Optional<Instant> next = NextScheduleTime.after(schedule, timeZone, from);
    while (next.isPresent() && !next.get().isAfter(until) && firings.size() < MAX_SCAN) {
      firings.add(next.get());
      next = NextScheduleTime.after(schedule, timeZone, next.get());
    }
    boolean truncated = next.isPresent() && !next.get().isAfter(until);
    int skipped = 0;
    Optional<Instant> skippedFrom = Optional.empty();
    List<Instant> window;
    if (truncated) {
      // too many to scan: the window is the latest maxRuns firings before until, all before is skipped
      window = latest(schedule, timeZone, until, Math.max(maxRuns, 1));
      skipped = MAX_SCAN;
      skippedFrom = Optional.of(firings.get(0));
    } else {
      int cut = Math.max(0, firings.size() - maxRuns);
      for (Instant firing : firings.subList(0, cut)) {
        if (!runs.contains(firing)) {
          skipped++;
          skippedFrom = skippedFrom.or(() -> Optional.of(firing));
        }
      }
      window = firings.subList(cut, firings.size());
      if (window.isEmpty()) {
        return new Decision(Optional.empty(), firings.isEmpty() ? from : firings.get(firings.size() - 1), 0, skipped,
            skippedFrom);
      }
    }
    // covered: everything before the window, then the window's firings while they have a run
    Instant covered = truncated ? NextScheduleTime.lastBefore(schedule, timeZone, window.get(0)).orElse(from)
        : firings.indexOf(window.get(0)) == 0 ? from : firings.get(firings.indexOf(window.get(0)) - 1);
    Optional<BackfillPlan.Period> start = Optional.empty();
    int pending = 0;
    boolean contiguous = true;
    for (Instant firing : window) {
      boolean hasRun = runs.contains(firing);
      if (!hasRun && start.isEmpty() && !active && contiguous) {
        Instant periodStart = NextScheduleTime.lastBefore(schedule, timeZone, firing).orElse(from);
        start = Optional.of(new BackfillPlan.Period(periodStart, firing));
        hasRun = true;
      } else if (!hasRun) {
        pending++;
      }
      if (hasRun && contiguous) {
        covered = firing;
      } else {
        contiguous = false;
      }
    }
    return new Decision(start, covered, pending, skipped, skippedFrom);
  }

  /** The latest {@code count} firings at or before {@code until}, oldest first. */
  private static List<Instant> latest(String schedule, String timeZone, Instant until, int count) {
    List<Instant> newestFirst = new ArrayList<>();
    Optional<Instant> firing = NextScheduleTime.lastBefore(schedule, timeZone, until.plusSeconds(1));
    while (firing.isPresent() && newestFirst.size() < count) {
      newestFirst.add(firing.get());
      firing = NextScheduleTime.lastBefore(schedule, timeZone, firing.get());
    }
    java.util.Collections.reverse(newestFirst);
    return newestFirst;
  }

  /**
   * The end of the period a Job of the schedule runs: its {@code TRIBUTARY_DATA_INTERVAL_END} (a
   * backfill or catch-up Job), else the scheduled time in its name {@code <cronjob>-<unix minutes>}
   * (a Job the CronJob started); empty for a run-now Job.
   */
  public static Optional<Instant> periodEnd(Job job, String cronJobName) {
    List<Container> containers = job.getSpec() == null || job.getSpec().getTemplate() == null
        || job.getSpec().getTemplate().getSpec() == null ? List.of() : job.getSpec().getTemplate().getSpec().getContainers();
    for (Container container : containers) {
      for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
        if (DataIntervalEnv.END.equals(env.getName()) && env.getValue() != null) {
          try {
            return Optional.of(Instant.parse(env.getValue()));
          } catch (DateTimeParseException notOurs) {
            return Optional.empty();
          }
        }
      }
    }
    String name = job.getMetadata().getName();
    String prefix = cronJobName + "-";
    if (name != null && name.startsWith(prefix) && name.substring(prefix.length()).matches("[0-9]{1,10}")) {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(name.substring(prefix.length())) * 60));
    }
    return Optional.empty();
  }
}
