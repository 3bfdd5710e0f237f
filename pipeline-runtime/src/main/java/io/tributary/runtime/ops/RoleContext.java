package io.tributary.runtime.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.runtime.config.RuntimeConfig;
import java.util.function.Function;

/**
 * What {@code Main} hands a role: its validated configuration, the metrics registry (identity
 * tags already set), the ops server for readiness checks, the lifecycle (stop requests) and the
 * environment lookup for secrets.
 */
public record RoleContext(
    RuntimeConfig config,
    PrometheusMeterRegistry registry,
    OpsServer ops,
    Lifecycle lifecycle,
    Function<String, String> env) {

  public RuntimeIdentity identity() {
    return new RuntimeIdentity(config.pipeline(), config.component(), config.role().jsonName());
  }
}
