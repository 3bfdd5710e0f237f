package io.tributary.operator.reconciler;

import io.tributary.operator.config.Rechecks;
import io.tributary.operator.model.PipelineWiring;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.operator.status.Reasons;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** What the Producer and Worker reconcilers share. */
final class Workloads {
  static final String AVAILABLE = Reasons.AVAILABLE;
  static final String PODS_NOT_READY = Reasons.PODS_NOT_READY;
  static final String RECONCILE_FAILED = Reasons.RECONCILE_FAILED;

  private Workloads() {}

  static Pipeline pipeline(OperatorServices services, String namespace, String name) {
    if (name == null) {
      return null;
    }
    return services.client().resources(Pipeline.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * {@code control}, rescheduled after {@link Rechecks#refused} when the verdict is about a
   * Secret (Secrets are not watched: labelling one must be noticed without another change).
   */
  static <P extends HasMetadata> io.javaoperatorsdk.operator.api.reconciler.UpdateControl<P> recheck(Verdict verdict,
      io.javaoperatorsdk.operator.api.reconciler.UpdateControl<P> control, Rechecks intervals) {
    return Reasons.SECRET_NOT_USABLE.equals(verdict.reason()) ? control.rescheduleAfter(intervals.refused()) : control;
  }

  /**
   * The sooner of {@code recheck} and, when the pods trust a CA the operator read ({@link
   * PipelineWiring#trustedCas}), {@link Rechecks#credentials}: Secrets are not watched, and a CA
   * replaced in its Secret must reach the configuration hash and roll the pods.
   */
  static Optional<Duration> withCaRecheck(Optional<Duration> recheck, PipelineWiring wiring, Rechecks intervals) {
    if (PipelineWiring.TrustedCas.NONE.equals(wiring.trustedCas())) {
      return recheck;
    }
    Duration mine = intervals.credentials();
    return recheck.isPresent() && recheck.get().compareTo(mine) <= 0 ? recheck : Optional.of(mine);
  }

  /** {@code control}, rescheduled after {@code after} when present. */
  static <T extends HasMetadata> UpdateControl<T> recheck(UpdateControl<T> control, Optional<Duration> after) {
    return after.map(control::rescheduleAfter).orElse(control);
  }

  static Condition notReady(Verdict verdict) {
    return ConditionsHelper.condition(ConditionsHelper.READY, false, verdict.reason(), verdict.message());
  }

  /** Ready when the Deployment has as many ready pods as it wants. */
  static Condition readiness(Deployment live) {
    int wanted = live == null || live.getSpec().getReplicas() == null ? 1 : live.getSpec().getReplicas();
    int ready = readyReplicas(live);
    if (ready >= wanted) {
      return ConditionsHelper.condition(ConditionsHelper.READY, true, AVAILABLE, ready + "/" + wanted + " pods ready");
    }
    return ConditionsHelper.condition(ConditionsHelper.READY, false, PODS_NOT_READY, ready + "/" + wanted + " pods ready");
  }

  static void replicaStatus(Deployment live, Consumer<Integer> replicas, Consumer<Integer> readyReplicas) {
    replicas.accept(live == null || live.getStatus() == null || live.getStatus().getReplicas() == null
        ? 0 : live.getStatus().getReplicas());
    readyReplicas.accept(readyReplicas(live));
  }

  private static int readyReplicas(Deployment live) {
    return live == null || live.getStatus() == null || live.getStatus().getReadyReplicas() == null
        ? 0 : live.getStatus().getReadyReplicas();
  }

  /** The Ready=False condition and warning Event of a reconciliation that threw. */
  static Condition reconcileFailed(OperatorServices services, HasMetadata resource, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // a child's name is taken (JOSDK wraps it): nothing was changed; the message names the object and its owner
      if (t instanceof OwnershipConflictException conflict) {
        services.events().warning(resource, OwnershipConflictException.REASON, conflict.getMessage());
        return ConditionsHelper.condition(ConditionsHelper.READY, false, OwnershipConflictException.REASON,
            conflict.getMessage());
      }
    }
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    services.events().warning(resource, RECONCILE_FAILED, message);
    return ConditionsHelper.condition(ConditionsHelper.READY, false, RECONCILE_FAILED, message);
  }
}
