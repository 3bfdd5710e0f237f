package io.tributary.operator.topics;

import io.tributary.operator.model.KafkaAcls;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Creates a component's ACLs ({@link KafkaAcls}) through the Kafka Admin API, for a Pipeline on
 * plain {@code bootstrapServers} with {@code spec.kafka.authentication} ({@link
 * TopicAdmin#applyAcls}, called by the Producer, Worker and EtlSchedule reconcilers).
 */
public final class KafkaAclAdmin {
  private KafkaAclAdmin() {}

  /** What {@link #apply} or {@link #remove} did. */
  public enum Outcome {
    /** The ACLs exist (created now or before: createAcls is idempotent), or are gone ({@link #remove}). */
    APPLIED,
    /** The broker has no authorizer ({@code SecurityDisabledException}): nothing to enforce. */
    NO_AUTHORIZER
  }

  /** The Kafka ACL bindings of {@code acls} for {@code principal} (e.g. {@code User:alice}), any host. */
  public static List<AclBinding> bindings(String principal, Collection<KafkaAcls.Acl> acls) {
    return acls.stream()
        .map(a -> new AclBinding(
            new ResourcePattern(switch (a.type()) {
              case TOPIC -> ResourceType.TOPIC;
              case GROUP -> ResourceType.GROUP;
              case TRANSACTIONAL_ID -> ResourceType.TRANSACTIONAL_ID;
              case CLUSTER -> ResourceType.CLUSTER;
            }, a.name(), a.pattern() == KafkaAcls.Pattern.PREFIXED ? PatternType.PREFIXED : PatternType.LITERAL),
            new AccessControlEntry(principal, "*", switch (a.operation()) {
              case READ -> AclOperation.READ;
              case WRITE -> AclOperation.WRITE;
              case DESCRIBE -> AclOperation.DESCRIBE;
              case CREATE -> AclOperation.CREATE;
              case ALTER -> AclOperation.ALTER;
              case DELETE -> AclOperation.DELETE;
              case DESCRIBE_CONFIGS -> AclOperation.DESCRIBE_CONFIGS;
              case ALTER_CONFIGS -> AclOperation.ALTER_CONFIGS;
            }, AclPermissionType.ALLOW)))
        .toList();
  }

  /**
   * Creates the ACLs of {@code principal}.
   *
   * @throws IllegalStateException naming the principal when the broker refuses them otherwise
   */
  public static Outcome apply(Admin admin, String principal, Collection<KafkaAcls.Acl> acls) throws InterruptedException {
    try {
      admin.createAcls(bindings(principal, acls)).all().get(30, TimeUnit.SECONDS);
      return Outcome.APPLIED;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SecurityDisabledException) {
        return Outcome.NO_AUTHORIZER;
      }
      throw new IllegalStateException("cannot create the ACLs of " + principal + ": " + e.getCause().getMessage(), e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create the ACLs of " + principal + ": no answer within 30s", e);
    }
  }

  /**
   * Deletes exactly these ACLs of {@code principal} (literal patterns, any host, allow): each
   * binding is its own filter, so an ACL of the principal that is not listed stays; deleting one
   * that does not exist is no error.
   *
   * @throws IllegalStateException naming the principal when the broker refuses
   */
  public static Outcome remove(Admin admin, String principal, Collection<KafkaAcls.Acl> acls) throws InterruptedException {
    try {
      admin.deleteAcls(bindings(principal, acls).stream().map(AclBinding::toFilter).toList()).all()
          .get(30, TimeUnit.SECONDS);
      return Outcome.APPLIED;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SecurityDisabledException) {
        return Outcome.NO_AUTHORIZER;
      }
      throw new IllegalStateException("cannot delete the ACLs of " + principal + ": " + e.getCause().getMessage(), e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot delete the ACLs of " + principal + ": no answer within 30s", e);
    }
  }
}
