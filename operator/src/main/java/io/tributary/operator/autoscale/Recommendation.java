package io.tributary.operator.autoscale;

import java.time.Instant;

/**
 * A replica count the decider recommended at a time, before scale-down stabilization: the history
 * the stabilization window looks at.
 */
public record Recommendation(Instant at, int replicas) {}
