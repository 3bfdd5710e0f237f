package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Set;

/** Creates or replaces the user's objects in the sandbox's API, like {@code kubectl apply}. */
final class ManifestApplier {
  private static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "PriorityClass",
          "StorageClass", "PersistentVolume");

  private final KubernetesClient client;

  ManifestApplier(KubernetesClient client) {
    this.client = client;
  }

  /** Applies one object; returns e.g. {@code worker.tributary.io/cache-writer created}. */
  String apply(Manifests.Manifest manifest) {
    HasMetadata resource = Serialization.unmarshal(manifest.object().toString());
    boolean clusterScoped = CLUSTER_SCOPED.contains(manifest.kind());
    String namespace = resource.getMetadata().getNamespace() == null || resource.getMetadata().getNamespace().isEmpty()
        ? "default" : resource.getMetadata().getNamespace();
    try {
      var operation = clusterScoped ? client.resource(resource) : client.resource(resource).inNamespace(namespace);
      operation.createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      throw new SandboxStartupException(manifest.where() + ": " + manifest.kind() + " " + manifest.name()
          + " was refused by the API: " + e.getMessage(), e);
    }
    return manifest.kind().toLowerCase() + "/" + manifest.name() + (clusterScoped ? "" : " in " + namespace) + " applied";
  }
}
