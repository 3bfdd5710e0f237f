package io.tributary.operator.config;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.tributary.runtime.ops.LogSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The log settings of the runtime pods the operator creates, from the operator's
 * {@code TRIBUTARY_RUNTIME_LOG_LEVEL} and {@code TRIBUTARY_RUNTIME_LOG_FORMAT}: they become the
 * pods' {@code TRIBUTARY_LOG_LEVEL} and {@code TRIBUTARY_LOG_FORMAT} ({@link LogSettings}, whose
 * values they take). They are separate from the operator's own {@code TRIBUTARY_LOG_LEVEL}/
 * {@code TRIBUTARY_LOG_FORMAT} on purpose: debugging the operator must not turn every pipeline's
 * pods to DEBUG (nor roll them all). Unset (the default) sets nothing, so the pods keep the
 * runtime's defaults (INFO, json) and their templates do not change.
 *
 * @param level a {@link LogSettings#LEVELS} value in upper case, or null
 * @param format a {@link LogSettings#FORMATS} value in lower case, or null
 */
public record RuntimeLogging(String level, String format) {
  public static final String LEVEL_ENV = "TRIBUTARY_RUNTIME_LOG_LEVEL";
  public static final String FORMAT_ENV = "TRIBUTARY_RUNTIME_LOG_FORMAT";

  /** No settings: the runtime's own defaults. */
  public static RuntimeLogging none() {
    return new RuntimeLogging(null, null);
  }

  /**
   * Reads the two variables; blank is unset.
   *
   * @throws IllegalArgumentException naming the variable and the value when one is not a level or format
   */
  public static RuntimeLogging fromEnvironment(Map<String, String> env) {
    String level = blankToNull(env.get(LEVEL_ENV));
    String format = blankToNull(env.get(FORMAT_ENV));
    // the runtime's own check, so the operator accepts exactly what the pods accept
    LogSettings.problem(name -> LogSettings.LEVEL.equals(name) ? level : LogSettings.FORMAT.equals(name) ? format : null)
        .ifPresent(problem -> {
          throw new IllegalArgumentException(problem.replace(LogSettings.LEVEL, LEVEL_ENV)
              .replace(LogSettings.FORMAT, FORMAT_ENV));
        });
    return new RuntimeLogging(level == null ? null : level.toUpperCase(Locale.ROOT),
        format == null ? null : format.toLowerCase(Locale.ROOT));
  }

  /** The pods' env vars: {@code TRIBUTARY_LOG_LEVEL} and {@code TRIBUTARY_LOG_FORMAT}, each only when set. */
  public List<EnvVar> env() {
    List<EnvVar> env = new ArrayList<>();
    if (level != null) {
      env.add(new EnvVar(LogSettings.LEVEL, level, null));
    }
    if (format != null) {
      env.add(new EnvVar(LogSettings.FORMAT, format, null));
    }
    return List.copyOf(env);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
