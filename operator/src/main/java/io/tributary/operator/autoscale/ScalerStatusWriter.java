package io.tributary.operator.autoscale;

import io.tributary.api.v1alpha1.Worker;

/** Writes the autoscaler's fields of a Worker's status, leaving every other field as it is. */
public interface ScalerStatusWriter {
  /**
   * @throws WorkerGoneException when the Worker no longer exists (its loop then stops)
   */
  void write(Worker worker, AutoscalerStatus status);

  /** Whether the Worker still exists (a Worker only observed has no status write to find out). */
  default boolean exists(Worker worker) {
    return true;
  }
}
