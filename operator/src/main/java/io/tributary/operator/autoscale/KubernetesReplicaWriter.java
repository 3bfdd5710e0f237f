package io.tributary.operator.autoscale;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Optional;

/**
 * {@link ReplicaWriter} on the API: a JSON patch of {@code /spec/replicas} only, so nothing else
 * of the Deployment (owned by the Worker reconciler) is touched.
 */
public final class KubernetesReplicaWriter implements ReplicaWriter {
  private final KubernetesClient client;

  public KubernetesReplicaWriter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<DeploymentReplicas> read(String namespace, String deployment) {
    Deployment live = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
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
