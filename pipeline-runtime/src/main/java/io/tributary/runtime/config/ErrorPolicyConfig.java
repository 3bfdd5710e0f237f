package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * What a worker does with a record that fails.
 *
 * @param maxAttempts tries per record, the first included; default 3
 * @param backoff pause between tries; default 200ms, doubling, at most 10s
 * @param deadLetter after the last try: true (default) sends the record to the dead-letter topic
 *     and goes on; false stops consuming (retrying with backoff) until the record succeeds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorPolicyConfig(Integer maxAttempts, Backoff backoff, Boolean deadLetter) {
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  public ErrorPolicyConfig {
    maxAttempts = maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
    backoff = backoff == null ? Backoff.defaults() : backoff;
    deadLetter = deadLetter == null || deadLetter;
  }

  public static ErrorPolicyConfig defaults() {
    return new ErrorPolicyConfig(null, null, null);
  }

  /**
   * Exponential backoff: the pause before try {@code n} (n &ge; 2) is
   * {@code min(max, initial * multiplier^(n-2))}.
   *
   * @param initial default {@code 200ms}
   * @param multiplier &ge; 1; default 2
   * @param max default {@code 10s}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Backoff(String initial, Double multiplier, String max) {
    public static final String DEFAULT_INITIAL = "200ms";
    public static final double DEFAULT_MULTIPLIER = 2;
    public static final String DEFAULT_MAX = "10s";

    public Backoff {
      initial = initial == null ? DEFAULT_INITIAL : initial;
      multiplier = multiplier == null ? DEFAULT_MULTIPLIER : multiplier;
      max = max == null ? DEFAULT_MAX : max;
    }

    public static Backoff defaults() {
      return new Backoff(null, null, null);
    }

    /**
     * The pause after {@code failedAttempts} failed tries (1 = after the first failure):
     * {@code min(max, initial * multiplier^(failedAttempts-1))}.
     */
    public Duration delayAfter(int failedAttempts) {
      double millis = Durations.parse(initial).toMillis()
          * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
      long cap = Durations.parse(max).toMillis();
      return Duration.ofMillis((long) Math.min(cap, millis));
    }
  }
}
