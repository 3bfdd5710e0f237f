package io.tributary.operator.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/** {@link TopicAdmin} on the Kafka Admin API. */
public final class KafkaTopicAdmin implements TopicAdmin, AutoCloseable {
  private static final long TIMEOUT_SECONDS = 15;
  private final Admin admin;
  private final String bootstrapServers;
  private final Map<String, String> clientProperties;
  /** What this operator scanned of each dead-letter topic of the cluster (in memory: rescanned after a restart). */
  private final Map<String, io.tributary.operator.model.DeadLetterIndex> deadLetters = new ConcurrentHashMap<>();

  public KafkaTopicAdmin(String bootstrapServers, Map<String, String> clientProperties) {
    this.bootstrapServers = bootstrapServers;
    this.clientProperties = Map.copyOf(clientProperties);
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-operator");
    this.admin = Admin.create(props);
  }

  /**
   * A factory that keeps one Admin client per cluster and client properties, closed after
   * {@link IdleClients#DEFAULT_IDLE} unused (a rotated credential is a new key); close it when the
   * operator stops.
   */
  public static final class CachingFactory implements Factory, AutoCloseable {
    private final IdleClients<KafkaTopicAdmin> admins =
        new IdleClients<>(java.time.Clock.systemUTC(), IdleClients.DEFAULT_IDLE, KafkaTopicAdmin::close);

    @Override
    public TopicAdmin forCluster(String bootstrapServers, Map<String, String> clientProperties) {
      String key = bootstrapServers + "|" + new java.util.TreeMap<>(clientProperties);
      return admins.get(key, () -> new KafkaTopicAdmin(bootstrapServers, clientProperties));
    }

    @Override
    public void close() {
      admins.close();
    }
  }

  @Override
  public List<TopicState> ensure(List<TopicSpec> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing =
          topics.stream()
              .filter(t -> !existing.contains(t.name()))
              .map(t -> new NewTopic(t.name(),
                  t.partitions() > 0 ? java.util.Optional.of(t.partitions()) : java.util.Optional.empty(),
                  t.replicas() > 0 ? java.util.Optional.of((short) t.replicas()) : java.util.Optional.empty())
                  .configs(t.config()))
              .toList();
      List<TopicSpec> present = topics.stream().filter(t -> existing.contains(t.name())).toList();
      Map<String, String> problems = new HashMap<>();
      if (!present.isEmpty()) {
        growAndConfigure(present, problems);
      }
      // created last, so that no later failure hides which topics this call created
      Set<String> created = missing.isEmpty() ? Set.of() : createIgnoringRaces(missing, problems);
      List<TopicState> states = new ArrayList<>();
      for (TopicSpec t : topics) {
        String problem = problems.get(t.name());
        states.add(new TopicState(t.name(), problem == null, problem == null ? "topic ready" : problem,
            created.contains(t.name())));
      }
      return states;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while managing Kafka topics", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Kafka Admin API: " + cause, cause);
    }
  }

  /**
   * Creates the topics; one that someone else created meanwhile is not ours, and one the broker
   * refuses is a problem of that topic (the others are still created and recorded).
   *
   * @return the names this call created
   */
  private Set<String> createIgnoringRaces(List<NewTopic> missing, Map<String, String> problems)
      throws InterruptedException, java.util.concurrent.TimeoutException {
    var results = admin.createTopics(missing).values();
    Set<String> created = new java.util.HashSet<>();
    for (var result : results.entrySet()) {
      try {
        result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        created.add(result.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          problems.put(result.getKey(), "cannot create: " + e.getCause());
        }
      }
    }
    return created;
  }

  private void growAndConfigure(List<TopicSpec> present, Map<String, String> problems)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(present.stream().map(TopicSpec::name).toList())
            .allTopicNames()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<String, NewPartitions> grow = new HashMap<>();
    for (TopicSpec t : present) {
      int have = descriptions.get(t.name()).partitions().size();
      if (t.partitions() <= 0) {
        continue;
      }
      if (have < t.partitions()) {
        grow.put(t.name(), NewPartitions.increaseTo(t.partitions()));
      } else if (have > t.partitions()) {
        problems.put(t.name(), "topic has " + have + " partitions, spec asks for " + t.partitions()
            + "; Kafka cannot remove partitions");
      }
    }
    if (!grow.isEmpty()) {
      admin.createPartitions(grow).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    List<ConfigResource> resources =
        present.stream()
            .filter(t -> !t.config().isEmpty())
            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
            .toList();
    if (resources.isEmpty()) {
      return;
    }
    Map<ConfigResource, Config> live = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    for (TopicSpec t : present) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, t.name());
      Config config = live.get(resource);
      if (config == null) {
        continue;
      }
      List<AlterConfigOp> ops =
          t.config().entrySet().stream()
              .filter(e -> {
                ConfigEntry entry = config.get(e.getKey());
                return entry == null || !e.getValue().equals(entry.value());
              })
              .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
              .collect(Collectors.toList());
      if (!ops.isEmpty()) {
        changes.put(resource, ops);
      }
    }
    if (!changes.isEmpty()) {
      admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Override
  public int groupMembers(String group) {
    try {
      var described = admin.describeConsumerGroups(List.of(group)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      var description = described.get(group);
      return description == null ? 0 : description.members().size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("describe consumer group " + group + ": " + rootMessage(e), e);
    }
  }

  @Override
  public ConsumerGroupRewind.Result rewind(String group, String topic, io.tributary.api.v1alpha1.WorkerReplay request) {
    try {
      return ConsumerGroupRewind.rewind(admin, group, topic, request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("reset offsets of group " + group + " on topic " + topic + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
    return t.toString();
  }

  @Override
  public void delete(Collection<String> names) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<String> toDelete = names.stream().filter(existing::contains).toList();
      if (!toDelete.isEmpty()) {
        admin.deleteTopics(toDelete).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting Kafka topics", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Kafka Admin API: " + cause, cause);
    }
  }

  @Override
  public KafkaAclAdmin.Outcome applyAcls(String principal, Collection<io.tributary.operator.model.KafkaAcls.Acl> acls) {
    try {
      return KafkaAclAdmin.apply(admin, principal, acls);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the ACLs of " + principal, e);
    }
  }

  @Override
  public java.util.Optional<io.tributary.operator.model.DeadLetterIndex> scanDeadLetters(String topic, int maxRecords) {
    io.tributary.operator.model.DeadLetterIndex index =
        deadLetters.computeIfAbsent(topic, t -> new io.tributary.operator.model.DeadLetterIndex());
    synchronized (index) { // two Workers of a Pipeline share the topic: one scan at a time
      return DeadLetterScan.step(bootstrapServers, clientProperties, topic, index, maxRecords);
    }
  }

  @Override
  public KafkaAclAdmin.Outcome removeAcls(String principal, Collection<io.tributary.operator.model.KafkaAcls.Acl> acls) {
    try {
      return KafkaAclAdmin.remove(admin, principal, acls);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting the ACLs of " + principal, e);
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
