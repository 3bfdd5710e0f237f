package io.tributary.operator.model;

import io.tributary.api.v1alpha1.EtlBackfill;
import io.tributary.runtime.config.NextScheduleTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a backfill ({@code EtlSchedule.spec.backfill}) does next, from its periods and the Jobs it
 * already has: the Jobs are the progress, so a restarted operator carries on where it stopped.
 * Pure: the caller lists the Jobs and creates what this returns.
 */
public final class BackfillPlan {
  /** A backfill of more periods than this is refused: one Job each. */
  public static final int MAX_PERIODS = 1000;
  /** {@code status.backfill.phase} values. */
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  private BackfillPlan() {}

  /** One schedule period, {@code [start, end)}: one run's data interval. */
  public record Period(Instant start, Instant end) {}

  /** Where a period's Job stands. */
  public enum JobState { RUNNING, SUCCEEDED, FAILED }

  /** A request the operator refuses; the message names the field and the value. */
  public static final class InvalidBackfillException extends IllegalArgumentException {
    InvalidBackfillException(String message) {
      super(message);
    }
  }

  /**
   * The next step.
   *
   * @param start periods whose Job to create now, in order
   * @param succeeded periods whose run succeeded
   * @param failed periods whose run failed
   * @param running periods whose run is in progress
   */
  public record Step(List<Period> start, int succeeded, int failed, int running) {
    /** Every period's run has finished. */
    public boolean finished(int periods) {
      return succeeded + failed == periods;
    }
  }

  /**
   * The periods of {@code [from, to)}: each starts at a firing of the schedule at or after
   * {@code from} and ends at the next firing, which is at or before {@code to}.
   *
   * @throws InvalidBackfillException naming {@code spec.backfill.from}/{@code to} (not RFC 3339, or
   *     not in order), the range (no period, or more than {@value #MAX_PERIODS}), or the schedule
   */
  public static List<Period> periods(String schedule, String timeZone, EtlBackfill request) {
    Instant from = instant("spec.backfill.from", request.getFrom());
    Instant to = instant("spec.backfill.to", request.getTo());
    if (!from.isBefore(to)) {
      throw new InvalidBackfillException("spec.backfill.to: \"" + request.getTo() + "\" is not after spec.backfill.from \""
          + request.getFrom() + "\"");
    }
    List<Period> periods = new ArrayList<>();
    // the first firing at or after from: "after" is strict, so start just before it
    Optional<Instant> start = NextScheduleTime.after(schedule, timeZone, from.minusSeconds(1));
    while (start.isPresent() && start.get().isBefore(to)) {
      Optional<Instant> end = NextScheduleTime.after(schedule, timeZone, start.get());
      if (end.isEmpty() || end.get().isAfter(to)) {
        break;
      }
      periods.add(new Period(start.get(), end.get()));
      if (periods.size() > MAX_PERIODS) {
        throw new InvalidBackfillException("spec.backfill: [" + request.getFrom() + ", " + request.getTo()
            + ") holds more than " + MAX_PERIODS + " periods of \"" + schedule + "\"; split it into several requests");
      }
      start = end;
    }
    if (periods.isEmpty()) {
      throw new InvalidBackfillException("spec.backfill: [" + request.getFrom() + ", " + request.getTo()
          + ") holds no whole period of \"" + schedule + "\"");
    }
    return periods;
  }

  /**
   * The next step: the periods' Jobs counted, and the next periods in order without a Job,
   * as many as keep at most {@code maxConcurrent} running.
   *
   * @param jobs the state of each period's Job, by the period's end; a period without one has none yet
   */
  public static Step next(List<Period> periods, Map<Instant, JobState> jobs, int maxConcurrent) {
    int succeeded = 0;
    int failed = 0;
    int running = 0;
    for (Period period : periods) {
      JobState state = jobs.get(period.end());
      if (state == JobState.SUCCEEDED) {
        succeeded++;
      } else if (state == JobState.FAILED) {
        failed++;
      } else if (state == JobState.RUNNING) {
        running++;
      }
    }
    List<Period> start = new ArrayList<>();
    int free = Math.max(1, maxConcurrent) - running;
    for (Period period : periods) {
      if (start.size() >= free) {
        break;
      }
      if (!jobs.containsKey(period.end())) {
        start.add(period);
      }
    }
    return new Step(List.copyOf(start), succeeded, failed, running + start.size());
  }

  private static Instant instant(String field, String value) {
    try {
      return Instant.parse(value == null ? "" : value.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidBackfillException(field + ": \"" + value + "\" is not an RFC 3339 time (e.g. 2026-11-01T00:00:00Z)");
    }
  }
}
