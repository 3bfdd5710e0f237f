package io.tributary.runtime.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration strings of the configuration: a whole number and one unit, {@code ms}, {@code s},
 * {@code m}, {@code h} or {@code d} ({@code 200ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * {@code 7d}). A day is 24 hours.
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
  static final String HINT = "use e.g. 500ms, 30s, 5m, 1h, 1d";

  private Durations() {}

  /**
   * @throws IllegalArgumentException {@code "5x" is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)}
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("null is not a duration (" + HINT + ")");
    }
    Matcher matcher = DURATION.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration (" + HINT + ")");
    }
    long amount = Long.parseLong(matcher.group(1));
    switch (matcher.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return Duration.ofDays(amount);
    }
  }

  /** True when {@link #parse} would accept {@code text}. */
  public static boolean isValid(String text) {
    return text != null && DURATION.matcher(text.trim()).matches();
  }

  /** The shortest string {@link #parse} reads back as {@code duration}, e.g. {@code 90s}, {@code 2h}. */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative duration " + duration);
    }
    long millis = duration.toMillis();
    if (millis % 86_400_000L == 0 && millis > 0) {
      return millis / 86_400_000L + "d";
    }
    if (millis % 3_600_000L == 0 && millis > 0) {
      return millis / 3_600_000L + "h";
    }
    if (millis % 60_000L == 0 && millis > 0) {
      return millis / 60_000L + "m";
    }
    if (millis % 1000L == 0) {
      return millis / 1000L + "s";
    }
    return millis + "ms";
  }
}
