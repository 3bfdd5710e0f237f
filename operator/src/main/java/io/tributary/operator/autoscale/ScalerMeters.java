package io.tributary.operator.autoscale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one autoscaled Worker (DESIGN §4), tagged {@code namespace}, {@code worker},
 * {@code pipeline} (and {@code component}, the Worker's name, as the dashboards group by it): gauges {@code tributary_worker_lag}, {@code tributary_worker_desired_replicas},
 * {@code tributary_worker_replicas} and the counter {@code tributary_scaling_decisions_total}
 * with a {@code direction} tag (up, down, none, hold).
 */
final class ScalerMeters implements AutoCloseable {
  static final String LAG = "tributary_worker_lag";
  static final String DESIRED = "tributary_worker_desired_replicas";
  static final String REPLICAS = "tributary_worker_replicas";
  static final String DECISIONS = "tributary_scaling_decisions_total";

  private final MeterRegistry registry;
  private final Tags tags;
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong desired = new AtomicLong();
  private final AtomicLong replicas = new AtomicLong();
  private final List<Meter> meters = new ArrayList<>();

  ScalerMeters(MeterRegistry registry, String namespace, String worker, String pipeline) {
    this.registry = registry;
    // component carries the Worker's name too: the dashboards group by it, as for the runtime's meters
    this.tags = Tags.of("namespace", namespace, "worker", worker, "component", worker,
        "pipeline", pipeline == null ? "" : pipeline);
    meters.add(Gauge.builder(LAG, lag, AtomicLong::get).tags(tags)
        .description("Records not yet processed by the Worker (Kafka lag, or Redis stream lag plus pending)").register(registry));
    meters.add(Gauge.builder(DESIRED, desired, AtomicLong::get).tags(tags)
        .description("Replicas the autoscaler asks for").register(registry));
    meters.add(Gauge.builder(REPLICAS, replicas, AtomicLong::get).tags(tags)
        .description("Replicas of the Worker's Deployment").register(registry));
    // every direction from the start at 0, so increase() sees the first decision of each
    for (ScalingDirection direction : ScalingDirection.values()) {
      meters.add(counter(direction));
    }
  }

  private Counter counter(ScalingDirection direction) {
    return Counter.builder(DECISIONS).tags(tags).tag("direction", direction.tag())
        .description("Autoscaler decisions by direction").register(registry);
  }

  void observed(long lagNow) {
    lag.set(lagNow);
  }

  void replicas(int current) {
    replicas.set(current);
    desired.set(current);
  }

  void decided(ScalingDecision decision, int currentReplicas) {
    desired.set(decision.desiredReplicas());
    replicas.set(decision.changes() ? decision.desiredReplicas() : currentReplicas);
    counter(decision.direction()).increment();
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
