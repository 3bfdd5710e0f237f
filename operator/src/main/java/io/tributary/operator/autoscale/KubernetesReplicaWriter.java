package io.tributary.operator.autoscale;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
    Integer replicas = live.getSpec() == null ? null : live.getSpec().getReplicas();
    Integer ready = live.getStatus() == null ? null : live.getStatus().getReadyReplicas();
    return Optional.of(new DeploymentReplicas(replicas == null ? 1 : replicas, ready == null ? 0 : ready));
  }

  @Override
  public void write(String namespace, String deployment, int replicas) {
    // "add" sets the member whether or not it exists (a model without replicas leaves it unset)
    client.apps().deployments().inNamespace(namespace).withName(deployment)
        .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/spec/replicas\",\"value\":" + replicas + "}]");
  }
}
