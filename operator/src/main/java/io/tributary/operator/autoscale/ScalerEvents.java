package io.tributary.operator.autoscale;

import io.tributary.api.v1alpha1.Worker;

/** Kubernetes Events about a Worker's scaling (what {@code kubectl describe worker} shows). */
public interface ScalerEvents {
  /** The replicas changed, with the reason in numbers. */
  void scaled(Worker worker, int from, int to, String reason);

  /** The lag cannot be observed (emitted when it starts failing, not at every poll). */
  void metricsUnavailable(Worker worker, String error);

  /** The lag can be observed again. */
  void metricsRecovered(Worker worker);
}
