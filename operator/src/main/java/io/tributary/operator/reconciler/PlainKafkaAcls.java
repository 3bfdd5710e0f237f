package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.operator.status.Reasons;
import io.tributary.operator.topics.KafkaAclAdmin;
import java.util.List;
import java.util.Optional;

/**
 * A component's ACLs on a plain-Kafka Pipeline with {@code spec.kafka.authentication}, created
 * through the Admin API for the Pipeline's one principal (every component of the Pipeline shares
 * that credential, so the principal holds the union of their ACLs: the Pipeline is isolated from
 * other Pipelines, its components not from each other). The condition {@value
 * ConditionsHelper#KAFKA_ACLS_APPLIED} reports it; it does not hold the component back. ACLs are
 * only added while the component lives: a dropped topic's stay until removed by hand; those of a
 * deleted component that no other component of the principal needs are removed by its finalizer
 * ({@link ComponentCleanup}).
 */
final class PlainKafkaAcls {
  private PlainKafkaAcls() {}

  /** Whether the Pipeline's components get ACLs through the Admin API. */
  static boolean wanted(Pipeline pipeline) {
    var kafka = pipeline.getSpec().getKafka();
    return kafka.getStrimzi() == null && kafka.getAuthentication() != null;
  }

  /**
   * Creates the component's ACLs for the Pipeline's principal; the condition says how it went,
   * empty when the Pipeline asks for none (no authentication, or Strimzi: {@link KafkaUsers}).
   */
  static Optional<Condition> apply(OperatorServices services, Pipeline pipeline, PipelineWiring wiring,
      KafkaAcls.ComponentAcls acls) {
    if (!wanted(pipeline)) {
      return Optional.empty();
    }
    String bootstrap = wiring.kafka().bootstrapServers();
    try {
      String principal = KafkaAccess.principal(services, pipeline);
      KafkaAclAdmin.Outcome outcome = services.topicAdmins()
          .forCluster(bootstrap, KafkaAccess.adminProperties(services, pipeline, wiring))
          .applyAcls(principal, acls.acls());
      if (outcome == KafkaAclAdmin.Outcome.NO_AUTHORIZER) {
        return condition(false, Reasons.NO_AUTHORIZER, "the brokers at " + bootstrap
            + " have no authorizer: ACLs are not enforced, " + principal + " may read and write every topic");
      }
      return condition(true, Reasons.ACLS_APPLIED, acls.acls().size() + " ACLs of " + principal + " (shared by the"
          + " components of Pipeline \"" + pipeline.getMetadata().getName() + "\"): " + describe(acls.acls()));
    } catch (KafkaAccess.KafkaCredentialsException e) {
      return condition(false, Reasons.KAFKA_CREDENTIALS_MISSING, e.getMessage());
    } catch (RuntimeException e) {
      return condition(false, Reasons.KAFKA_UNAVAILABLE,
          "spec.kafka.bootstrapServers: cannot create the ACLs at " + bootstrap + ": " + e.getMessage());
    }
  }

  /** Removes {@value ConditionsHelper#KAFKA_ACLS_APPLIED} from merged conditions when {@code outcome} is empty. */
  static void dropIfGone(List<Condition> merged, Optional<Condition> outcome) {
    if (outcome.isEmpty() && merged != null) {
      merged.removeIf(c -> ConditionsHelper.KAFKA_ACLS_APPLIED.equals(c.getType()));
    }
  }

  /** {@code "Read topic a, Read group b"}: ACLs as Events and conditions name them. */
  static String describe(java.util.Collection<KafkaAcls.Acl> acls) {
    return String.join(", ", acls.stream()
        .map(a -> a.operation().strimzi() + " " + a.type().strimzi() + " " + a.name()).toList());
  }

  private static Optional<Condition> condition(boolean ok, String reason, String message) {
    return Optional.of(ConditionsHelper.condition(ConditionsHelper.KAFKA_ACLS_APPLIED, ok, reason, message));
  }
}
