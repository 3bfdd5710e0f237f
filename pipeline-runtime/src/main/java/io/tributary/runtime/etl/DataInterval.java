package io.tributary.runtime.etl;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The data interval of one ETL run, {@code [start, end)}: the schedule period the run covers, as
 * in Airflow. Read from {@value #START_ENV} and {@value #END_ENV} (ISO-8601 instants such as
 * {@code 2026-12-02T10:00:00Z}); a run without them has no interval and a {@code topic} extract
 * reads from the committed offsets to the end.
 *
 * @param start first instant of the interval (inclusive)
 * @param end first instant after the interval (exclusive)
 */
public record DataInterval(Instant start, Instant end) {
  /** Environment variable with the interval's start. */
  public static final String START_ENV = "TRIBUTARY_DATA_INTERVAL_START";
  /** Environment variable with the interval's end. */
  public static final String END_ENV = "TRIBUTARY_DATA_INTERVAL_END";

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
      return Optional.empty();
    }
    if (start == null || end == null) {
      throw new IllegalArgumentException((start == null ? START_ENV : END_ENV) + " is not set while "
          + (start == null ? END_ENV : START_ENV) + " is: set both or neither");
    }
    return Optional.of(new DataInterval(instant(START_ENV, start), instant(END_ENV, end)));
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
