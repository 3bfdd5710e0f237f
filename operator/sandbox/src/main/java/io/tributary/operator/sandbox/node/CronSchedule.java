package io.tributary.operator.sandbox.node;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A standard 5-field cron expression ({@code minute hour day-of-month month day-of-week}) as
 * Kubernetes CronJobs accept it: {@code *}, {@code ?}, lists, ranges, steps ({@code *}{@code /15},
 * {@code 1-30/5}), month and weekday names, {@code 7} for Sunday and the macros {@code @yearly},
 * {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly}. When both
 * day fields are restricted a day matches if either matches (Vixie cron semantics).
 */
public final class CronSchedule {
  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final int MAX_SEARCH_DAYS = 366 * 5;

  private final String expression;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean dayOfMonthRestricted;
  private final boolean dayOfWeekRestricted;

  private CronSchedule(String expression, String[] fields) {
    this.expression = expression;
    this.minutes = parseField(fields[0], "minute", 0, 59, List.of());
    this.hours = parseField(fields[1], "hour", 0, 23, List.of());
    this.daysOfMonth = parseField(fields[2], "day of month", 1, 31, List.of());
    this.months = parseField(fields[3], "month", 1, 12, MONTHS);
    BitSet dow = parseField(fields[4], "day of week", 0, 7, DAYS);
    if (dow.get(7)) {
      dow.set(0);
      dow.clear(7);
    }
    this.daysOfWeek = dow;
    this.dayOfMonthRestricted = !isWildcard(fields[2]);
    this.dayOfWeekRestricted = !isWildcard(fields[4]);
  }

  /** Parses {@code expression}; a bad expression names the field and the value. */
  public static CronSchedule parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("schedule: empty cron expression");
    }
    String trimmed = expression.trim();
    String normalized = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
    if (normalized.startsWith("TZ=") || normalized.startsWith("CRON_TZ=")) {
      throw new IllegalArgumentException("schedule \"" + expression + "\": use spec.timeZone instead of TZ=");
    }
    String[] fields = normalized.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("schedule \"" + expression + "\": expected 5 fields "
          + "(minute hour day-of-month month day-of-week), found " + fields.length);
    }
    try {
      return new CronSchedule(expression, fields);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schedule \"" + expression + "\": " + e.getMessage(), e);
    }
  }

  /** The first fire time strictly after {@code after}, in {@code after}'s zone. */
  public ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = after.plusDays(MAX_SEARCH_DAYS);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return t;
      }
    }
    throw new IllegalArgumentException("schedule \"" + expression + "\" never fires");
  }

  /** The latest fire time in {@code (since, until]}, evaluated in {@code zone}. */
  public Optional<Instant> lastFireBetween(Instant since, Instant until, ZoneId zone) {
    Instant last = null;
    ZonedDateTime t = next(since.atZone(zone));
    while (!t.toInstant().isAfter(until)) {
      last = t.toInstant();
      t = next(t);
    }
    return Optional.ofNullable(last);
  }

  public String expression() {
    return expression;
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (dayOfMonthRestricted && dayOfWeekRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  private static boolean isWildcard(String field) {
    return field.equals("*") || field.equals("?");
  }

  private static BitSet parseField(String field, String name, int min, int max, List<String> names) {
    BitSet bits = new BitSet(max + 1);
    for (String part : field.split(",")) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException(name + ": empty list item in \"" + field + "\"");
      }
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = parseNumber(part.substring(slash + 1), name, names, 1, Integer.MAX_VALUE);
      }
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] bounds = range.split("-", 2);
        from = parseNumber(bounds[0], name, names, min, max);
        to = parseNumber(bounds[1], name, names, min, max);
        if (to < from) {
          throw new IllegalArgumentException(name + ": range \"" + range + "\" ends before it starts");
        }
      } else {
        from = parseNumber(range, name, names, min, max);
        to = slash >= 0 ? max : from;
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int parseNumber(String text, String name, List<String> names, int min, int max) {
    int index = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (index >= 0) {
      // month names are 1-based, day names 0-based
      return names.size() == 12 ? index + 1 : index;
    }
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": \"" + text + "\" is not a number", e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + ": " + value + " is out of range " + min + "-" + max);
    }
    return value;
  }
}
