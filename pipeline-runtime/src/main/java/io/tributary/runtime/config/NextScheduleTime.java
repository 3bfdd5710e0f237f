package io.tributary.runtime.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a CronJob schedule fires next: the 5-field expression ({@code minute hour day-of-month
 * month day-of-week}, names, lists, ranges, steps, {@code 7} and {@code 0} for Sunday, {@code ?} as
 * {@code *}) or one of Kubernetes' macros, read in an IANA time zone. Pure: the caller passes "now".
 *
 * <p>As in Kubernetes, a day matches when either day field matches if both are restricted; a
 * schedule that never fires (31 February) has no next time.
 */
public final class NextScheduleTime {
  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private NextScheduleTime() {}

  /** A schedule or time zone Kubernetes would refuse; the message names the field and the value. */
  public static final class InvalidScheduleException extends IllegalArgumentException {
    private final String field;

    InvalidScheduleException(String field, String value, String why) {
      super(field + ": \"" + value + "\" " + why);
      this.field = field;
    }

    /** JSON path of the offending field: {@code spec.schedule} or {@code spec.timeZone}. */
    public String field() {
      return field;
    }
  }

  /**
   * The first firing strictly after {@code now}, to the second.
   *
   * @param schedule {@code spec.schedule}
   * @param timeZone {@code spec.timeZone}; null means UTC (the operator's CronJobs always set one)
   * @param now the current instant
   * @return the next firing, or empty when the schedule never fires
   * @throws InvalidScheduleException naming {@code spec.timeZone} or {@code spec.schedule}
   */
  public static Optional<Instant> after(String schedule, String timeZone, Instant now) {
    ZoneId zone = zone(timeZone);
    Cron cron = cron(schedule);
    ZonedDateTime from = now.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
    return ExecutionTime.forCron(cron).nextExecution(from).map(ZonedDateTime::toInstant);
  }

  /**
   * The latest firing in {@code (since, until]}, to the second: what a CronJob controller starts
   * when it looks back over the times it missed (it runs only the latest one).
   *
   * @param schedule {@code spec.schedule}
   * @param timeZone {@code spec.timeZone}; null means UTC
   * @param since exclusive lower bound, e.g. the last scheduled time
   * @param until inclusive upper bound, e.g. now
   * @return the latest firing in the range, or empty when there is none
   * @throws InvalidScheduleException naming {@code spec.timeZone} or {@code spec.schedule}
   */
  public static Optional<Instant> lastBetween(String schedule, String timeZone, Instant since, Instant until) {
    ZoneId zone = zone(timeZone);
    Cron cron = cron(schedule);
    if (!until.isAfter(since)) {
      return Optional.empty();
    }
    // lastExecution is strictly before its argument; one second on makes "until" itself count
    ZonedDateTime justAfterUntil = until.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).atZone(zone);
    return ExecutionTime.forCron(cron).lastExecution(justAfterUntil).map(ZonedDateTime::toInstant)
        .filter(time -> time.isAfter(since) && !time.isAfter(until));
  }

  /**
   * The latest firing strictly before {@code instant}: the start of the schedule period that ends
   * at {@code instant} when {@code instant} is itself a firing.
   *
   * @param schedule {@code spec.schedule}
   * @param timeZone {@code spec.timeZone}; null means UTC
   * @param instant exclusive upper bound
   * @return the firing, or empty when the schedule never fired before (searched back as far as
   *     cron-utils goes)
   * @throws InvalidScheduleException naming {@code spec.timeZone} or {@code spec.schedule}
   */
  public static Optional<Instant> lastBefore(String schedule, String timeZone, Instant instant) {
    ZoneId zone = zone(timeZone);
    Cron cron = cron(schedule);
    // firings are whole minutes: from a fraction of a second past one, that one is still "before"
    Instant from = instant.truncatedTo(ChronoUnit.SECONDS).equals(instant) ? instant
        : instant.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    return ExecutionTime.forCron(cron).lastExecution(from.atZone(zone)).map(ZonedDateTime::toInstant)
        .filter(time -> time.isBefore(instant));
  }

  /** Checks both fields without computing a time. */
  public static void validate(String schedule, String timeZone) {
    zone(timeZone);
    cron(schedule);
  }

  private static ZoneId zone(String timeZone) {
    if (timeZone == null) {
      return ZoneId.of("UTC");
    }
    try {
      // region ids only: Kubernetes takes names from the IANA database, not offsets like "+02:00"
      if (timeZone.isBlank() || timeZone.startsWith("+") || timeZone.startsWith("-")) {
        throw new DateTimeException("not a region id");
      }
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new InvalidScheduleException("spec.timeZone", timeZone,
          "is not a time zone of the IANA database (e.g. UTC, Europe/Berlin, America/New_York)");
    }
  }

  private static Cron cron(String schedule) {
    if (schedule == null || schedule.isBlank()) {
      throw new InvalidScheduleException("spec.schedule", String.valueOf(schedule), "is empty");
    }
    String trimmed = schedule.trim();
    String expression = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed).replace('?', '*');
    try {
      return PARSER.parse(expression).validate();
    } catch (IllegalArgumentException e) {
      throw new InvalidScheduleException("spec.schedule", schedule,
          "is not a cron schedule (minute hour day-of-month month day-of-week): " + e.getMessage());
    }
  }
}
