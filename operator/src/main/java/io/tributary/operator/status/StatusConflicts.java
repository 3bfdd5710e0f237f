package io.tributary.operator.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the 409 Conflict answers to status writes. A status with more than one writer (a Worker's:
 * the Worker reconciler and the autoscaler) is written with optimistic concurrency: each write
 * carries the resourceVersion it was computed from, and a conflict means another writer came
 * first, so the write is computed again from the newer version and retried. A few conflicts are
 * normal; a steady stream of them would show two writers fighting over the same field.
 */
public final class StatusConflicts {
  /** {@code tributary_status_conflicts_total{kind, writer}} in Prometheus. */
  public static final String METER = "tributary.status.conflicts";

  private StatusConflicts() {}

  /**
   * @param kind the resource kind, e.g. {@code Worker}
   * @param writer who writes, e.g. {@code worker-reconciler}, {@code autoscaler}
   */
  public static Counter counter(MeterRegistry meters, String kind, String writer) {
    return Counter.builder(METER)
        .description("409 answers to status writes, each retried on the newer version")
        .tag("kind", kind)
        .tag("writer", writer)
        .register(meters);
  }
}
