package io.tributary.operator.autoscale;

/**
 * Rates derived from successive observations; a null rate is unknown.
 *
 * @param arrivalPerSecond λ, records appended per second
 * @param consumptionPerSecond records consumed per second by the whole group
 * @param perReplicaPerSecond μ, the processing rate of one busy replica
 * @param perReplicaUnknownBecause why μ is unknown (for the reason text), null when known
 * @param stalled the consuming replicas had work queued in every sample of the window and the group
 *     consumed nothing: they are blocked (a failing downstream such as Redis, a dead-letter topic
 *     that refuses writes), not short of capacity
 */
public record Rates(
    Double arrivalPerSecond, Double consumptionPerSecond, Double perReplicaPerSecond, String perReplicaUnknownBecause,
    boolean stalled) {

  /** Rates that are not stalled. */
  public Rates(Double arrivalPerSecond, Double consumptionPerSecond, Double perReplicaPerSecond, String perReplicaUnknownBecause) {
    this(arrivalPerSecond, consumptionPerSecond, perReplicaPerSecond, perReplicaUnknownBecause, false);
  }

  public static Rates unknown(String why) {
    return new Rates(null, null, null, why);
  }
}
