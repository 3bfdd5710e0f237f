package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * Retries of a failed ETL run inside the same pod.
 *
 * @param limit retries after the first try; default 3 (0 when the whole section is absent)
 * @param delay pause before the first retry; default {@code 30s}
 * @param multiplier growth of the pause per retry (&ge; 1); default 2
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetriesConfig(Integer limit, String delay, Double multiplier) {
  public static final int DEFAULT_LIMIT = 3;
  public static final String DEFAULT_DELAY = "30s";
  public static final double DEFAULT_MULTIPLIER = 2;

  public RetriesConfig {
    limit = limit == null ? DEFAULT_LIMIT : limit;
    delay = delay == null ? DEFAULT_DELAY : delay;
    multiplier = multiplier == null ? DEFAULT_MULTIPLIER : multiplier;
  }

  /** No retries: the run fails on its first error. */
  public static RetriesConfig none() {
    return new RetriesConfig(0, null, null);
  }

  /** The pause before retry {@code n} (1-based): {@code delay * multiplier^(n-1)}. */
  public Duration delayBeforeRetry(int n) {
    return Duration.ofMillis(
        (long) (Durations.parse(delay).toMillis() * Math.pow(multiplier, Math.max(0, n - 1))));
  }
}
