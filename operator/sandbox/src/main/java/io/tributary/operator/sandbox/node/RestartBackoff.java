package io.tributary.operator.sandbox.node;

import java.time.Duration;

/**
 * Delay before restarting a crashed container: {@code min(cap, initial * 2^(crashes - 1))},
 * i.e. 1 s, 2 s, 4 s, 8 s, then the cap (10 s by default). A container that ran for at least
 * {@code cap} before it crashed starts the sequence again, as a one-off crash should not wait long.
 */
record RestartBackoff(Duration initial, Duration cap) {

  static RestartBackoff standard() {
    return new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
  }

  /** @param consecutiveCrashes crashes in a row, at least 1 */
  Duration delay(int consecutiveCrashes) {
    int doublings = Math.min(Math.max(consecutiveCrashes - 1, 0), 30);
    long millis = initial.toMillis() << doublings;
    return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
  }

  /** Whether a run of this length resets the crash count. */
  boolean ranLongEnough(Duration runTime) {
    return runTime.compareTo(cap) >= 0;
  }
}
