package io.tributary.operator.topics;

import io.tributary.operator.model.TopicModel;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka topics (and, for a replay, the consumer groups) of a Pipeline with plain {@code bootstrapServers} (no Strimzi): created, grown and
 * configured through the Kafka Admin API. The reconciler only sees this interface; unit tests use a
 * fake.
 */
public interface TopicAdmin {

  /** One topic as the Pipeline declares it; {@code partitions}/{@code replicas} -1: broker default. */
  record TopicSpec(String name, int partitions, int replicas, Map<String, String> config) {
    public TopicSpec {
      config = Map.copyOf(config);
    }

    /** The Admin API spec of one declared topic: unset partitions/replicas become -1, values text. */
    public static TopicSpec of(TopicModel.DeclaredTopic topic) {
      Map<String, String> config = new TreeMap<>();
      topic.config().forEach((k, v) -> config.put(k, String.valueOf(v)));
      return new TopicSpec(
          topic.name(),
          topic.partitions() == null ? -1 : topic.partitions(),
          topic.replicas() == null ? -1 : topic.replicas(),
          config);
    }
  }

  /**
   * The outcome for one topic; {@code created}: this call created it (a topic that existed, or that
   * someone else created at the same moment, is not), the fact that lets the Pipeline delete only
   * the topics it created.
   */
  record TopicState(String name, boolean ready, String message, boolean created) {
    /** A state of a topic this call did not create. */
    public TopicState(String name, boolean ready, String message) {
      this(name, ready, message, false);
    }
  }

  /**
   * Creates missing topics, adds partitions where the spec asks for more (Kafka cannot remove
   * partitions: fewer is reported, not applied) and sets the declared config entries.
   *
   * @return one state per spec, in the same order
   */
  List<TopicState> ensure(List<TopicSpec> topics);

  /** Deletes the topics that exist among {@code names}. */
  void delete(Collection<String> names);

  /**
   * Creates the allow ACLs of {@code principal} ({@link KafkaAclAdmin#apply}); idempotent.
   *
   * @return {@link KafkaAclAdmin.Outcome#NO_AUTHORIZER} when the brokers enforce no ACLs
   */
  KafkaAclAdmin.Outcome applyAcls(String principal, Collection<io.tributary.operator.model.KafkaAcls.Acl> acls);

  /**
   * Deletes exactly these allow ACLs of {@code principal} ({@link KafkaAclAdmin#remove}); ACLs not
   * listed stay, absent ones are no error.
   *
   * @return {@link KafkaAclAdmin.Outcome#NO_AUTHORIZER} when the brokers enforce no ACLs
   */
  KafkaAclAdmin.Outcome removeAcls(String principal, Collection<io.tributary.operator.model.KafkaAcls.Acl> acls);

  /**
   * Members of a consumer group now (0 for an empty group or one Kafka does not know): a replay
   * resets a group's offsets only when it has none.
   */
  int groupMembers(String group);

  /**
   * Resets {@code group}'s offsets on {@code topic} as a replay request says
   * ({@link ConsumerGroupRewind#rewind}).
   */
  ConsumerGroupRewind.Result rewind(String group, String topic, io.tributary.api.v1alpha1.WorkerReplay request);

  /**
   * Scans the dead-letter topic {@code topic} on from where the last scan of this operator stopped,
   * at most {@code maxRecords} records ({@link DeadLetterScan}), and returns what is known of it.
   * Empty when this admin cannot read records (the tests' fake) or the topic does not exist.
   */
  default java.util.Optional<io.tributary.operator.model.DeadLetterIndex> scanDeadLetters(String topic, int maxRecords) {
    return java.util.Optional.empty();
  }

  /** Opens a {@link TopicAdmin} for a Kafka cluster. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param bootstrapServers {@code host:port,...}
     * @param clientProperties extra Kafka client properties (security settings)
     */
    TopicAdmin forCluster(String bootstrapServers, Map<String, String> clientProperties);
  }
}
