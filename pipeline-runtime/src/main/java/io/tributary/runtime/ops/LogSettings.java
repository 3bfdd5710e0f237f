package io.tributary.runtime.ops;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The two logging variables of the runtime and the operator. Logback reads them itself (the
 * {@code ${...}} in {@code logback.xml} and {@code tributary-operator-logback.xml}); this class
 * checks them first, because logback turns an unknown level into DEBUG and would not say so.
 */
public final class LogSettings {
  /** Root level: {@code TRACE}, {@code DEBUG}, {@code INFO} (default), {@code WARN}, {@code ERROR}, {@code OFF}. */
  public static final String LEVEL = "TRIBUTARY_LOG_LEVEL";
  /** {@code json} (default): ECS JSON lines, see {@link JsonLineLayout}; {@code text}: see {@link TextLineLayout}. */
  public static final String FORMAT = "TRIBUTARY_LOG_FORMAT";

  /** The accepted values of {@link #LEVEL}, in any case. */
  public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  /** The accepted values of {@link #FORMAT}, in any case. */
  public static final List<String> FORMATS = List.of("json", "text");

  private LogSettings() {}

  /**
   * The first problem with the two variables, as a one-line message naming the variable and a
   * bounded copy of its value; empty when both are unset or valid (a blank format means json).
   */
  public static Optional<String> problem(Function<String, String> env) {
    String level = env.apply(LEVEL);
    if (level != null && level.isBlank()) {
      // logback's ${TRIBUTARY_LOG_LEVEL:-INFO} takes the default only for an unset variable: empty means DEBUG
      return Optional.of(LEVEL + " is empty: unset it (INFO) or use one of " + String.join(", ", LEVELS));
    }
    if (level != null && !LEVELS.contains(level.trim().toUpperCase(Locale.ROOT))) {
      return Optional.of(LEVEL + "=" + quoted(level) + " is not a log level (use one of "
          + String.join(", ", LEVELS) + ")");
    }
    String format = env.apply(FORMAT);
    if (format != null && !format.isBlank() && !FORMATS.contains(format.trim().toLowerCase(Locale.ROOT))) {
      return Optional.of(FORMAT + "=" + quoted(format) + " is not a log format (use json or text)");
    }
    return Optional.empty();
  }

  private static String quoted(String value) {
    String trimmed = value.trim();
    return "\"" + (trimmed.length() > 64 ? trimmed.substring(0, 64) + "…" : trimmed) + "\"";
  }
}
