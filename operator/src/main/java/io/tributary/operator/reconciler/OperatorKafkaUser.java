package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.operator.status.Reasons;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The operator's own Strimzi KafkaUser for a Pipeline ({@link KafkaAcls#operatorKafkaUser}, issue
 * #14 §1: "the operator's own user only what it uses"), applied by the Pipeline reconciler while
 * {@link KafkaAcls#perComponentUsers}, with {@link KafkaAcls#operatorAcls} of the Pipeline's
 * Workers as they are now. The operator's Kafka clients read the Secret Strimzi's User Operator
 * writes for it where it is ({@link KafkaAccess#operatorCredentials}); the Pipeline's condition
 * {@value ConditionsHelper#KAFKA_USER_READY} says whether it is there. Recorded on the Pipeline in
 * {@link KafkaAcls#KAFKA_USER_ANNOTATION} before it is made, so that one in a Kafka namespace the
 * Pipeline has left, or of a Pipeline that no longer asks for authentication, is deleted; the
 * finalizer deletes it with the Pipeline ({@link #delete}).
 */
final class OperatorKafkaUser {
  private OperatorKafkaUser() {}

  /**
   * What {@link #ensure} found.
   *
   * @param condition the Pipeline's {@value ConditionsHelper#KAFKA_USER_READY}; empty: remove it
   * @param recheck when to look at the Secret again (it is in another namespace, not watched)
   * @param conflict a KafkaUser of that name that is someone else's, described; null if none
   */
  record Outcome(Optional<Condition> condition, Optional<Duration> recheck, String conflict) {
    static final Outcome NONE = new Outcome(Optional.empty(), Optional.empty(), null);

    /** Removes {@value ConditionsHelper#KAFKA_USER_READY} from merged conditions when this outcome has none. */
    void dropIfGone(List<Condition> merged) {
      if (condition.isEmpty() && merged != null) {
        merged.removeIf(c -> ConditionsHelper.KAFKA_USER_READY.equals(c.getType()));
      }
    }
  }

  /**
   * Applies the operator's KafkaUser with the ACLs of {@code workers} and says whether its Secret is
   * there; without per-component users, deletes the one the Pipeline recorded (if any).
   *
   * @param workers the Pipeline's Workers
   */
  static Outcome ensure(OperatorServices services, Pipeline pipeline, List<Worker> workers) {
    if (!KafkaAcls.perComponentUsers(pipeline)) {
      removeRecorded(services, pipeline);
      return Outcome.NONE;
    }
    if (!services.capabilities().served(UpstreamKind.KAFKA_USER)) {
      return notReady(services, Reasons.KAFKA_USER_CRD_MISSING, "spec.kafka.authentication with spec.kafka.strimzi: the"
          + " operator needs a KafkaUser of its own for lag, dead-letter scans, replays and redrives, but "
          + ApiCapabilities.whySkipped(UpstreamKind.KAFKA_USER) + " (with its User Operator)", null);
    }
    GenericKubernetesResource user = KafkaAcls.operatorKafkaUser(pipeline, workers);
    String described = "KafkaUser " + KafkaAcls.kafkaUserRecord(user);
    try {
      KafkaUsers.record(services, pipeline, user);
      services.children().apply(pipeline, user);
    } catch (OwnershipConflictException e) {
      return notReady(services, Reasons.OWNERSHIP_CONFLICT, e.getMessage(), e.getMessage());
    }
    try {
      KafkaAccess.operatorCredentials(services, pipeline);
    } catch (KafkaAccess.KafkaCredentialsException e) {
      return notReady(services, Reasons.KAFKA_USER_NOT_READY, e.getMessage(), null);
    }
    return new Outcome(Optional.of(ConditionsHelper.condition(ConditionsHelper.KAFKA_USER_READY, true,
        Reasons.KAFKA_USER_READY, "the operator's " + described + " with " + KafkaAcls.operatorAcls(pipeline, workers).size()
            + " ACLs; its Secret is read by the operator (lag, dead-letter scans, replays, redrives)")),
        Optional.of(services.settings().rechecks().credentials()), null);
  }

  /**
   * The finalizer's part: deletes the operator's KafkaUser of the Pipeline (the one its spec names
   * and the one it recorded, when they differ), only when it is the Pipeline's; Strimzi then
   * removes the user and its ACLs from Kafka.
   *
   * @throws RuntimeException when the API cannot be reached (the finalizer retries)
   */
  static void delete(OperatorServices services, Pipeline pipeline) {
    if (!services.capabilities().served(UpstreamKind.KAFKA_USER)) {
      return; // no CRD: there is no KafkaUser
    }
    KafkaAcls.recordedKafkaUser(pipeline).ifPresent(recorded -> services.children().delete(pipeline, recorded));
    if (KafkaAcls.perComponentUsers(pipeline)) {
      services.children().delete(pipeline, KafkaAcls.operatorKafkaUser(pipeline, List.of()));
    }
  }

  /** The Pipeline no longer asks for the operator's KafkaUser: the recorded one goes, then the record. */
  private static void removeRecorded(OperatorServices services, Pipeline pipeline) {
    var recorded = KafkaAcls.recordedKafkaUser(pipeline);
    if (recorded.isEmpty()) {
      return;
    }
    if (services.capabilities().served(UpstreamKind.KAFKA_USER)) {
      services.children().delete(pipeline, recorded.get());
    }
    // a merge patch's null removes the key
    services.client().resource(pipeline).patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"" + KafkaAcls.KAFKA_USER_ANNOTATION + "\":null}}}");
  }

  private static Outcome notReady(OperatorServices services, String reason, String message, String conflict) {
    return new Outcome(Optional.of(ConditionsHelper.condition(ConditionsHelper.KAFKA_USER_READY, false, reason, message)),
        Optional.of(services.settings().rechecks().waiting()), conflict);
  }
}
