package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tributary.operator.model.Labels;
import java.util.Map;
import java.util.Set;

/**
 * Informers on children (Deployments, CronJobs, Jobs) that trigger the owner's reconciliation,
 * mapped by the {@code app.kubernetes.io/instance} label, so that Jobs created by a CronJob (owned
 * by the CronJob, not by the EtlSchedule) map back too.
 */
final class ChildEventSources {
  private ChildEventSources() {}

  static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> byInstanceLabel(
      Class<R> childClass, String role, EventSourceContext<P> context) {
    var config =
        InformerEventSourceConfiguration.from(childClass, context.getPrimaryResourceClass())
            .withName(role + "-" + childClass.getSimpleName().toLowerCase())
            .withNamespacesInheritedFromController()
            .withLabelSelector(Labels.NAME + "=tributary-" + role + "," + Labels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(
                child -> {
                  Map<String, String> labels = child.getMetadata().getLabels();
                  String instance = labels == null ? null : labels.get(Labels.INSTANCE);
                  return instance == null
                      ? Set.of()
                      : Set.of(new ResourceID(instance, child.getMetadata().getNamespace()));
                })
            .build();
    return new InformerEventSource<>(config, context);
  }
}
