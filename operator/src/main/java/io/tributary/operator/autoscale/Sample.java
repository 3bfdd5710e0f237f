package io.tributary.operator.autoscale;

/**
 * An observation with the number of replicas that were running while it was taken (the
 * per-replica rate is only meaningful over samples taken with the same count).
 *
 * @param observation what the lag source saw
 * @param replicas replicas of the Deployment at that time
 */
public record Sample(LagObservation observation, int replicas) {}
