package io.tributary.operator.reconciler;

import io.tributary.operator.config.Rechecks;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.operator.status.Reasons;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A component's own Strimzi KafkaUser ({@link KafkaAcls#perComponentUsers}): applied in the Kafka
 * cluster's namespace with the component's ACLs, its credentials Secret (written there by Strimzi's
 * User Operator) copied into the component's namespace, owned by the component. The Producer,
 * Worker and EtlSchedule reconcilers share this; the condition {@value
 * ConditionsHelper#KAFKA_USER_READY} says where it stands and marks the components that have a
 * KafkaUser, so that one whose Pipeline stops asking for authentication deletes it (and no request
 * is made for the components that never had one).
 *
 * <p>Neither the KafkaUser nor its Secret is watched (the CRD may come and go, the Secret is in
 * another namespace): a component waiting for its Secret comes back after {@link Rechecks#waiting}, one
 * that has it after {@link Rechecks#credentials}, so that a rotated password reaches the copy (and, by
 * the hash in the pod template, rolls the pods) within that time.
 */
final class KafkaUsers {
  private KafkaUsers() {}

  /**
   * What {@link #ensure} found.
   *
   * @param wanted whether the Pipeline gives its components KafkaUsers
   * @param credentials the component's credentials when ready, else null
   * @param verdict why the component cannot run yet
   * @param condition the {@value ConditionsHelper#KAFKA_USER_READY} condition to write, empty: remove it
   * @param plainCredentials whether the pods read the Pipeline's own Kafka credential (plain Kafka
   *     with {@code spec.kafka.authentication}), whose Secret is looked at again like a KafkaUser's
   */
  record Outcome(boolean wanted, PipelineWiring.KafkaUserCredentials credentials, Optional<Verdict> verdict,
      Optional<Condition> condition, boolean plainCredentials) {
    Outcome(boolean wanted, PipelineWiring.KafkaUserCredentials credentials, Optional<Verdict> verdict,
        Optional<Condition> condition) {
      this(wanted, credentials, verdict, condition, false);
    }

    /**
     * When to reconcile again, if at all: a component with a KafkaUser, or on plain Kafka with
     * {@code spec.kafka.authentication} (its pods read the Pipeline's Secrets: {@link
     * KafkaAccess#componentWiring}), looks at its Secret again within {@link Rechecks#credentials}.
     */
    Optional<Duration> recheck(Rechecks intervals) {
      if (!wanted) {
        return plainCredentials ? Optional.of(intervals.credentials()) : Optional.empty();
      }
      return Optional.of(credentials == null ? intervals.waiting() : intervals.credentials());
    }

    /** The conditions to merge: {@code ready} and this outcome's condition, if any. */
    List<Condition> with(Condition ready) {
      List<Condition> out = new java.util.ArrayList<>(List.of(ready));
      condition.ifPresent(out::add);
      return out;
    }

    /** Removes {@value ConditionsHelper#KAFKA_USER_READY} from merged conditions when this outcome has none. */
    void dropIfGone(List<Condition> merged) {
      if (condition.isEmpty() && merged != null) {
        merged.removeIf(c -> ConditionsHelper.KAFKA_USER_READY.equals(c.getType()));
      }
    }
  }

  /**
   * Applies the component's KafkaUser and copies its Secret. Without per-component users, a
   * component that had one (its {@code live} conditions hold {@value
   * ConditionsHelper#KAFKA_USER_READY}) deletes its KafkaUser (the Pipeline no longer asks for
   * authentication; Strimzi then removes the user from Kafka, so the Secret copy, which goes with
   * the component, is void).
   *
   * @param live the component's conditions as they are
   * @throws OwnershipConflictException when the KafkaUser's or the copy's name is taken
   */
  static Outcome ensure(OperatorServices services, Pipeline pipeline, HasMetadata owner, KafkaAcls.ComponentAcls acls,
      List<Condition> live) {
    if (!KafkaAcls.perComponentUsers(pipeline)) {
      if (ConditionsHelper.find(live, ConditionsHelper.KAFKA_USER_READY) != null
          && services.capabilities().served(UpstreamKind.KAFKA_USER)) {
        if (pipeline.getSpec().getKafka().getStrimzi() != null) {
          services.children().delete(owner, KafkaAcls.kafkaUser(pipeline, owner, acls));
        }
        // the one it made, wherever it is (the Pipeline moved to plain bootstrapServers, or to another namespace)
        KafkaAcls.recordedKafkaUser(owner).ifPresent(recorded -> services.children().delete(owner, recorded));
      }
      return new Outcome(false, null, Optional.empty(), Optional.empty(), PlainKafkaAcls.wanted(pipeline));
    }
    if (!services.capabilities().served(UpstreamKind.KAFKA_USER)) {
      return notReady(Verdict.KAFKA_USER_CRD_MISSING, "spec.kafka.authentication with spec.kafka.strimzi: the "
          + acls.kind() + " needs a KafkaUser of its own, but " + ApiCapabilities.whySkipped(UpstreamKind.KAFKA_USER)
          + " (with its User Operator)");
    }
    GenericKubernetesResource user = KafkaAcls.kafkaUser(pipeline, owner, acls);
    record(services, owner, user);
    services.children().apply(owner, user);
    String namespace = user.getMetadata().getNamespace();
    String name = user.getMetadata().getName();
    Optional<Secret> secret = KafkaAccess.kafkaUserSecret(services, namespace, name);
    if (secret.isEmpty()) {
      return notReady(Verdict.KAFKA_USER_NOT_READY, "KafkaUser " + namespace + "/" + name
          + ": Secret " + namespace + "/" + name + " not written yet by Strimzi's User Operator"
          + userStatus(services.children().get(user)));
    }
    Map<String, String> data = KafkaAcls.secretData(secret.get());
    List<String> missing = KafkaAcls.credentialKeys(pipeline).stream().filter(k -> !data.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      return notReady(Verdict.KAFKA_USER_NOT_READY, "KafkaUser " + namespace + "/" + name + ": Secret "
          + namespace + "/" + name + " has no key " + String.join(", ", missing.stream().map(k -> "\"" + k + "\"").toList()));
    }
    Secret copy = KafkaAcls.credentialsCopy(pipeline, owner, acls, secret.get());
    services.children().apply(owner, copy);
    Condition ready = ConditionsHelper.condition(ConditionsHelper.KAFKA_USER_READY, true, Reasons.KAFKA_USER_READY,
        "KafkaUser " + namespace + "/" + name + ", its Secret copied to " + copy.getMetadata().getNamespace() + "/"
            + copy.getMetadata().getName());
    return new Outcome(true, new PipelineWiring.KafkaUserCredentials(name, copy.getMetadata().getName(),
        KafkaAcls.credentialsHash(secret.get())), Optional.empty(), Optional.of(ready));
  }

  /**
   * Writes {@link KafkaAcls#KAFKA_USER_ANNOTATION} on the component before its KafkaUser exists (a
   * merge patch of that one annotation, only when it differs: once per component and Kafka
   * namespace), so that its finalizer can find the KafkaUser without the Pipeline ({@link
   * ComponentCleanup}). A KafkaUser the annotation named before is deleted first when it is the
   * component's. A failed write fails the reconciliation before anything is applied. The Pipeline
   * records the operator's KafkaUser alike ({@link OperatorKafkaUser}).
   */
  static void record(OperatorServices services, HasMetadata owner, GenericKubernetesResource user) {
    String value = KafkaAcls.kafkaUserRecord(user);
    Map<String, String> annotations = owner.getMetadata().getAnnotations();
    if (annotations != null && value.equals(annotations.get(KafkaAcls.KAFKA_USER_ANNOTATION))) {
      return;
    }
    // the KafkaUser it had before (the Pipeline's Kafka moved to another namespace): its own only
    KafkaAcls.recordedKafkaUser(owner).ifPresent(previous -> services.children().delete(owner, previous));
    String patch = io.fabric8.kubernetes.client.utils.Serialization.asJson(
        Map.of("metadata", Map.of("annotations", Map.of(KafkaAcls.KAFKA_USER_ANNOTATION, value))));
    services.client().resource(owner).patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        patch);
  }

  private static Outcome notReady(String reason, String message) {
    return new Outcome(true, null, Optional.of(new Verdict(reason, message)),
        Optional.of(ConditionsHelper.condition(ConditionsHelper.KAFKA_USER_READY, false, reason, message)));
  }

  /** The Ready condition's message of the live KafkaUser, when it has one. */
  private static String userStatus(GenericKubernetesResource live) {
    Object status = live == null ? null : live.getAdditionalProperties().get("status");
    if (status instanceof Map<?, ?> map && map.get("conditions") instanceof List<?> conditions) {
      for (Object c : conditions) {
        if (c instanceof Map<?, ?> condition && "Ready".equals(condition.get("type")) && condition.get("message") != null) {
          return " (KafkaUser Ready=" + condition.get("status") + ": " + Objects.toString(condition.get("message")) + ")";
        }
      }
    }
    return "";
  }
}
