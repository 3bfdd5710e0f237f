package io.tributary.operator.testing;

import io.tributary.operator.topics.TopicAdmin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory Kafka topics of one or more clusters, keyed by bootstrap address. */
public final class FakeTopicAdmin implements TopicAdmin.Factory {
  /** bootstrap -> topic name -> spec. */
  private final Map<String, Map<String, TopicAdmin.TopicSpec>> clusters = new ConcurrentHashMap<>();
  /** bootstrap -> the client properties of the last Admin opened for it. */
  private final Map<String, Map<String, String>> clientProperties = new ConcurrentHashMap<>();
  private volatile boolean unavailable;
  private volatile boolean noAuthorizer;
  /** bootstrap -> principal -> ACLs. */
  private final Map<String, Map<String, java.util.Set<io.tributary.operator.model.KafkaAcls.Acl>>> acls =
      new ConcurrentHashMap<>();

  /** Brokers without authorizer: createAcls answers SecurityDisabledException. */
  public void noAuthorizer(boolean noAuthorizer) {
    this.noAuthorizer = noAuthorizer;
  }

  /** The ACLs created for a principal on a cluster. */
  public java.util.Set<io.tributary.operator.model.KafkaAcls.Acl> acls(String bootstrap, String principal) {
    return java.util.Set.copyOf(acls.getOrDefault(bootstrap, Map.of()).getOrDefault(principal, java.util.Set.of()));
  }
  /** group -> members the fake reports. */
  private final Map<String, Integer> groupMembers = new ConcurrentHashMap<>();
  private final List<Rewind> rewinds = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile long lagAtStart = 7;
  private volatile long recordsToReplay = 42;

  /** One offset reset the operator asked for. */
  public record Rewind(String group, String topic, io.tributary.api.v1alpha1.WorkerReplay request) {}

  /** Members the fake reports for a group (a replay waits while there are any). */
  public void groupMembers(String group, int members) {
    groupMembers.put(group, members);
  }

  /** The figures the next rewinds report. */
  public void rewindResult(long lagAtStart, long recordsToReplay) {
    this.lagAtStart = lagAtStart;
    this.recordsToReplay = recordsToReplay;
  }

  /** The offset resets asked for, in order. */
  public List<Rewind> rewinds() {
    return List.copyOf(rewinds);
  }

  public void unavailable(boolean unavailable) {
    this.unavailable = unavailable;
  }

  /** The Kafka client properties (security settings) the operator last used for a cluster. */
  public Map<String, String> clientProperties(String bootstrap) {
    return clientProperties.getOrDefault(bootstrap, Map.of());
  }

  /** A topic that exists before any Pipeline uses it (made by someone else). */
  public void preexisting(String bootstrap, String topic) {
    clusters.computeIfAbsent(bootstrap, b -> new ConcurrentHashMap<>())
        .put(topic, new TopicAdmin.TopicSpec(topic, 1, 1, Map.of()));
  }

  public Map<String, TopicAdmin.TopicSpec> topics(String bootstrap) {
    return Map.copyOf(clusters.getOrDefault(bootstrap, Map.of()));
  }

  @Override
  public TopicAdmin forCluster(String bootstrapServers, Map<String, String> clientProperties) {
    Map<String, TopicAdmin.TopicSpec> topics = clusters.computeIfAbsent(bootstrapServers, b -> new ConcurrentHashMap<>());
    this.clientProperties.put(bootstrapServers, Map.copyOf(clientProperties));
    return new TopicAdmin() {
      @Override
      public List<TopicState> ensure(List<TopicSpec> specs) {
        failIfUnavailable();
        List<TopicState> states = new ArrayList<>();
        for (TopicSpec spec : specs) {
          TopicSpec existing = topics.get(spec.name());
          if (existing != null && existing.partitions() > spec.partitions() && spec.partitions() > 0) {
            states.add(new TopicState(spec.name(), false, "topic has " + existing.partitions() + " partitions"));
            continue;
          }
          topics.put(spec.name(), spec);
          states.add(new TopicState(spec.name(), true, "topic ready", existing == null));
        }
        return states;
      }

      @Override
      public int groupMembers(String group) {
        failIfUnavailable();
        return groupMembers.getOrDefault(group, 0);
      }

      @Override
      public io.tributary.operator.topics.ConsumerGroupRewind.Result rewind(String group, String topic,
          io.tributary.api.v1alpha1.WorkerReplay request) {
        failIfUnavailable();
        if (groupMembers.getOrDefault(group, 0) > 0) {
          throw new IllegalStateException("GroupNotEmptyException (fake): group " + group + " has members");
        }
        rewinds.add(new Rewind(group, topic, request));
        return new io.tributary.operator.topics.ConsumerGroupRewind.Result(lagAtStart, recordsToReplay, Map.of(0, 0L));
      }

      @Override
      public void delete(Collection<String> names) {
        failIfUnavailable();
        names.forEach(topics::remove);
      }

      @Override
      public io.tributary.operator.topics.KafkaAclAdmin.Outcome applyAcls(String principal,
          Collection<io.tributary.operator.model.KafkaAcls.Acl> wanted) {
        failIfUnavailable();
        if (noAuthorizer) {
          return io.tributary.operator.topics.KafkaAclAdmin.Outcome.NO_AUTHORIZER;
        }
        acls.computeIfAbsent(bootstrapServers, b -> new ConcurrentHashMap<>())
            .computeIfAbsent(principal, p -> ConcurrentHashMap.newKeySet()).addAll(wanted);
        return io.tributary.operator.topics.KafkaAclAdmin.Outcome.APPLIED;
      }

      @Override
      public io.tributary.operator.topics.KafkaAclAdmin.Outcome removeAcls(String principal,
          Collection<io.tributary.operator.model.KafkaAcls.Acl> unwanted) {
        failIfUnavailable();
        if (noAuthorizer) {
          return io.tributary.operator.topics.KafkaAclAdmin.Outcome.NO_AUTHORIZER;
        }
        var held = acls.getOrDefault(bootstrapServers, Map.of()).get(principal);
        if (held != null) {
          held.removeAll(unwanted);
        }
        return io.tributary.operator.topics.KafkaAclAdmin.Outcome.APPLIED;
      }
    };
  }

  private void failIfUnavailable() {
    if (unavailable) {
      throw new IllegalStateException("Kafka unavailable (fake)");
    }
  }
}
