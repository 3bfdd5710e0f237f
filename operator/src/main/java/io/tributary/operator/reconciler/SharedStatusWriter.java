package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.operator.status.StatusConflicts;
import java.util.function.UnaryOperator;

/**
 * Writes the fields a reconciler owns in a status it shares with another writer (a Worker's, with
 * the autoscaler), so that neither can reset the other's fields.
 *
 * <p>{@code UpdateControl.patchStatus} cannot do that: JOSDK (non-SSA) sends a JSON patch of the
 * difference between the informer's copy and the new status without a resourceVersion, so a stale
 * copy puts back what it saw (a whole {@code /status} when the copy had none yet; conditions
 * addressed by their index in a list the other writer may have changed), and the next reconcile,
 * from a copy that does not show its own last write yet, may find nothing to write while the live
 * status is wrong.
 *
 * <p>Instead the caller passes a function that sets only its own fields on a status. The write is a
 * JSON patch that carries the resourceVersion of the copy it was computed from, so the API server
 * applies it to that version only (409 Conflict otherwise); on a conflict JOSDK's
 * {@link PrimaryUpdateAndCacheUtils} waits for the newer version in the informer's cache, applies
 * the function to it and tries again, and it keeps the written resource in the controller's cache,
 * so the next reconcile starts from its own last write. Conflicts are counted
 * ({@link StatusConflicts}). A status that already shows the fields sends nothing (no writes at
 * steady state).
 *
 * @param <S> the status type
 * @param <R> the resource type
 */
final class SharedStatusWriter<S, R extends CustomResource<?, S>> {
  private final Counter conflicts;

  /**
   * @param kind the resource kind (meter tag)
   * @param writer the writer's name (meter tag)
   */
  SharedStatusWriter(MeterRegistry meters, String kind, String writer) {
    this.conflicts = StatusConflicts.counter(meters, kind, writer);
  }

  /**
   * Writes the caller's fields unless the status already shows them.
   *
   * @param resource the resource being reconciled (JOSDK's copy; not changed)
   * @param ownFields sets the caller's fields on the status it is given (null when the resource
   *     has no status yet) and returns it; it must leave every other field as it is, and may be
   *     applied more than once, to newer versions
   * @return whether a write was sent
   */
  boolean write(R resource, Context<R> context, UnaryOperator<S> ownFields) {
    S seen = resource.getStatus();
    S wanted = ownFields.apply(seen == null ? null : Serialization.clone(seen));
    if (!ConditionsHelper.changed(seen, wanted)) {
      return false;
    }
    PrimaryUpdateAndCacheUtils.updateAndCacheResource(resource, context, UnaryOperator.identity(),
        version -> patch(version, context, ownFields));
    return true;
  }

  private R patch(R version, Context<R> context, UnaryOperator<S> ownFields) {
    try {
      // editStatus of this very copy: the JSON patch carries its resourceVersion
      return context.getClient().resource(version).editStatus(r -> {
        r.setStatus(ownFields.apply(r.getStatus()));
        return r;
      });
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        conflicts.increment();
      }
      throw e;
    }
  }
}
