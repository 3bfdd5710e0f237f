package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.tributary.api.v1alpha1.TributaryStatus;
import io.tributary.operator.status.ConditionsHelper;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes a status only when its content changed (a steady state sends no request). The status is
 * built on a copy of the live one. For a status with one writer only: JOSDK's patch is computed
 * from the informer's copy and carries no resourceVersion, so a second writer's fields could be
 * reset from a stale copy; a shared status (a Worker's, with the autoscaler) is written with
 * {@link SharedStatusWriter} instead.
 */
final class StatusUpdates {
  private StatusUpdates() {}

  /** A copy of the live status, or a new one. */
  static <S extends TributaryStatus> S copyOf(S live, Supplier<S> empty) {
    return live == null ? empty.get() : Serialization.clone(live);
  }

  /** Sets observedGeneration and the merged conditions on {@code status}. */
  static void conditions(
      ConditionsHelper helper, CustomResource<?, ? extends TributaryStatus> resource, TributaryStatus status,
      List<Condition> wanted) {
    TributaryStatus live = resource.getStatus();
    status.setConditions(helper.merge(live == null ? null : live.getConditions(), resource.getMetadata().getGeneration(), wanted));
    status.setObservedGeneration(resource.getMetadata().getGeneration());
  }

  static <S extends TributaryStatus, R extends CustomResource<?, S>> UpdateControl<R> patchIfChanged(R resource, S status) {
    if (!ConditionsHelper.changed(resource.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }

  static <S extends TributaryStatus, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> errorIfChanged(
      R resource, S status) {
    if (!ConditionsHelper.changed(resource.getStatus(), status)) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    resource.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(resource);
  }
}
