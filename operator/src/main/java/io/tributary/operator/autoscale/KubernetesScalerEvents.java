package io.tributary.operator.autoscale;

import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.reconciler.EventRecorder;

/** {@link ScalerEvents} as core/v1 Events on the Worker, through the operator's recorder. */
public final class KubernetesScalerEvents implements ScalerEvents {
  private final EventRecorder recorder;

  public KubernetesScalerEvents(EventRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void scaled(Worker worker, int from, int to, String reason) {
    recorder.normal(worker, "Scaled", "Scaled from " + from + " to " + to + " replicas: " + reason);
  }

  @Override
  public void metricsUnavailable(Worker worker, String error) {
    recorder.warning(worker, "MetricsUnavailable", "Holding the replicas; the lag cannot be observed: " + error);
  }

  @Override
  public void metricsRecovered(Worker worker) {
    recorder.normal(worker, "MetricsRecovered", "The lag can be observed again");
  }
}
