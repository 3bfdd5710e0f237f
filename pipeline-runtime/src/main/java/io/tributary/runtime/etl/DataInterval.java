package io.tributary.runtime.etl;

import io.tributary.runtime.config.DataIntervalEnv;
import io.tributary.runtime.config.NextScheduleTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The data interval of one ETL run, {@code [start, end)}: the schedule period the run covers, as
 * in Airflow. Either given, in {@value #START_ENV} and {@value #END_ENV} (ISO-8601 instants such as
 * {@code 2026-12-02T10:00:00Z}), or derived for a run its CronJob started: the CronJob controller
 * names the Job {@code <cronjob>-<scheduled time in unix minutes>}, so a pod that knows its Job's
 * name ({@value #JOB_NAME_ENV}), its CronJob's ({@value #CRONJOB_ENV}) and the schedule
 * ({@value #SCHEDULE_ENV}, {@value #TIME_ZONE_ENV}) covers {@code [the firing before the scheduled
 * time, the scheduled time)}. A run with neither (a run-now Job, {@code kubectl create job
 * --from=cronjob/...}) has no interval, and a {@code topic} extract reads from the committed
 * offsets to the end.
 *
 * @param start first instant of the interval (inclusive)
 * @param end first instant after the interval (exclusive)
 */
public record DataInterval(Instant start, Instant end) {
  /** Environment variable with the interval's start. */
  public static final String START_ENV = DataIntervalEnv.START;
  /** Environment variable with the interval's end. */
  public static final String END_ENV = DataIntervalEnv.END;

  /** The schedule of the run's EtlSchedule ({@code spec.schedule}), set by the operator. */
  public static final String SCHEDULE_ENV = DataIntervalEnv.SCHEDULE;
  /** Its {@code spec.timeZone}; unset means UTC. */
  public static final String TIME_ZONE_ENV = DataIntervalEnv.TIME_ZONE;
  /** The name of the CronJob that runs the schedule. */
  public static final String CRONJOB_ENV = DataIntervalEnv.CRONJOB;
  /** The name of the pod's Job, from its label (downward API). */
  public static final String JOB_NAME_ENV = DataIntervalEnv.JOB_NAME;
  /** Unix minutes past year 9999 cannot be a scheduled time (and would overflow an Instant's range checks). */
  private static final long MAX_UNIX_MINUTES = 4_200_000_000L;

  /** Checks {@code start < end}. */
  public DataInterval {
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException(START_ENV + " \"" + start + "\" is not before " + END_ENV + " \"" + end + "\"");
    }
  }

  /**
   * The interval given in the environment.
   *
   * @param env the environment lookup
   * @return empty when neither variable is set
   * @throws IllegalArgumentException naming the variable when only one is set or a value is not an ISO-8601 instant
   */
  public static Optional<DataInterval> fromEnv(Function<String, String> env) {
    String start = blankToNull(env.apply(START_ENV));
    String end = blankToNull(env.apply(END_ENV));
    if (start == null && end == null) {
      return scheduled(env);
    }
    if (start == null || end == null) {
      throw new IllegalArgumentException((start == null ? START_ENV : END_ENV) + " is not set while "
          + (start == null ? END_ENV : START_ENV) + " is: set both or neither");
    }
    return Optional.of(new DataInterval(instant(START_ENV, start), instant(END_ENV, end)));
  }

  /**
   * The interval of a run its CronJob started: empty unless the Job is named
   * {@code <cronjob>-<unix minutes>} after the CronJob of {@value #CRONJOB_ENV}.
   *
   * @throws IllegalArgumentException naming {@value #SCHEDULE_ENV} or {@value #TIME_ZONE_ENV} when
   *     the schedule is not one, or when it never fired before the scheduled time
   */
  static Optional<DataInterval> scheduled(Function<String, String> env) {
    String schedule = blankToNull(env.apply(SCHEDULE_ENV));
    String cronJob = blankToNull(env.apply(CRONJOB_ENV));
    String jobName = blankToNull(env.apply(JOB_NAME_ENV));
    if (schedule == null || cronJob == null || jobName == null || !jobName.startsWith(cronJob + "-")) {
      return Optional.empty();
    }
    String minutes = jobName.substring(cronJob.length() + 1);
    if (minutes.isEmpty() || minutes.length() > 10 || !minutes.chars().allMatch(c -> c >= '0' && c <= '9')
        || Long.parseLong(minutes) > MAX_UNIX_MINUTES) {
      return Optional.empty();
    }
    Instant scheduledTime = Instant.ofEpochSecond(Long.parseLong(minutes) * 60);
    String timeZone = blankToNull(env.apply(TIME_ZONE_ENV));
    Instant previous;
    try {
      previous = NextScheduleTime.lastBefore(schedule, timeZone, scheduledTime).orElseThrow(() ->
          new IllegalArgumentException(SCHEDULE_ENV + " \"" + schedule + "\" has no firing before the scheduled time "
              + scheduledTime + " of Job " + jobName));
    } catch (NextScheduleTime.InvalidScheduleException e) {
      String variable = e.field().equals("spec.timeZone") ? TIME_ZONE_ENV : SCHEDULE_ENV;
      throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
    }
    return Optional.of(new DataInterval(previous, scheduledTime));
  }

  /**
   * {@code template} with {@code {{data_interval_start}}} and {@code {{data_interval_end}}}
   * replaced by the ISO-8601 instants; unchanged without an interval.
   */
  public static String substitute(String template, Optional<DataInterval> interval) {
    if (template == null || interval.isEmpty()) {
      return template;
    }
    return template.replace("{{data_interval_start}}", interval.get().start().toString())
        .replace("{{data_interval_end}}", interval.get().end().toString());
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " \"" + value + "\" is not an ISO-8601 instant (e.g. 2026-12-02T10:00:00Z)");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
