package io.tributary.operator.sandbox;

import java.util.Optional;

/** An operator the sandbox started; closing it stops it. */
@FunctionalInterface
public interface RunningOperator extends AutoCloseable {
  /** Where the operator serves its Prometheus metrics, if it does ({@code http://127.0.0.1:<port>/metrics}). */
  default Optional<String> metricsUrl() {
    return Optional.empty();
  }
}
