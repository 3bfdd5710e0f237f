package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.tributary.operator.model.UpstreamKind;

/**
 * The client's view of an {@link UpstreamKind}: kept out of the model, which names kinds without
 * depending on the Kubernetes client.
 */
public final class UpstreamResources {
  private UpstreamResources() {}

  /** What {@code client.genericKubernetesResources(...)} takes for the kind (all are namespaced). */
  public static ResourceDefinitionContext context(UpstreamKind kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(kind.group)
        .withVersion(kind.version)
        .withKind(kind.kind)
        .withPlural(kind.plural)
        .withNamespaced(true)
        .build();
  }
}
