package io.tributary.operator.config;

import java.time.Duration;

/**
 * How soon the operator looks again at what it does not watch: Secrets (any namespace, many of
 * them not the operator's), KafkaUsers and their Secrets (the CRD may come and go), the Redis ACL
 * users it made, and the Worker an EtlSchedule's gate names. Set with {@code
 * TRIBUTARY_RECHECK_SECONDS} ({@link #refused}, 1 to 3600); the other intervals follow from it.
 *
 * @param refused a resource refused for what it references (a Secret not labelled usable, a gate's
 *     missing Worker) is reconciled again after this; labelling the Secret is then enough
 */
public record Rechecks(Duration refused) {
  /** The variable of {@link #refused}, in seconds. */
  public static final String ENV = "TRIBUTARY_RECHECK_SECONDS";
  /** Half a minute: a fix is seen quickly, and a refused resource costs two API reads a minute. */
  public static final Duration DEFAULT_REFUSED = Duration.ofSeconds(30);
  /** The longest wait for a KafkaUser's Secret, which Strimzi's User Operator writes in seconds. */
  private static final Duration LONGEST_WAITING = Duration.ofSeconds(10);

  /** Longer, and a labelled Secret or a rotated password would go unnoticed for hours. */
  public static final Duration LONGEST_REFUSED = Duration.ofHours(1);

  public Rechecks {
    if (refused == null || refused.compareTo(Duration.ofSeconds(1)) < 0 || refused.compareTo(LONGEST_REFUSED) > 0) {
      throw new IllegalArgumentException(ENV + "=" + (refused == null ? null : refused.toSeconds())
          + " is not a number of seconds from 1 to " + LONGEST_REFUSED.toSeconds());
    }
  }

  /** The defaults: {@link #DEFAULT_REFUSED}. */
  public static Rechecks defaults() {
    return new Rechecks(DEFAULT_REFUSED);
  }

  /**
   * How often a running component's credentials are looked at again: its KafkaUser's Secret or the
   * Pipeline's plain Kafka credential (a rotated password reaches the copy and rolls the pods
   * within this), and its Redis ACL user set again (a Redis restarted without it gets it back).
   * Twice {@link #refused}: these are read by every running component, refusals are rare.
   */
  public Duration credentials() {
    return refused.multipliedBy(2);
  }

  /** How soon a component waiting for its KafkaUser's Secret looks again: 10 s, or {@link #refused} when shorter. */
  public Duration waiting() {
    return refused.compareTo(LONGEST_WAITING) < 0 ? refused : LONGEST_WAITING;
  }
}
