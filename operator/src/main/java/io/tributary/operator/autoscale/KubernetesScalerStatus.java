package io.tributary.operator.autoscale;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerStatus;
import io.tributary.operator.status.ConditionsHelper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link ScalerStatusWriter} on the API: reads the live Worker and, when its status does not show
 * these values yet, edits the status subresource (a JSON patch of the difference), setting only the autoscaler's fields and its {@code ScalerHealthy} condition, which
 * keeps its place among the conditions of the reconciler (timestamps through
 * {@link ConditionsHelper}).
 */
public final class KubernetesScalerStatus implements ScalerStatusWriter {
  private final KubernetesClient client;
  private final ConditionsHelper conditions;

  public KubernetesScalerStatus(KubernetesClient client, ConditionsHelper conditions) {
    this.client = client;
    this.conditions = conditions;
  }

  /**
   * @throws WorkerGoneException when the Worker no longer exists
   */
  @Override
  public void write(Worker worker, AutoscalerStatus status) {
    var resource = client.resources(Worker.class)
        .inNamespace(worker.getMetadata().getNamespace()).withName(worker.getMetadata().getName());
    try {
      Worker current = resource.get();
      if (current == null) {
        throw new WorkerGoneException(worker);
      }
      if (shows(current.getStatus(), status)) {
        return; // a steady state sends no request
      }
      resource.editStatus(live -> {
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
      });
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw new WorkerGoneException(worker);
      }
      throw e;
    }
  }

  @Override
  public boolean exists(Worker worker) {
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
