package io.tributary.operator.autoscale;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerStatus;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.operator.status.StatusConflicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ScalerStatusWriter} on the API: sets only the autoscaler's fields of a Worker's status
 * ({@code desiredReplicas, lag, partitions, lastScaleTime, lastScaleReason, perReplicaRate}) and
 * its {@code ScalerHealthy} condition, which keeps its place among the conditions of the Worker
 * reconciler (timestamps through {@link ConditionsHelper}).
 *
 * <p>One writer per field: the Worker reconciler writes the other fields of the same status, so
 * both write with optimistic concurrency and neither can reset what the other wrote. A write reads
 * the live Worker and, when its status does not show these values yet, sends a JSON patch of the
 * difference that carries the resourceVersion it was computed from: the API server applies it to
 * that version only and answers 409 Conflict when the reconciler wrote in between. Then the Worker
 * is read again and the autoscaler's fields are applied to the newer status, up to
 * {@value #MAX_ATTEMPTS} times (conflicts are counted: {@link StatusConflicts}). A patch without
 * the version could not be trusted here: JSON patch addresses conditions by their index in a list
 * the reconciler may have changed, and a JSON merge patch replaces the whole list. (A locked PUT of
 * the status would do too in a cluster, but the fabric8 mock server ignores the resourceVersion of a
 * status PUT.) A status that already shows the values sends no request.
 */
public final class KubernetesScalerStatus implements ScalerStatusWriter {
  /** Writes tried before a conflict is given up on (the next poll tries again). */
  static final int MAX_ATTEMPTS = 10;
  private final KubernetesClient client;
  private final ConditionsHelper conditions;
  private final Counter conflicts;
  private final AutoscalerCaches caches;

  /** Reads the Worker from the API at every write. */
  public KubernetesScalerStatus(KubernetesClient client, ConditionsHelper conditions, MeterRegistry meters) {
    this(client, conditions, meters, null);
  }

  /**
   * Compares with (and patches) the cached Worker first, so a steady state sends no request at all;
   * a stale cache answers 409 Conflict, after which the live Worker is read, as without a cache.
   */
  public KubernetesScalerStatus(KubernetesClient client, ConditionsHelper conditions, MeterRegistry meters,
      AutoscalerCaches caches) {
    this.client = client;
    this.conditions = conditions;
    this.conflicts = StatusConflicts.counter(meters, "Worker", "autoscaler");
    this.caches = caches;
  }

  private Optional<Worker> cached(Worker worker) {
    return caches == null ? Optional.empty() : caches.worker(worker.getMetadata().getNamespace(), worker.getMetadata().getName());
  }

  /**
   * @throws WorkerGoneException when the Worker no longer exists
   */
  @Override
  public void write(Worker worker, AutoscalerStatus status) {
    var resource = client.resources(Worker.class)
        .inNamespace(worker.getMetadata().getNamespace()).withName(worker.getMetadata().getName());
    try {
      Optional<Worker> cached = cached(worker);
      for (int attempt = 1; ; attempt++) {
        // the first attempt on the cached copy (its resourceVersion guards the patch), later ones live
        Worker current = attempt == 1 && cached.isPresent() ? cached.get() : resource.get();
        if (current == null) {
          throw new WorkerGoneException(worker);
        }
        if (shows(current.getStatus(), status)) {
          return; // a steady state sends no request
        }
        try {
          // editStatus of this very copy: the patch carries its resourceVersion
          client.resource(current).editStatus(live -> withFields(live, status));
          return;
        } catch (KubernetesClientException e) {
          // a copy another writer changed meanwhile: the mock answers 409, a real API server may
          // answer 422 (the JSON patch computed from the older copy no longer applies to the
          // conditions list, a list-type map); either way, again on the live Worker. A 422 that is a
          // real validation error comes back on every attempt and is thrown after the last one.
          boolean retryable = e.getCode() == 409 || e.getCode() == 422;
          if (!retryable || attempt >= MAX_ATTEMPTS) {
            throw e;
          }
          conflicts.increment(); // the reconciler wrote in between: again, on its version
        }
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw new WorkerGoneException(worker);
      }
      throw e;
    }
  }

  /** Sets the autoscaler's fields on {@code live} and leaves every other field as it is. */
  private Worker withFields(Worker live, AutoscalerStatus status) {
    WorkerStatus s = live.getStatus() != null ? live.getStatus() : new WorkerStatus();
    s.setDesiredReplicas(status.desiredReplicas());
    s.setLag(status.lag());
    s.setPartitions(status.partitions());
    s.setLastScaleTime(status.lastScaleTime());
    s.setLastScaleReason(status.lastScaleReason());
    if (status.perReplicaRate() != null) {
      s.setPerReplicaRate(status.perReplicaRate());
    }
    s.setConditions(withCondition(s.getConditions(), live.getMetadata().getGeneration(), status));
    live.setStatus(s);
    return live;
  }

  @Override
  public boolean exists(Worker worker) {
    if (cached(worker).isPresent()) {
      return true; // a cache miss may only be late: then the API decides
    }
    return client.resources(Worker.class).inNamespace(worker.getMetadata().getNamespace())
        .withName(worker.getMetadata().getName()).get() != null;
  }

  /** Whether the live status already shows these fields (compared live, as another writer may have reset them). */
  static boolean shows(WorkerStatus live, AutoscalerStatus status) {
    if (live == null) {
      return false;
    }
    Condition c = ConditionsHelper.find(live.getConditions(), AutoscalerStatus.CONDITION);
    return Objects.equals(live.getDesiredReplicas(), status.desiredReplicas())
        && Objects.equals(live.getLag(), status.lag())
        && Objects.equals(live.getPartitions(), status.partitions())
        && Objects.equals(live.getLastScaleTime(), status.lastScaleTime())
        && Objects.equals(live.getLastScaleReason(), status.lastScaleReason())
        && (status.perReplicaRate() == null || Objects.equals(live.getPerReplicaRate(), status.perReplicaRate()))
        && c != null
        && Objects.equals(c.getStatus(), status.healthy() ? "True" : "False")
        && Objects.equals(c.getReason(), status.healthReason())
        && Objects.equals(c.getMessage(), status.healthMessage());
  }

  private List<Condition> withCondition(List<Condition> existing, Long generation, AutoscalerStatus status) {
    Condition wanted = ConditionsHelper.condition(AutoscalerStatus.CONDITION, status.healthy(), status.healthReason(),
        status.healthMessage());
    Condition stamped = conditions.merge(existing, generation, List.of(wanted)).get(0);
    List<Condition> result = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
    for (int i = 0; i < result.size(); i++) {
      if (AutoscalerStatus.CONDITION.equals(result.get(i).getType())) {
        result.set(i, stamped);
        return result;
      }
    }
    result.add(stamped);
    return result;
  }
}
