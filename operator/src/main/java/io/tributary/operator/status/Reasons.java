package io.tributary.operator.status;

import java.util.Map;

/**
 * The reasons of the {@code Ready} condition and what each means for progress (kstatus, as Flux,
 * Argo CD and {@code kubectl wait} read it): the one table from which {@link ConditionsHelper}
 * writes {@code Reconciling} and {@code Stalled}.
 *
 * <p>A {@code Ready=False} reason is either transient (the operator keeps working and it goes away
 * by itself: pods starting, topics being created, Kafka unreachable, a failed reconciliation that
 * is retried; {@code Reconciling=True}) or permanent (nothing changes until someone changes the
 * spec or the objects it refers to: invalid configuration, a missing Pipeline, an undeclared topic,
 * an ownership or consumer-group conflict; {@code Stalled=True}). A reason not in the table counts
 * as transient.
 */
public final class Reasons {
  /** Ready: a Producer's or Worker's pods are all ready. */
  public static final String AVAILABLE = "Available";
  /** Transient: fewer pods ready than wanted. */
  public static final String PODS_NOT_READY = "PodsNotReady";
  /** Transient: the reconciliation threw; it is retried with backoff. */
  public static final String RECONCILE_FAILED = "ReconcileFailed";
  /** Transient: some topics of a Pipeline are not ready yet. */
  public static final String TOPICS_NOT_READY = "TopicsNotReady";
  /** Transient: the Kafka Admin API could not be reached. */
  public static final String KAFKA_UNAVAILABLE = "KafkaUnavailable";
  /** Permanent: an object the operator would write exists and belongs to someone else. */
  public static final String OWNERSHIP_CONFLICT = "OwnershipConflict";
  /** Permanent: another component of the Pipeline already reads in the same consumer group. */
  public static final String CONSUMER_GROUP_CONFLICT = "ConsumerGroupConflict";
  /** Permanent: {@code spec.pipeline} names no Pipeline of the namespace. */
  public static final String PIPELINE_NOT_FOUND = "PipelineNotFound";
  /**
   * Permanent: {@code spec.waitFor.worker} names no Worker of the namespace, one of another
   * Pipeline, or one without a Kafka topic input.
   */
  public static final String WAIT_FOR_WORKER_INVALID = "WaitForWorkerInvalid";
  /** Permanent: a topic is not declared in the Pipeline. */
  public static final String TOPIC_NOT_DECLARED = "TopicNotDeclared";
  /** Permanent: the runtime refuses the configuration built from the spec. */
  public static final String INVALID_CONFIG = "InvalidConfig";
  /** Permanent: {@code spec.schedule} or {@code spec.timeZone} is invalid. */
  public static final String INVALID_SCHEDULE = "InvalidSchedule";
  /** Permanent: a Strimzi Pipeline on a cluster without the KafkaTopic CRD. */
  public static final String KAFKA_TOPIC_CRD_MISSING = "KafkaTopicCrdMissing";
  /**
   * Permanent: a Secret the resource references is missing, unreadable or lacks the label
   * {@code tributary.io/usable-by-pipelines: "true"}.
   */
  public static final String SECRET_NOT_USABLE = "SecretNotUsable";
  /**
   * Permanent: a host the resource would connect to (Kafka, Redis, an extract URL) is not in the
   * operator's {@code TRIBUTARY_ALLOWED_HOSTS}.
   */
  public static final String HOST_NOT_ALLOWED = "HostNotAllowed";
  /** Permanent: the Secret or key of the Kafka credentials is missing. */
  public static final String KAFKA_CREDENTIALS_MISSING = "KafkaCredentialsMissing";
  /**
   * Transient: the component's Strimzi KafkaUser has no credentials Secret (with the keys the
   * runtime needs) yet; the User Operator writes it.
   */
  public static final String KAFKA_USER_NOT_READY = "KafkaUserNotReady";
  /** Permanent: a Strimzi Pipeline with authentication on a cluster without the KafkaUser CRD. */
  public static final String KAFKA_USER_CRD_MISSING = "KafkaUserCrdMissing";
  /** {@code KafkaUserReady=True}: the KafkaUser's Secret is copied into the component's namespace. */
  public static final String KAFKA_USER_READY = "KafkaUserReady";
  /** {@code KafkaAclsApplied=True}: the component's ACLs exist in Kafka. */
  public static final String ACLS_APPLIED = "AclsApplied";
  /**
   * {@code KafkaAclsApplied=False}: the broker has no authorizer, so ACLs are not enforced (every
   * authenticated principal may do everything).
   */
  public static final String NO_AUTHORIZER = "NoAuthorizer";

  /**
   * Transient: the component's own Redis ACL user ({@code spec.redis.acl}) could not be made: the
   * admin credential is wrong or lacks {@code +acl}, or Redis cannot be reached.
   */
  public static final String REDIS_USER_NOT_READY = "RedisUserNotReady";

  /** What a {@code Ready=False} reason means for progress. */
  public enum Progress {
    /** The operator is still working on it: {@code Reconciling=True}. */
    TRANSIENT,
    /** It will not fix itself without a change of the spec or its references: {@code Stalled=True}. */
    PERMANENT
  }

  private static final Map<String, Progress> NOT_READY = Map.ofEntries(
      Map.entry(PODS_NOT_READY, Progress.TRANSIENT),
      Map.entry(RECONCILE_FAILED, Progress.TRANSIENT),
      Map.entry(TOPICS_NOT_READY, Progress.TRANSIENT),
      Map.entry(KAFKA_UNAVAILABLE, Progress.TRANSIENT),
      Map.entry(OWNERSHIP_CONFLICT, Progress.PERMANENT),
      Map.entry(CONSUMER_GROUP_CONFLICT, Progress.PERMANENT),
      Map.entry(PIPELINE_NOT_FOUND, Progress.PERMANENT),
      Map.entry(SECRET_NOT_USABLE, Progress.PERMANENT),
      Map.entry(HOST_NOT_ALLOWED, Progress.PERMANENT),
      Map.entry(TOPIC_NOT_DECLARED, Progress.PERMANENT),
      Map.entry(WAIT_FOR_WORKER_INVALID, Progress.PERMANENT),
      Map.entry(INVALID_CONFIG, Progress.PERMANENT),
      Map.entry(INVALID_SCHEDULE, Progress.PERMANENT),
      Map.entry(KAFKA_TOPIC_CRD_MISSING, Progress.PERMANENT),
      Map.entry(KAFKA_CREDENTIALS_MISSING, Progress.PERMANENT),
      Map.entry(KAFKA_USER_NOT_READY, Progress.TRANSIENT),
      Map.entry(KAFKA_USER_CRD_MISSING, Progress.PERMANENT),
      Map.entry(REDIS_USER_NOT_READY, Progress.TRANSIENT));

  private Reasons() {}

  /** The progress a {@code Ready=False} reason stands for; transient when the reason is not in the table. */
  public static Progress of(String reason) {
    return reason == null ? Progress.TRANSIENT : NOT_READY.getOrDefault(reason, Progress.TRANSIENT);
  }
}
