package io.tributary.operator.autoscale;

/** What a decision does to the replica count. */
public enum ScalingDirection {
  /** More replicas. */
  UP,
  /** Fewer replicas. */
  DOWN,
  /**
   * The count stays: it is right, a scale-down waits for its stabilization window, or a scale-up
   * waits for replicas that are not ready or for a stalled group to consume again.
   */
  NONE,
  /** The count stays because the lag could not be observed (no decision possible). */
  HOLD;

  /** Lower-case name, as used in metric tags and Events. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
