package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tributary.api.v1alpha1.Pipeline;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Makes a component kind re-reconcile when its Pipeline changes: an index of the components by
 * {@code namespace/spec.pipeline} on the primary cache, and a Pipeline informer mapping each
 * Pipeline to the components indexed under it. Only spec changes (a new generation) and
 * creation/deletion trigger, not the Pipeline's own status updates.
 */
final class PipelineIndex {
  static final String INDEX = "by-pipeline";

  private PipelineIndex() {}

  static String key(String namespace, String pipeline) {
    return namespace + "/" + pipeline;
  }

  static <P extends HasMetadata> InformerEventSource<Pipeline, P> pipelineEventSource(
      EventSourceContext<P> context, Function<P, String> pipelineOf) {
    context
        .getPrimaryCache()
        .addIndexer(INDEX, p -> List.of(key(p.getMetadata().getNamespace(), Objects.toString(pipelineOf.apply(p), ""))));
    var config =
        InformerEventSourceConfiguration.from(Pipeline.class, context.getPrimaryResourceClass())
            .withName("pipelines-of-" + context.getPrimaryResourceClass().getSimpleName().toLowerCase())
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(
                pipeline ->
                    context
                        .getPrimaryCache()
                        .byIndex(INDEX, key(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (newer, older) ->
                    !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration()))
            .build();
    return new InformerEventSource<>(config, context);
  }
}
