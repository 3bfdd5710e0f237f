package io.tributary.operator.autoscale;

import io.tributary.api.v1alpha1.Worker;

/** The Worker was deleted: its autoscaling loop stops. */
public final class WorkerGoneException extends RuntimeException {
  public WorkerGoneException(Worker worker) {
    super("Worker " + worker.getMetadata().getNamespace() + "/" + worker.getMetadata().getName() + " no longer exists");
  }
}
