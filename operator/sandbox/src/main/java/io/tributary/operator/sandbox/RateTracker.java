package io.tributary.operator.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-second rates from counters observed over time, per series key (e.g. a pod):
 * {@code (value - previous) / seconds between observations}. A counter that went down was reset
 * (the pod restarted), so its whole new value counts as the increase.
 */
final class RateTracker {
  private record Observation(double value, Instant at) {}

  private final Map<String, Observation> last = new ConcurrentHashMap<>();

  /** Records {@code value} for {@code key}; returns the rate since the last observation, or NaN. */
  double observe(String key, double value, Instant at) {
    Observation previous = last.put(key, new Observation(value, at));
    if (previous == null || Double.isNaN(value) || Double.isNaN(previous.value())) {
      return Double.NaN;
    }
    double seconds = Duration.between(previous.at(), at).toMillis() / 1000.0;
    if (seconds <= 0) {
      return Double.NaN;
    }
    double increase = value >= previous.value() ? value - previous.value() : value;
    return increase / seconds;
  }

  void forgetAllBut(java.util.Set<String> keys) {
    last.keySet().retainAll(keys);
  }
}
