package io.tributary.operator.autoscale;

/**
 * Rates derived from successive observations; a null rate is unknown.
 *
 * @param arrivalPerSecond λ, records appended per second
 * @param consumptionPerSecond records consumed per second by the whole group
 * @param perReplicaPerSecond μ, the processing rate of one busy replica
 * @param perReplicaUnknownBecause why μ is unknown (for the reason text), null when known
 */
public record Rates(
    Double arrivalPerSecond, Double consumptionPerSecond, Double perReplicaPerSecond, String perReplicaUnknownBecause) {

  public static Rates unknown(String why) {
    return new Rates(null, null, null, why);
  }
}
