package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.KafkaAuthentication;
import io.tributary.api.v1alpha1.KafkaAuthenticationType;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Processor;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Kafka ACLs each component of a Pipeline needs, derived from the Pipeline graph (pure), and the
 * Strimzi {@code KafkaUser} ({@code kafka.strimzi.io/v1}) that carries them.
 *
 * <ul>
 *   <li>a Producer: {@code Write} and {@code Describe} on its topic;
 *   <li>a Worker reading a topic: {@code Read} on that topic and on its consumer group ({@link
 *       ConsumerGroups}), {@code Write} on every {@code forward} topic and, unless {@code
 *       errorPolicy.deadLetter: false}, on the dead-letter topic ({@link
 *       PipelineWiring#deadLetterTopic});
 *   <li>an EtlSchedule: {@code Read} on its extract topic and its group, {@code Write} on its load
 *       topic, {@code Describe} on the topic of {@code spec.waitFor.watermark}.
 * </ul>
 *
 * All names are literal (no prefixes, no wildcards): a component can touch nothing the graph does
 * not name. {@code Read} and {@code Write} imply {@code Describe} in Kafka's authorizer, and since
 * Kafka 3.0 {@code Write} on a topic is enough for an idempotent producer.
 */
public final class KafkaAcls {
  /** Label value of {@code app.kubernetes.io/component} on KafkaUsers. */
  public static final String KAFKA_USER = "kafka-user";

  /** Label value of {@code app.kubernetes.io/component} on a KafkaUser Secret copied into the workload namespace. */
  public static final String KAFKA_CREDENTIALS = "kafka-credentials";

  /**
   * Annotation on a Producer, Worker or EtlSchedule recording its KafkaUser as {@code
   * <namespace>/<name>}, written before the KafkaUser is applied: the finalizer finds the KafkaUser
   * by it when the Pipeline that says where it is has been deleted first ({@link #recordedKafkaUser}).
   * A Pipeline records the operator's KafkaUser for it ({@link #operatorKafkaUser}) the same way,
   * so that the one made in a Kafka namespace it has since left is still deleted.
   */
  public static final String KAFKA_USER_ANNOTATION = "tributary.io/kafka-user";

  /** The last part of the operator's own KafkaUser's name ({@link #operatorKafkaUserName}). */
  static final String OPERATOR_USER_SUFFIX = "tributary-operator";

  /** A namespace (DNS label) and a KafkaUser name (DNS subdomain), as the API server accepts them. */
  private static final java.util.regex.Pattern RECORD = java.util.regex.Pattern.compile(
      "([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)/([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)");

  private KafkaAcls() {}

  /** The value of {@link #KAFKA_USER_ANNOTATION} for {@code user}: {@code <namespace>/<name>}. */
  public static String kafkaUserRecord(HasMetadata user) {
    return user.getMetadata().getNamespace() + "/" + user.getMetadata().getName();
  }

  /**
   * The KafkaUser a component's {@link #KAFKA_USER_ANNOTATION} names (only apiVersion, kind,
   * namespace and name: enough to find and delete it); empty without the annotation or when its
   * value is not {@code <namespace>/<name>} of valid names. Whoever may edit the component may
   * write any value here, so the KafkaUser found must still be checked to be the component's
   * before it is deleted ({@link Ownership}).
   */
  public static java.util.Optional<GenericKubernetesResource> recordedKafkaUser(HasMetadata component) {
    Map<String, String> annotations = component.getMetadata() == null ? null : component.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(KAFKA_USER_ANNOTATION);
    if (value == null || value.length() > 63 + 1 + 253) {
      return java.util.Optional.empty();
    }
    var m = RECORD.matcher(value);
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new GenericKubernetesResourceBuilder()
        .withApiVersion(UpstreamKind.KAFKA_USER.apiVersion())
        .withKind(UpstreamKind.KAFKA_USER.kind)
        .withMetadata(new ObjectMetaBuilder().withNamespace(m.group(1)).withName(m.group(3)).build())
        .build());
  }

  /** The Kafka resource kinds an ACL names (components: topics and groups only). */
  public enum ResourceType {
    TOPIC("topic"),
    GROUP("group"),
    /** The operator's redrive producers ({@link #operatorAcls}). */
    TRANSACTIONAL_ID("transactionalId"),
    /** The operator's ACL management on plain Kafka (name {@value #CLUSTER_NAME}). */
    CLUSTER("cluster");

    private final String strimzi;

    ResourceType(String strimzi) {
      this.strimzi = strimzi;
    }

    /** The Strimzi spelling ({@code topic}, {@code group}, {@code transactionalId}, {@code cluster}). */
    public String strimzi() {
      return strimzi;
    }
  }

  /** The name of the cluster resource in an ACL. */
  public static final String CLUSTER_NAME = "kafka-cluster";

  /** The operations granted (components: Read, Write, Describe). */
  public enum Operation {
    READ("Read"),
    WRITE("Write"),
    DESCRIBE("Describe"),
    CREATE("Create"),
    ALTER("Alter"),
    DELETE("Delete"),
    DESCRIBE_CONFIGS("DescribeConfigs"),
    ALTER_CONFIGS("AlterConfigs");

    private final String strimzi;

    Operation(String strimzi) {
      this.strimzi = strimzi;
    }

    /** The Strimzi spelling ({@code Read}, {@code DescribeConfigs}, ...). */
    public String strimzi() {
      return strimzi;
    }
  }

  /** How an ACL's name matches: the name itself, or every name that starts with it. */
  public enum Pattern {
    LITERAL,
    PREFIXED;

    /** The Strimzi spelling ({@code literal}, {@code prefix}). */
    public String strimzi() {
      return this == LITERAL ? "literal" : "prefix";
    }
  }

  /**
   * One allow rule.
   *
   * @param type topic, group, transactional id or cluster
   * @param name the resource name, or its prefix
   * @param operation what is allowed
   * @param pattern how {@code name} matches (components: always literal)
   */
  public record Acl(ResourceType type, String name, Operation operation, Pattern pattern) implements Comparable<Acl> {
    private static final Comparator<Acl> ORDER = Comparator.comparing(Acl::type).thenComparing(Acl::name)
        .thenComparing(Acl::operation).thenComparing(Acl::pattern);

    /** An allow rule on a literal name. */
    public Acl(ResourceType type, String name, Operation operation) {
      this(type, name, operation, Pattern.LITERAL);
    }

    @Override
    public int compareTo(Acl o) {
      return ORDER.compare(this, o);
    }
  }

  /**
   * A component's ACLs.
   *
   * @param kind {@code Producer}, {@code Worker} or {@code EtlSchedule}
   * @param name the component's name
   * @param acls the allow rules, sorted
   */
  public record ComponentAcls(String kind, String name, Set<Acl> acls) {}

  /** A Producer's ACLs: Write and Describe on its topic. */
  public static ComponentAcls of(Producer producer) {
    Set<Acl> acls = new TreeSet<>();
    String topic = producer.getSpec() == null ? null : producer.getSpec().getTopic();
    if (topic != null) {
      acls.add(new Acl(ResourceType.TOPIC, topic, Operation.WRITE));
      acls.add(new Acl(ResourceType.TOPIC, topic, Operation.DESCRIBE));
    }
    return new ComponentAcls("Producer", producer.getMetadata().getName(), acls);
  }

  /**
   * A Worker's ACLs: Read on its input topic and consumer group, Write on its forward topics and
   * (when it dead-letters) the Pipeline's dead-letter topic. A Worker reading a Redis stream has no
   * input ACL.
   */
  public static ComponentAcls of(Pipeline pipeline, Worker worker) {
    Set<Acl> acls = new TreeSet<>();
    var spec = worker.getSpec();
    if (spec != null && spec.getInput() != null && spec.getInput().getTopic() != null) {
      acls.add(new Acl(ResourceType.TOPIC, spec.getInput().getTopic().getName(), Operation.READ));
    }
    ConsumerGroups.of(worker).ifPresent(m -> acls.add(new Acl(ResourceType.GROUP, m.group(), Operation.READ)));
    if (spec != null && spec.getProcessors() != null) {
      for (Processor p : spec.getProcessors()) {
        if (p.getForward() != null && p.getForward().getTopic() != null) {
          acls.add(new Acl(ResourceType.TOPIC, p.getForward().getTopic(), Operation.WRITE));
        }
      }
    }
    boolean deadLetters = spec == null || spec.getErrorPolicy() == null
        || !Boolean.FALSE.equals(spec.getErrorPolicy().getDeadLetter());
    if (deadLetters) {
      acls.add(new Acl(ResourceType.TOPIC, PipelineWiring.deadLetterTopic(pipeline), Operation.WRITE));
    }
    return new ComponentAcls(ConsumerGroups.WORKER, worker.getMetadata().getName(), acls);
  }

  /**
   * An EtlSchedule's ACLs: Read on its extract topic and group, Write on its load topic, Describe on
   * its watermark gate's topic.
   */
  public static ComponentAcls of(EtlSchedule schedule) {
    Set<Acl> acls = new TreeSet<>();
    var spec = schedule.getSpec();
    if (spec != null && spec.getExtract() != null && spec.getExtract().getTopic() != null) {
      acls.add(new Acl(ResourceType.TOPIC, spec.getExtract().getTopic().getName(), Operation.READ));
    }
    ConsumerGroups.of(schedule).ifPresent(m -> acls.add(new Acl(ResourceType.GROUP, m.group(), Operation.READ)));
    if (spec != null && spec.getWaitFor() != null && spec.getWaitFor().getWatermark() != null) {
      // the watermark gate lists the topic's offsets by timestamp: Describe, no Read
      acls.add(new Acl(ResourceType.TOPIC, spec.getWaitFor().getWatermark().getTopic(), Operation.DESCRIBE));
    }
    if (spec != null && spec.getLoad() != null && spec.getLoad().getTopic() != null) {
      acls.add(new Acl(ResourceType.TOPIC, spec.getLoad().getTopic().getName(), Operation.WRITE));
    }
    return new ComponentAcls(ConsumerGroups.ETL_SCHEDULE, schedule.getMetadata().getName(), acls);
  }

  /**
   * What the operator's own Kafka credential needs for a Pipeline ({@code
   * spec.kafka.authentication.secretRef} on plain Kafka, its own KafkaUser with Strimzi: {@link
   * #operatorKafkaUser}), exactly and nothing implied twice ({@code Read} and {@code Write} imply {@code
   * Describe} in Kafka's authorizer):
   *
   * <ul>
   *   <li>the dead-letter topic: {@code Read} (the dead-letter scan and a redrive read it; their
   *       partition and offset look-ups need the implied {@code Describe});
   *   <li>for each Worker reading a topic: {@code Read} on its input topic and its consumer group
   *       (a replay's offset reset commits the group's offsets, which needs both; lag's {@code
   *       ListOffsets} and {@code OffsetFetch} need the implied {@code Describe}); unless it does
   *       not dead-letter: {@code Write} on its input topic (a redrive re-publishes there), {@code
   *       Read} on the groups prefixed {@code tributary-redrive.<namespace>.<worker>.} ({@link
   *       RedrivePlan#group}: the redrive's position, committed in its transaction) and {@code
   *       Write} on the transactional ids prefixed {@code tributary-redrive.<namespace>.<uid>.}
   *       ({@link RedrivePlan#transactionalId}, the Worker's uid; none while it has none);
   *   <li>on plain {@code bootstrapServers}, where the operator creates the topics and the
   *       components' ACLs itself: {@code Create}, {@code Alter} (partitions), {@code
   *       DescribeConfigs}, {@code AlterConfigs} and {@code Delete} ({@code topicDeletionPolicy:
   *       Delete}) on each declared topic and the dead-letter topic, and, with {@code
   *       spec.kafka.authentication}, {@code Alter} on the cluster (CreateAcls, DeleteAcls: whoever
   *       holds it can grant itself more). With Strimzi the Topic and User Operators do both.
   * </ul>
   *
   * @param workers the Pipeline's Workers
   */
  public static Set<Acl> operatorAcls(Pipeline pipeline, List<Worker> workers) {
    Set<Acl> acls = new TreeSet<>();
    String namespace = pipeline.getMetadata().getNamespace();
    acls.add(new Acl(ResourceType.TOPIC, PipelineWiring.deadLetterTopic(pipeline), Operation.READ));
    for (Worker worker : workers) {
      var spec = worker.getSpec();
      if (spec == null || spec.getInput() == null || spec.getInput().getTopic() == null) {
        continue; // a Redis stream: no Kafka input, no lag, replay or redrive on Kafka
      }
      String input = spec.getInput().getTopic().getName();
      acls.add(new Acl(ResourceType.TOPIC, input, Operation.READ));
      ConsumerGroups.of(worker).ifPresent(m -> acls.add(new Acl(ResourceType.GROUP, m.group(), Operation.READ)));
      boolean deadLetters = spec.getErrorPolicy() == null || !Boolean.FALSE.equals(spec.getErrorPolicy().getDeadLetter());
      if (deadLetters) {
        String name = worker.getMetadata().getName();
        acls.add(new Acl(ResourceType.TOPIC, input, Operation.WRITE));
        // the id itself comes last: these prefixes end where it begins
        String group = RedrivePlan.group(namespace, name, "");
        acls.add(new Acl(ResourceType.GROUP, group, Operation.READ, Pattern.PREFIXED));
        String uid = worker.getMetadata().getUid();
        if (uid != null && !uid.isEmpty()) {
          acls.add(new Acl(ResourceType.TRANSACTIONAL_ID, RedrivePlan.transactionalId(namespace, uid, ""),
              Operation.WRITE, Pattern.PREFIXED));
        }
      }
    }
    var kafka = pipeline.getSpec().getKafka();
    if (kafka != null && kafka.getStrimzi() == null) {
      boolean deletes = pipeline.getSpec().getTopicDeletionPolicy() == io.tributary.api.v1alpha1.TopicDeletionPolicy.DELETE;
      for (String topic : TopicModel.usableTopicNames(pipeline)) {
        for (Operation op : List.of(Operation.CREATE, Operation.ALTER, Operation.DESCRIBE_CONFIGS, Operation.ALTER_CONFIGS)) {
          acls.add(new Acl(ResourceType.TOPIC, topic, op));
        }
        if (deletes) {
          acls.add(new Acl(ResourceType.TOPIC, topic, Operation.DELETE));
        }
      }
      if (kafka.getAuthentication() != null) {
        acls.add(new Acl(ResourceType.CLUSTER, CLUSTER_NAME, Operation.ALTER));
      }
    }
    return acls;
  }

  /**
   * The union of the ACLs of several components: what one shared principal needs when the
   * Pipeline gives all its components one credential ({@code spec.kafka.authentication} with plain
   * {@code bootstrapServers}).
   */
  public static Set<Acl> union(List<ComponentAcls> components) {
    Set<Acl> all = new TreeSet<>();
    components.forEach(c -> all.addAll(c.acls()));
    return all;
  }

  /**
   * The ACLs to delete when {@code leaving} is deleted while {@code remaining} stay on the same
   * principal: {@code leaving}'s ACLs minus the {@link #union} of the others' — with one shared
   * principal (plain Kafka), an ACL two components need stays until the last of them is gone.
   */
  public static Set<Acl> toRemove(ComponentAcls leaving, List<ComponentAcls> remaining) {
    Set<Acl> removed = new TreeSet<>(leaving.acls());
    removed.removeAll(union(remaining));
    return removed;
  }

  /**
   * The KafkaUser's {@code metadata.name} for a component: {@code <namespace>.<pipeline>.<kind>.<name>}
   * in lower case, cut to a valid name with a hash when too long; it is also the SCRAM user name
   * and, for {@code tls}, the certificate's {@code CN}.
   */
  public static String kafkaUserName(Pipeline pipeline, ComponentAcls component) {
    return fitUserName(pipeline.getMetadata().getNamespace() + "." + pipeline.getMetadata().getName() + "."
        + component.kind().toLowerCase(Locale.ROOT) + "." + component.name());
  }

  /** {@code name} if it fits a KafkaUser name, else cut with a hash of the whole. */
  private static String fitUserName(String name) {
    // Strimzi limits a KafkaUser name to 64 characters for tls (certificate CN); keep to that for both
    if (name.length() <= 64) {
      return name;
    }
    String cut = name.substring(0, 57).replaceAll("[^a-z0-9]+$", "");
    return cut + "-" + Canonical.hash(name).substring(0, 6);
  }

  /**
   * The Kafka principal of a component's KafkaUser as Strimzi's authorizer sees it: {@code
   * User:<name>} for scram-sha-512, {@code User:CN=<name>} for tls.
   */
  public static String principal(Pipeline pipeline, ComponentAcls component) {
    String user = kafkaUserName(pipeline, component);
    return authenticationType(pipeline) == KafkaAuthenticationType.TLS ? "User:CN=" + user : "User:" + user;
  }

  /**
   * Whether the components of a Pipeline get a KafkaUser each: with {@code spec.kafka.strimzi} and
   * {@code spec.kafka.authentication}. The operator then has a KafkaUser of its own per Pipeline
   * too ({@link #operatorKafkaUser}); {@code authentication.secretRef} is not used (neither by the
   * pods nor by the operator).
   */
  public static boolean perComponentUsers(Pipeline pipeline) {
    var kafka = pipeline.getSpec().getKafka();
    return kafka != null && kafka.getStrimzi() != null && kafka.getAuthentication() != null;
  }

  /**
   * The name of the copy of a component's KafkaUser Secret in the component's namespace: {@code
   * <name>-<role>-kafka-user}.
   */
  public static String credentialsSecretName(ComponentAcls component) {
    return WorkloadModel.workloadName(component.name(), role(component)) + "-kafka-user";
  }

  /**
   * The keys of the KafkaUser Secret the runtime reads: {@code password} for scram-sha-512, {@code
   * user.crt} and {@code user.key} for tls (as Strimzi's User Operator writes them).
   */
  public static List<String> credentialKeys(Pipeline pipeline) {
    return authenticationType(pipeline) == KafkaAuthenticationType.TLS
        ? List.of(io.tributary.runtime.config.SecretEnv.KAFKA_TLS_USER_CERT, io.tributary.runtime.config.SecretEnv.KAFKA_TLS_USER_KEY)
        : List.of("password");
  }

  /**
   * The copy of a component's KafkaUser Secret (which Strimzi writes in the Kafka cluster's
   * namespace) in the component's namespace, controlled by the component so that it goes with it.
   *
   * @param source the KafkaUser's Secret; its data is copied as it is
   */
  public static Secret credentialsCopy(Pipeline pipeline, HasMetadata owner, ComponentAcls component, Secret source) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(credentialsSecretName(component))
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(Labels.of(role(component), component.name(), KAFKA_CREDENTIALS, pipeline.getMetadata().getName()))
        .withOwnerReferences(OwnerRefs.controlledBy(owner))
        .endMetadata()
        .withType("Opaque")
        .withData(secretData(source))
        .build();
  }

  /**
   * The base64 {@code data} of a Secret, sorted, with {@code stringData} folded in (it wins, as the
   * API server does it; an API server that does not fold it, as the sandbox's, leaves it there).
   */
  public static Map<String, String> secretData(Secret secret) {
    Map<String, String> data = new TreeMap<>();
    if (secret.getData() != null) {
      data.putAll(secret.getData());
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) ->
          data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    }
    return data;
  }

  /**
   * The hash of a KafkaUser Secret's data that goes into the pod template ({@link
   * PodTemplates#KAFKA_CREDENTIALS_HASH_ANNOTATION}): a rotation by Strimzi changes it and rolls
   * the pods.
   */
  public static String credentialsHash(Secret secret) {
    return Canonical.hash(secretData(secret));
  }

  private static String role(ComponentAcls component) {
    return switch (component.kind()) {
      case "Producer" -> "producer";
      case ConsumerGroups.WORKER -> "worker";
      default -> "etl";
    };
  }

  /** The Pipeline's authentication type, {@code scram-sha-512} when none is set. */
  static KafkaAuthenticationType authenticationType(Pipeline pipeline) {
    KafkaAuthentication auth = pipeline.getSpec().getKafka().getAuthentication();
    return auth == null || auth.getType() == null ? KafkaAuthenticationType.SCRAM_SHA_512 : auth.getType();
  }

  /**
   * The Strimzi KafkaUser of a component, in the Strimzi cluster's namespace ({@link
   * TopicModel#topicNamespace}), labelled with the cluster so that the User Operator manages it;
   * authentication {@code scram-sha-512} or {@code tls} as {@code spec.kafka.authentication.type}
   * says (default scram-sha-512), authorization {@code simple} with the component's ACLs. The owner
   * reference is only set when the KafkaUser lives in the component's namespace (Kubernetes has no
   * cross-namespace owners).
   *
   * @param owner the component (Producer, Worker or EtlSchedule)
   */
  public static GenericKubernetesResource kafkaUser(
      Pipeline pipeline, HasMetadata owner, ComponentAcls component) {
    Map<String, String> labels = Labels.of(role(component), component.name(), KAFKA_USER, pipeline.getMetadata().getName());
    return strimziUser(pipeline, owner, kafkaUserName(pipeline, component), labels, component.acls());
  }

  /**
   * The KafkaUser's {@code metadata.name} of the operator's own user for a Pipeline: {@code
   * <namespace>.<pipeline>.tributary-operator} in lower case, cut as {@link #kafkaUserName} cuts;
   * also its SCRAM user name and, for {@code tls}, its certificate's {@code CN}.
   */
  public static String operatorKafkaUserName(Pipeline pipeline) {
    return fitUserName(pipeline.getMetadata().getNamespace() + "." + pipeline.getMetadata().getName() + "."
        + OPERATOR_USER_SUFFIX);
  }

  /**
   * The Kafka principal of the operator's KafkaUser for a Pipeline ({@link #operatorKafkaUser}):
   * {@code User:<name>} for scram-sha-512, {@code User:CN=<name>} for tls.
   */
  public static String operatorPrincipal(Pipeline pipeline) {
    String user = operatorKafkaUserName(pipeline);
    return authenticationType(pipeline) == KafkaAuthenticationType.TLS ? "User:CN=" + user : "User:" + user;
  }

  /**
   * The Strimzi KafkaUser of the operator itself for a Pipeline ({@link #perComponentUsers}): its
   * Admin client, lag reads, dead-letter scans, replays and redrives act as this user, which holds
   * exactly {@link #operatorAcls} (so it follows the Pipeline's Workers). Like a component's
   * ({@link #kafkaUser}): in the Strimzi cluster's namespace, labelled with the cluster,
   * authentication as {@code spec.kafka.authentication.type} says, owned by the Pipeline only when
   * in its namespace (the finalizer deletes it otherwise: {@link #KAFKA_USER_ANNOTATION} on the
   * Pipeline).
   *
   * @param workers the Pipeline's Workers
   */
  public static GenericKubernetesResource operatorKafkaUser(Pipeline pipeline, List<Worker> workers) {
    String name = pipeline.getMetadata().getName();
    Map<String, String> labels = Labels.of("pipeline", name, KAFKA_USER, name);
    return strimziUser(pipeline, pipeline, operatorKafkaUserName(pipeline), labels, operatorAcls(pipeline, workers));
  }

  /**
   * A KafkaUser named {@code name} in the Strimzi cluster's namespace with {@code acls}, one rule
   * per resource type, name and pattern (sorted as the ACLs are, so the same set renders alike).
   */
  private static GenericKubernetesResource strimziUser(Pipeline pipeline, HasMetadata owner, String name,
      Map<String, String> labels, Set<Acl> acls) {
    String namespace = TopicModel.topicNamespace(pipeline);
    labels.put(TopicModel.STRIMZI_CLUSTER_LABEL, pipeline.getSpec().getKafka().getStrimzi().getCluster());
    ObjectMetaBuilder meta = new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels);
    if (namespace.equals(owner.getMetadata().getNamespace())) {
      meta.withOwnerReferences(OwnerRefs.controlledBy(owner));
    }
    record Resource(String type, String name, String pattern) {}
    Map<Resource, List<String>> grouped = new LinkedHashMap<>();
    for (Acl acl : new TreeSet<>(acls)) {
      grouped.computeIfAbsent(new Resource(acl.type().strimzi(), acl.name(), acl.pattern().strimzi()),
          r -> new ArrayList<>()).add(acl.operation().strimzi());
    }
    List<Map<String, Object>> rules = new ArrayList<>();
    grouped.forEach((resource, ops) -> {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("type", "allow");
      rule.put("resource", Map.of("type", resource.type(), "name", resource.name(), "patternType", resource.pattern()));
      rule.put("operations", List.copyOf(ops));
      rule.put("host", "*");
      rules.add(rule);
    });
    String authType = authenticationType(pipeline) == KafkaAuthenticationType.TLS ? "tls" : "scram-sha-512";
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("authentication", Map.of("type", authType));
    spec.put("authorization", Map.of("type", "simple", "acls", rules));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(UpstreamKind.KAFKA_USER.apiVersion())
        .withKind(UpstreamKind.KAFKA_USER.kind)
        .withMetadata(meta.build())
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
