package io.tributary.operator.autoscale;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tributary.operator.model.ReplayPlan;
import java.util.Optional;

/**
 * {@link ReplicaWriter} on the API: a JSON patch of {@code /spec/replicas} only, so nothing else
 * of the Deployment (owned by the Worker reconciler) is touched. Reads come from the informer cache
 * ({@link AutoscalerCaches}) when there is one: a cache a moment behind a write of ours at most
 * repeats that same patch at the next poll.
 */
public final class KubernetesReplicaWriter implements ReplicaWriter {
  private final KubernetesClient client;
  private final AutoscalerCaches caches;

  /** Reads the Deployment from the API at every poll. */
  public KubernetesReplicaWriter(KubernetesClient client) {
    this(client, null);
  }

  /** Reads the Deployment from the informer cache, from the API only when it is not cached. */
  public KubernetesReplicaWriter(KubernetesClient client, AutoscalerCaches caches) {
    this.client = client;
    this.caches = caches;
  }

  @Override
  public Optional<DeploymentReplicas> read(String namespace, String deployment) {
    Optional<Deployment> cached = caches == null ? Optional.empty() : caches.deployment(namespace, deployment);
    Deployment live = cached.isPresent() ? cached.get()
        : client.apps().deployments().inNamespace(namespace).withName(deployment).get();
    if (live == null) {
      return Optional.empty();
    }
    int replicas = live.getSpec() == null || live.getSpec().getReplicas() == null ? 1 : live.getSpec().getReplicas();
    return Optional.of(new DeploymentReplicas(replicas, readyReplicas(live, replicas), ReplayPlan.held(live)));
  }

  /**
   * {@code status.readyReplicas}, 0 when unset — once a Deployment controller has reported on the
   * Deployment ({@code status.observedGeneration} set). Before that, readiness is unknown rather
   * than "none ready": no replica is counted as warming up, so the not-ready rule of the decider
   * does not hold a scale-up for a Deployment nobody reports on (an API server without a
   * Deployment controller, such as the tests' mock and control plane without kubelets).
   */
  static int readyReplicas(Deployment live, int replicas) {
    if (live.getStatus() == null || live.getStatus().getObservedGeneration() == null) {
      return replicas;
    }
    Integer ready = live.getStatus().getReadyReplicas();
    return ready == null ? 0 : ready;
  }

  @Override
  public void write(String namespace, String deployment, int replicas) {
    // "add" sets the member whether or not it exists (a model without replicas leaves it unset)
    client.apps().deployments().inNamespace(namespace).withName(deployment)
        .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/spec/replicas\",\"value\":" + replicas + "}]");
  }
}
