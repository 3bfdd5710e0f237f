package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.Ownership;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.RedisAclUsers;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.operator.topics.KafkaAclAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finalizer of a Producer, Worker or EtlSchedule (issue #14 §1: least privilege, "removes it
 * with the component"): what the operator made for the component where no owner reference reaches
 * goes with it. The Producer and Worker reconcilers implement JOSDK's {@code Cleaner} with this:
 * JOSDK then puts its finalizer on every Producer and Worker (a Cleaner's finalizer cannot be
 * limited to some resources), so for a Pipeline without {@code spec.kafka.authentication} the
 * cleanup is one GET of the Pipeline and nothing else. The EtlSchedule reconciler, which sees all
 * events (JOSDK refuses a Cleaner there), adds {@link #ETL_SCHEDULE_FINALIZER} itself, only while
 * {@link #wanted}.
 *
 * <ul>
 *   <li>Strimzi ({@link KafkaAcls#perComponentUsers}): the component's KafkaUser in the Kafka
 *       cluster's namespace is deleted by name, and only when it is the component's ({@link
 *       Ownership.Claim#OURS}: a KafkaUser of that name someone else made stays, with a {@code
 *       KafkaUserKept} Event); Strimzi's User Operator then removes the user and its ACLs from
 *       Kafka. The copy of its Secret goes by garbage collection (owner reference).
 *   <li>Plain Kafka ({@link PlainKafkaAcls#wanted}): the principal is the Pipeline's {@code
 *       spec.kafka.authentication} user, shared by all its components (and by every Pipeline of
 *       the namespace naming the same user on the same {@code bootstrapServers}). Only the ACLs no
 *       other component still needs are deleted ({@link KafkaAcls#toRemove}: the leaving
 *       component's ACLs minus the union of those of the components of these Pipelines that are
 *       not being deleted themselves), so a topic two Workers read stays readable until the last
 *       of them is gone. Pipelines of other namespaces using the same user are not seen (a
 *       namespaced operator cannot list them): give each namespace its own Kafka user.
 * </ul>
 *
 * An Event on the component says what was removed. When Kafka or the API cannot be reached, the
 * cleanup is retried until {@link FinalizerDeadline} (TRIBUTARY_FINALIZER_TIMEOUT_SECONDS) gives
 * up with a Warning naming what was left behind, as the Pipeline's finalizer does. Without its
 * Pipeline (deleted first) the KafkaUser is found by the component's {@link
 * KafkaAcls#KAFKA_USER_ANNOTATION} (written before the KafkaUser was made) and deleted as above;
 * plain ACLs cannot be found (the principal and the brokers are the Pipeline's): the finalizer goes
 * at once, with a Warning when the component had ACLs (or a KafkaUser but no record, from an
 * operator before the record).
 */
final class ComponentCleanup {
  /** The finalizer of an EtlSchedule whose Pipeline gives it a KafkaUser or ACLs (JOSDK's naming). */
  static final String ETL_SCHEDULE_FINALIZER = "etlschedules.tributary.io/finalizer";
  private static final Duration RETRY = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(ComponentCleanup.class);

  private final OperatorServices services;
  private final FinalizerDeadline deadline;

  ComponentCleanup(OperatorServices services) {
    this.services = services;
    this.deadline = new FinalizerDeadline(services.settings().finalizerTimeout(), services.clock());
  }

  /**
   * Whether a component of {@code pipeline} has something outside its namespace or outside
   * Kubernetes to remove on deletion: a KafkaUser ({@link KafkaAcls#perComponentUsers}) or plain
   * ACLs ({@link PlainKafkaAcls#wanted}); false without a Pipeline.
   */
  static boolean wanted(Pipeline pipeline) {
    return pipeline != null && pipeline.getSpec() != null && (RedisAclUsers.wanted(pipeline)
        || pipeline.getSpec().getKafka() != null
        && (KafkaAcls.perComponentUsers(pipeline) || PlainKafkaAcls.wanted(pipeline)));
  }

  /**
   * Removes the component's KafkaUser or its ACLs no other component needs.
   *
   * @param pipelineName the component's {@code spec.pipeline}
   * @param conditions the component's status conditions (whether it had a KafkaUser or ACLs)
   * @param aclsOf the component's ACLs for its Pipeline ({@link KafkaAcls#of})
   */
  DeleteControl cleanup(HasMetadata component, String pipelineName, List<Condition> conditions,
      Function<Pipeline, KafkaAcls.ComponentAcls> aclsOf) {
    DeleteControl redisUser = deleteRedisUser(component);
    if (!redisUser.isRemoveFinalizer()) {
      return redisUser;
    }
    String namespace = component.getMetadata().getNamespace();
    Pipeline pipeline;
    try {
      pipeline = Workloads.pipeline(services, namespace, pipelineName);
    } catch (RuntimeException e) {
      return deadline.failed(services.events(), component, "KafkaUser / ACLs",
          "its KafkaUser or Kafka ACLs (if any) may remain", e, RETRY);
    }
    if (pipeline == null || pipeline.getSpec() == null || pipeline.getSpec().getKafka() == null) {
      var recorded = KafkaAcls.recordedKafkaUser(component);
      if (recorded.isPresent()) {
        // the KafkaUser it recorded when it made it (KafkaUsers): found without the Pipeline
        return deleteKafkaUser(component, recorded.get());
      }
      if (ConditionsHelper.find(conditions, ConditionsHelper.KAFKA_USER_READY) != null
          || ConditionsHelper.find(conditions, ConditionsHelper.KAFKA_ACLS_APPLIED) != null) {
        warnLeft(component, "Pipeline \"" + pipelineName + "\" not found: its KafkaUser or Kafka ACLs cannot be"
            + " located and may remain (delete components before their Pipeline)");
      }
      return DeleteControl.defaultDelete();
    }
    KafkaAcls.ComponentAcls acls = aclsOf.apply(pipeline);
    if (KafkaAcls.perComponentUsers(pipeline)) {
      return deleteKafkaUser(component, pipeline, acls);
    }
    if (PlainKafkaAcls.wanted(pipeline)) {
      return removeAcls(component, pipeline, acls);
    }
    return DeleteControl.defaultDelete();
  }

  /**
   * {@code ACL DELUSER} of the component's own Redis user, found by its record ({@link
   * RedisAclUsers#REDIS_USER_ANNOTATION}: the user and the {@code spec.redis} it was made through),
   * with or without the Pipeline; its Secret goes by garbage collection (owner reference).
   */
  private DeleteControl deleteRedisUser(HasMetadata component) {
    var recorded = RedisAclUsers.recorded(component);
    if (recorded.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    try {
      RedisUsers.delete(services, component);
      return DeleteControl.defaultDelete();
    } catch (RuntimeException e) {
      String described = "Redis user " + recorded.get().user();
      return deadline.failed(services.events(), component, described, described
          + " may remain (its password keeps working until it is deleted)", e, RETRY);
    }
  }

  private DeleteControl deleteKafkaUser(HasMetadata component, Pipeline pipeline, KafkaAcls.ComponentAcls acls) {
    GenericKubernetesResource user = KafkaAcls.kafkaUser(pipeline, component, acls);
    var recorded = KafkaAcls.recordedKafkaUser(component);
    if (recorded.isPresent() && !KafkaAcls.kafkaUserRecord(recorded.get()).equals(KafkaAcls.kafkaUserRecord(user))) {
      // it made one elsewhere before (the Pipeline's Kafka namespace changed): that one goes too
      DeleteControl first = deleteKafkaUser(component, recorded.get());
      if (!first.isRemoveFinalizer()) {
        return first;
      }
    }
    return deleteKafkaUser(component, user);
  }

  /** Deletes {@code user} when it is the component's; one of that name that is someone else's stays. */
  private DeleteControl deleteKafkaUser(HasMetadata component, GenericKubernetesResource user) {
    String described = "KafkaUser " + user.getMetadata().getNamespace() + "/" + user.getMetadata().getName();
    try {
      if (!services.capabilities().served(UpstreamKind.KAFKA_USER)) {
        return DeleteControl.defaultDelete(); // no CRD: there is no KafkaUser
      }
      // deletes only our own (Ownership.Claim.OURS), with a "Deleted" Event naming it
      if (!services.children().delete(component, user)) {
        GenericKubernetesResource live = services.children().get(user);
        if (live != null) {
          services.events().normal(component, "KafkaUserKept", "kept " + described + ": "
              + Ownership.ownerOf(live) + ", not this " + component.getKind() + "'s");
        }
      }
      return DeleteControl.defaultDelete();
    } catch (RuntimeException e) {
      return deadline.failed(services.events(), component, described, described
          + " may remain (its credentials keep working until it is deleted)", e, RETRY);
    }
  }

  private DeleteControl removeAcls(HasMetadata component, Pipeline pipeline, KafkaAcls.ComponentAcls acls) {
    PipelineWiring wiring = KafkaAccess.wiring(services, pipeline);
    String bootstrap = wiring.kafka().bootstrapServers();
    if (HostGate.check(services, pipeline, wiring).isPresent()) {
      // the operator may not connect there (TRIBUTARY_ALLOWED_HOSTS): it never created ACLs there either
      return DeleteControl.defaultDelete();
    }
    String principal = null;
    try {
      principal = KafkaAccess.principal(services, pipeline);
      List<Sharer> others = sharers(component, pipeline, bootstrap, principal);
      Set<KafkaAcls.Acl> removed = KafkaAcls.toRemove(acls, others.stream().map(Sharer::acls).toList());
      int kept = acls.acls().size() - removed.size();
      String keptNote = kept == 0 ? "" : "; kept " + kept + " still needed by " + String.join(", ",
          others.stream().filter(o -> o.acls().acls().stream().anyMatch(acls.acls()::contains))
              .map(Sharer::name).toList());
      if (removed.isEmpty()) {
        if (!acls.acls().isEmpty()) {
          services.events().normal(component, "KafkaAclsKept", "no ACL of " + principal + " removed" + keptNote);
        }
        return DeleteControl.defaultDelete();
      }
      KafkaAclAdmin.Outcome outcome = services.topicAdmins()
          .forCluster(bootstrap, KafkaAccess.adminProperties(services, pipeline, wiring))
          .removeAcls(principal, removed);
      if (outcome == KafkaAclAdmin.Outcome.APPLIED) {
        services.events().normal(component, "KafkaAclsRemoved", "removed " + removed.size() + " ACLs of " + principal
            + " at " + bootstrap + ": " + describe(removed) + keptNote);
      }
      return DeleteControl.defaultDelete();
    } catch (RuntimeException e) {
      String who = principal == null ? "the Pipeline's principal" : principal;
      return deadline.failed(services.events(), component, "Kafka ACLs",
          "the ACLs of " + who + " at " + bootstrap + " for this " + component.getKind() + " ("
              + describe(acls.acls()) + ") may remain", e, RETRY);
    }
  }

  /** Another component on the same principal, by {@code "Kind name"}. */
  private record Sharer(String name, KafkaAcls.ComponentAcls acls) {}

  /**
   * The components, other than {@code leaving} and not being deleted, of the namespace's plain
   * Pipelines whose components act as {@code principal} on {@code bootstrap}.
   */
  private List<Sharer> sharers(HasMetadata leaving, Pipeline pipeline, String bootstrap, String principal) {
    String namespace = leaving.getMetadata().getNamespace();
    List<Pipeline> sharing = new ArrayList<>();
    for (Pipeline p : services.client().resources(Pipeline.class).inNamespace(namespace).list().getItems()) {
      if (p.getMetadata().getName().equals(pipeline.getMetadata().getName())) {
        sharing.add(pipeline);
      } else if (p.getSpec() != null && p.getSpec().getKafka() != null && PlainKafkaAcls.wanted(p)
          && bootstrap.equals(KafkaAccess.wiring(services, p).kafka().bootstrapServers())
          && principal.equals(principalOrNull(p))) {
        sharing.add(p);
      }
    }
    List<Sharer> out = new ArrayList<>();
    for (Pipeline p : sharing) {
      String name = p.getMetadata().getName();
      live(services.client().resources(Producer.class).inNamespace(namespace).list().getItems(), leaving)
          .filter(c -> name.equals(c.getSpec().getPipeline()))
          .forEach(c -> out.add(new Sharer("Producer " + c.getMetadata().getName(), KafkaAcls.of(c))));
      live(services.client().resources(Worker.class).inNamespace(namespace).list().getItems(), leaving)
          .filter(c -> name.equals(c.getSpec().getPipeline()))
          .forEach(c -> out.add(new Sharer("Worker " + c.getMetadata().getName(), KafkaAcls.of(p, c))));
      live(services.client().resources(EtlSchedule.class).inNamespace(namespace).list().getItems(), leaving)
          .filter(c -> name.equals(c.getSpec().getPipeline()))
          .forEach(c -> out.add(new Sharer("EtlSchedule " + c.getMetadata().getName(), KafkaAcls.of(c))));
    }
    return out;
  }

  /** The components not being deleted, {@code leaving} excluded; a component without spec is none. */
  private static <C extends HasMetadata> Stream<C> live(List<C> components, HasMetadata leaving) {
    return components.stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .filter(c -> !(c.getKind().equals(leaving.getKind())
            && Objects.equals(c.getMetadata().getName(), leaving.getMetadata().getName())))
        .filter(c -> spec(c) != null);
  }

  private static Object spec(HasMetadata c) {
    return c instanceof io.fabric8.kubernetes.client.CustomResource<?, ?> cr ? cr.getSpec() : null;
  }

  /** Another Pipeline's principal; one that cannot be read (tls Secret missing) shares nothing known. */
  private String principalOrNull(Pipeline pipeline) {
    try {
      return KafkaAccess.principal(services, pipeline);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void warnLeft(HasMetadata component, String message) {
    log.warn("{} {}/{}: {}", component.getKind(), component.getMetadata().getNamespace(),
        component.getMetadata().getName(), message);
    services.events().warning(component, "CleanupSkipped", message);
  }

  private static String describe(Set<KafkaAcls.Acl> acls) {
    return PlainKafkaAcls.describe(acls);
  }
}
