package io.tributary.runtime.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Builds the Prometheus registry of a runtime process, with the identity tags on every meter. */
public final class RuntimeMetrics {
  private RuntimeMetrics() {}

  /** A registry whose meters all carry {@code pipeline}, {@code component} and {@code role}. */
  public static PrometheusMeterRegistry create(RuntimeIdentity identity) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags(
        "pipeline", identity.pipeline(),
        "component", identity.component(),
        "role", identity.role());
    bindJvmMetrics(registry);
    return registry;
  }

  private static void bindJvmMetrics(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
  }
}
