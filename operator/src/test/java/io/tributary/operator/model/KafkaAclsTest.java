package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.schema.CrdSchemaValidator;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.KafkaAcls.Acl;
import io.tributary.operator.model.KafkaAcls.ComponentAcls;
import io.tributary.operator.model.KafkaAcls.Operation;
import io.tributary.operator.model.KafkaAcls.ResourceType;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ACLs of each component, derived from the Pipeline graph, and the KafkaUsers that carry them. */
class KafkaAclsTest {
  static final Pipeline PIPELINE = stored(Serialization.unmarshal("""
      apiVersion: tributary.io/v1alpha1
      kind: Pipeline
      metadata: {name: calls, namespace: analytics}
      spec:
        kafka:
          strimzi: {cluster: prod-kafka, namespace: kafka, listener: tls}
          authentication: {type: tls, secretRef: {name: ignored}}
        topics: [{name: raw}, {name: clean}, {name: daily}]
        deadLetter: {topic: calls.dead}
      """, Pipeline.class));

  static Acl topic(String name, Operation op) {
    return new Acl(ResourceType.TOPIC, name, op);
  }

  static Acl group(String name) {
    return new Acl(ResourceType.GROUP, name, Operation.READ);
  }

  static Producer producer(String yamlSpec) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Producer
        metadata: {name: ingest, namespace: analytics}
        spec: %s
        """.formatted(yamlSpec), Producer.class);
  }

  static Worker worker(String yamlSpec) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: cleaner, namespace: analytics}
        spec: %s
        """.formatted(yamlSpec), Worker.class);
  }

  static EtlSchedule etl(String yamlSpec) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: daily, namespace: analytics}
        spec: %s
        """.formatted(yamlSpec), EtlSchedule.class);
  }

  static Stream<Arguments> components() {
    return Stream.of(
        Arguments.of("producer writes and describes its topic",
            KafkaAcls.of(producer("{pipeline: calls, topic: raw, source: {marketData: {symbols: [A]}}}")),
            Set.of(topic("raw", Operation.WRITE), topic("raw", Operation.DESCRIBE))),
        Arguments.of("worker: input, default group, forwards, dead letters",
            KafkaAcls.of(PIPELINE, worker("""
                {pipeline: calls, input: {topic: {name: raw}},
                 processors: [{forward: {topic: clean}}, {log: {}}, {forward: {topic: daily}}]}""")),
            Set.of(topic("raw", Operation.READ), group("calls.cleaner"), topic("clean", Operation.WRITE),
                topic("daily", Operation.WRITE), topic("calls.dead", Operation.WRITE))),
        Arguments.of("worker with an explicit group and no dead letters",
            KafkaAcls.of(PIPELINE, worker("""
                {pipeline: calls, input: {topic: {name: raw, consumerGroup: mine}},
                 processors: [{log: {}}], errorPolicy: {deadLetter: false}}""")),
            Set.of(topic("raw", Operation.READ), group("mine"))),
        Arguments.of("worker on a Redis stream reads no topic",
            KafkaAcls.of(PIPELINE, worker("""
                {pipeline: calls, input: {redisStream: {stream: s, group: g}}, processors: [{log: {}}]}""")),
            Set.of(topic("calls.dead", Operation.WRITE))),
        Arguments.of("etl: extract topic and group, load topic",
            KafkaAcls.of(etl("""
                {pipeline: calls, schedule: "@daily", extract: {topic: {name: clean}}, load: {topic: {name: daily}}}""")),
            Set.of(topic("clean", Operation.READ), group("calls.etl.daily"), topic("daily", Operation.WRITE))),
        Arguments.of("etl gated on a watermark: Describe on its topic",
            KafkaAcls.of(etl("""
                {pipeline: calls, schedule: "@daily", extract: {topic: {name: clean}}, load: {topic: {name: daily}},
                 waitFor: {watermark: {topic: raw}}}""")),
            Set.of(topic("clean", Operation.READ), group("calls.etl.daily"), topic("daily", Operation.WRITE),
                topic("raw", Operation.DESCRIBE))),
        Arguments.of("etl from http into redis needs no Kafka ACL",
            KafkaAcls.of(etl("""
                {pipeline: calls, schedule: "@daily", extract: {http: {url: "http://x"}},
                 load: {redisHash: {key: "k:{id}"}}}""")),
            Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("components")
  void aclsFollowTheGraph(String why, ComponentAcls acls, Set<Acl> expected) {
    assertThat(acls.acls()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void groupsComeFromTheOneDefinitionTheRuntimeUses() {
    Worker w = Fixtures.cacheWorker("w", "p");
    assertThat(KafkaAcls.of(PIPELINE, w).acls())
        .contains(group(ConsumerGroups.workerDefault("p", "w")));
  }

  @Test
  void theRecordOfAKafkaUserNamesItsNamespaceAndName() {
    var w = KafkaAcls.of(PIPELINE, worker("{pipeline: calls, input: {topic: {name: raw}}, processors: [{log: {}}]}"));
    Worker owner = worker("{pipeline: calls, input: {topic: {name: raw}}, processors: [{log: {}}]}");
    var user = KafkaAcls.kafkaUser(PIPELINE, owner, w);
    String record = KafkaAcls.kafkaUserRecord(user);
    assertThat(record).isEqualTo(user.getMetadata().getNamespace() + "/analytics.calls.worker.cleaner");
    owner.getMetadata().setAnnotations(Map.of(KafkaAcls.KAFKA_USER_ANNOTATION, record));
    var found = KafkaAcls.recordedKafkaUser(owner).orElseThrow();
    assertThat(found.getApiVersion()).isEqualTo(user.getApiVersion());
    assertThat(found.getKind()).isEqualTo("KafkaUser");
    assertThat(KafkaAcls.kafkaUserRecord(found)).isEqualTo(record);
  }

  @ParameterizedTest
  @MethodSource("malformedRecords")
  void aMalformedRecordNamesNoKafkaUser(String value) {
    Worker owner = worker("{pipeline: calls, input: {topic: {name: raw}}, processors: [{log: {}}]}");
    owner.getMetadata().setAnnotations(value == null ? null : Map.of(KafkaAcls.KAFKA_USER_ANNOTATION, value));
    assertThat(KafkaAcls.recordedKafkaUser(owner)).isEmpty();
  }

  static Stream<String> malformedRecords() {
    return Stream.of(null, "", "kafka", "/user", "kafka/", "kafka/a/b", "Kafka/user", "kafka/User", "kafka/-user",
        "kafka/user.", "ka fka/user", "kafka/us\nr", "a".repeat(64) + "/user", "kafka/" + "a".repeat(254),
        "kafka/" + "a".repeat(100_000), "kafka/*");
  }

  static Stream<Arguments> operatorAclCases() {
    Acl dlqRead = topic("calls.dead", Operation.READ);
    return Stream.of(
        // no Workers: the dead-letter scan only
        Arguments.of(PIPELINE, List.of(), Set.of(dlqRead)),
        // a Worker that dead-letters: lag and replay (Read input, Read group), redrive (Write input,
        // redrive groups and transactional ids by prefix)
        Arguments.of(PIPELINE, List.of(withUid(worker("{pipeline: calls, input: {topic: {name: raw}}, processors: [{log: {}}]}"),
            "u-1")), Set.of(dlqRead, topic("raw", Operation.READ), topic("raw", Operation.WRITE),
            group(ConsumerGroups.workerDefault("calls", "cleaner")),
            new Acl(ResourceType.GROUP, "tributary-redrive.analytics.cleaner.", Operation.READ, KafkaAcls.Pattern.PREFIXED),
            new Acl(ResourceType.TRANSACTIONAL_ID, "tributary-redrive.analytics.u-1.", Operation.WRITE,
                KafkaAcls.Pattern.PREFIXED))),
        // one that does not dead-letter: no redrive; one without uid yet: no transactional id
        Arguments.of(PIPELINE, List.of(worker("{pipeline: calls, input: {topic: {name: raw}},"
            + " errorPolicy: {deadLetter: false}, processors: [{log: {}}]}")),
            Set.of(dlqRead, topic("raw", Operation.READ), group(ConsumerGroups.workerDefault("calls", "cleaner")))),
        Arguments.of(PIPELINE, List.of(worker("{pipeline: calls, input: {topic: {name: raw}}, processors: [{log: {}}]}")),
            Set.of(dlqRead, topic("raw", Operation.READ), topic("raw", Operation.WRITE),
                group(ConsumerGroups.workerDefault("calls", "cleaner")),
                new Acl(ResourceType.GROUP, "tributary-redrive.analytics.cleaner.", Operation.READ, KafkaAcls.Pattern.PREFIXED))),
        // a Worker on a Redis stream: nothing on Kafka
        Arguments.of(PIPELINE, List.of(worker("{pipeline: calls, input: {redisStream: {stream: s, group: g}}, processors: [{log: {}}]}")),
            Set.of(dlqRead)),
        // plain Kafka: the operator creates (and here deletes) the topics and the components' ACLs
        Arguments.of(stored(Serialization.unmarshal("""
            apiVersion: tributary.io/v1alpha1
            kind: Pipeline
            metadata: {name: calls, namespace: analytics}
            spec:
              kafka:
                bootstrapServers: "k:9092"
                authentication: {type: scram-sha-512, secretRef: {name: app}}
              topicDeletionPolicy: Delete
              topics: [{name: raw}]
            """, Pipeline.class)), List.of(), Set.of(topic("calls.dlq", Operation.READ),
            topic("raw", Operation.CREATE), topic("raw", Operation.ALTER), topic("raw", Operation.DESCRIBE_CONFIGS),
            topic("raw", Operation.ALTER_CONFIGS), topic("raw", Operation.DELETE),
            topic("calls.dlq", Operation.CREATE), topic("calls.dlq", Operation.ALTER),
            topic("calls.dlq", Operation.DESCRIBE_CONFIGS), topic("calls.dlq", Operation.ALTER_CONFIGS),
            topic("calls.dlq", Operation.DELETE),
            new Acl(ResourceType.CLUSTER, KafkaAcls.CLUSTER_NAME, Operation.ALTER))));
  }

  static Worker withUid(Worker w, String uid) {
    w.getMetadata().setUid(uid);
    return w;
  }

  @ParameterizedTest
  @MethodSource("operatorAclCases")
  void theOperatorsCredentialGetsWhatItUsesAndNothingElse(Pipeline pipeline, List<Worker> workers, Set<Acl> expected) {
    assertThat(KafkaAcls.operatorAcls(pipeline, workers)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theRedrivePrefixesAreThoseOfTheRedrivesNames() {
    assertThat(RedrivePlan.group("analytics", "cleaner", "r1")).startsWith("tributary-redrive.analytics.cleaner.");
    assertThat(RedrivePlan.transactionalId("analytics", "u-1", "r1")).startsWith("tributary-redrive.analytics.u-1.");
  }

  @Test
  void unionIsWhatASharedPrincipalNeeds() {
    var p = KafkaAcls.of(producer("{pipeline: calls, topic: raw, source: {marketData: {symbols: [A]}}}"));
    var e = KafkaAcls.of(etl("{pipeline: calls, schedule: \"@daily\", extract: {topic: {name: raw}}}"));
    assertThat(KafkaAcls.union(List.of(p, e))).containsExactly(
        topic("raw", Operation.READ), topic("raw", Operation.WRITE), topic("raw", Operation.DESCRIBE),
        group("calls.etl.daily"));
  }

  @Test
  void userNamesArePerNamespacePipelineAndComponentAndFitACertificateCn() {
    var w = KafkaAcls.of(PIPELINE, worker("{pipeline: calls, input: {topic: {name: raw}}, processors: [{log: {}}]}"));
    assertThat(KafkaAcls.kafkaUserName(PIPELINE, w)).isEqualTo("analytics.calls.worker.cleaner");
    assertThat(KafkaAcls.principal(PIPELINE, w)).isEqualTo("User:CN=analytics.calls.worker.cleaner");
    var longOne = new ComponentAcls("Worker", "w".repeat(80), Set.of());
    String name = KafkaAcls.kafkaUserName(PIPELINE, longOne);
    assertThat(name).hasSizeLessThanOrEqualTo(64).matches("[a-z0-9.-]+");
    assertThat(name).isNotEqualTo(KafkaAcls.kafkaUserName(PIPELINE, new ComponentAcls("Worker", "w".repeat(81), Set.of())));
  }

  static Stream<Pipeline> strimziPipelines() {
    return Stream.of(PIPELINE, stored(Fixtures.strimziPipeline("market-data")));
  }

  @ParameterizedTest
  @MethodSource("strimziPipelines")
  void kafkaUsersValidateAgainstStrimzi(Pipeline pipeline) {
    CrdSchemaValidator strimzi =
        CrdSchemaValidator.forCrd(MockCluster.schemas().resolve("strimzi-1.2.0-kafkauser.crd.yaml"), "v1");
    Worker w = stored(worker("""
        {pipeline: calls, input: {topic: {name: raw}}, processors: [{forward: {topic: clean}}]}"""));
    Producer p = stored(producer("{pipeline: calls, topic: raw, source: {marketData: {symbols: [A]}}}"));
    for (var pair : List.of(Map.entry(w, KafkaAcls.of(pipeline, w)), Map.entry(p, KafkaAcls.of(p)))) {
      GenericKubernetesResource user = KafkaAcls.kafkaUser(pipeline, pair.getKey(), pair.getValue());
      assertThat(strimzi.validateValue(user)).as(Serialization.asYaml(user)).isEmpty();
    }
    // not a rubber stamp: an operation Strimzi does not know is refused
    GenericKubernetesResource user = KafkaAcls.kafkaUser(pipeline, p, KafkaAcls.of(p));
    @SuppressWarnings("unchecked")
    var spec = new java.util.LinkedHashMap<>((Map<String, Object>) user.getAdditionalProperties().get("spec"));
    spec.put("authorization", Map.of("type", "simple", "acls",
        List.of(Map.of("resource", Map.of("type", "topic", "name", "raw"), "operations", List.of("Produce")))));
    user.setAdditionalProperty("spec", spec);
    assertThat(strimzi.validateValue(user)).isNotEmpty();
  }

  @Test
  void kafkaUserCarriesAuthenticationAclsClusterAndOwner() {
    Producer p = stored(producer("{pipeline: calls, topic: raw, source: {marketData: {symbols: [A]}}}"));
    GenericKubernetesResource user = KafkaAcls.kafkaUser(PIPELINE, p, KafkaAcls.of(p));
    assertThat(user.getMetadata().getNamespace()).isEqualTo("kafka");
    assertThat(user.getMetadata().getOwnerReferences()).isEmpty(); // other namespace: no owner ref
    assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "prod-kafka");
    Map<String, Object> spec = Serialization.unmarshal(Serialization.asJson(user.getAdditionalProperties().get("spec")), Map.class);
    assertThat(spec).extracting("authentication").isEqualTo(Map.of("type", "tls"));
    assertThat(spec).extracting("authorization").isEqualTo(Map.of("type", "simple", "acls", List.of(
        Map.of("type", "allow", "host", "*", "operations", List.of("Write", "Describe"),
            "resource", Map.of("type", "topic", "name", "raw", "patternType", "literal")))));

    Pipeline sameNs = stored(Fixtures.strimziPipeline("calls"));
    Producer q = stored(Fixtures.marketDataProducer("md", "calls"));
    GenericKubernetesResource local = KafkaAcls.kafkaUser(sameNs, q, KafkaAcls.of(q));
    assertThat(local.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(q.getMetadata().getUid()));
    assertThat(Serialization.asJson(local)).contains("scram-sha-512");
  }

  /** The ACLs a KafkaUser's rules grant, read back as {@link Acl}s. */
  @SuppressWarnings("unchecked")
  static Set<Acl> aclsOf(GenericKubernetesResource user) {
    Map<String, Object> spec = Serialization.unmarshal(Serialization.asJson(user.getAdditionalProperties().get("spec")), Map.class);
    List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) spec.get("authorization")).get("acls");
    Set<Acl> acls = new java.util.TreeSet<>();
    for (Map<String, Object> rule : rules) {
      assertThat(rule).containsEntry("type", "allow").containsEntry("host", "*");
      Map<String, Object> resource = (Map<String, Object>) rule.get("resource");
      ResourceType type = Stream.of(ResourceType.values()).filter(t -> t.strimzi().equals(resource.get("type")))
          .findFirst().orElseThrow();
      KafkaAcls.Pattern pattern = Stream.of(KafkaAcls.Pattern.values())
          .filter(pt -> pt.strimzi().equals(resource.get("patternType"))).findFirst().orElseThrow();
      for (Object op : (List<Object>) rule.get("operations")) {
        Operation operation = Stream.of(Operation.values()).filter(o -> o.strimzi().equals(op)).findFirst().orElseThrow();
        acls.add(new Acl(type, (String) resource.get("name"), operation, pattern));
      }
    }
    return acls;
  }

  static List<Worker> operatorsWorkers() {
    Worker reads = withUid(stored(worker("""
        {pipeline: calls, input: {topic: {name: raw}}, processors: [{forward: {topic: clean}}]}""")), "uid-cleaner");
    Worker quiet = withUid(stored(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: summer, namespace: analytics}
        spec: {pipeline: calls, input: {topic: {name: clean, consumerGroup: sums}}, processors: [{log: {}}],
               errorPolicy: {deadLetter: false}}
        """, Worker.class)), "uid-summer");
    return List.of(reads, quiet);
  }

  @Test
  void theOperatorsKafkaUserHoldsExactlyTheOperatorsAclsInTheKafkaNamespace() {
    List<Worker> workers = operatorsWorkers();
    GenericKubernetesResource user = KafkaAcls.operatorKafkaUser(PIPELINE, workers);

    assertThat(user.getMetadata().getName()).isEqualTo("analytics.calls.tributary-operator");
    assertThat(KafkaAcls.operatorKafkaUserName(PIPELINE)).isEqualTo(user.getMetadata().getName());
    assertThat(KafkaAcls.operatorPrincipal(PIPELINE)).isEqualTo("User:CN=analytics.calls.tributary-operator");
    assertThat(user.getMetadata().getNamespace()).isEqualTo("kafka");
    assertThat(user.getMetadata().getOwnerReferences()).isEmpty(); // other namespace: the finalizer deletes it
    assertThat(user.getMetadata().getLabels())
        .containsEntry("strimzi.io/cluster", "prod-kafka")
        .containsEntry(Labels.PIPELINE, "calls")
        .containsEntry(Labels.COMPONENT, KafkaAcls.KAFKA_USER)
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    Map<String, Object> spec = Serialization.unmarshal(Serialization.asJson(user.getAdditionalProperties().get("spec")), Map.class);
    assertThat(spec).extracting("authentication").isEqualTo(Map.of("type", "tls"));
    assertThat(aclsOf(user)).isEqualTo(KafkaAcls.operatorAcls(PIPELINE, workers)).contains(
        new Acl(ResourceType.GROUP, "tributary-redrive.analytics.cleaner.", Operation.READ, KafkaAcls.Pattern.PREFIXED),
        new Acl(ResourceType.TRANSACTIONAL_ID, "tributary-redrive.analytics.uid-cleaner.", Operation.WRITE,
            KafkaAcls.Pattern.PREFIXED));
    // the redrive prefixes keep their pattern (a component's rules are all literal)
    assertThat(Serialization.asJson(spec)).contains("\"patternType\":\"prefix\"");

    // one Worker fewer: its ACLs go from the user
    assertThat(aclsOf(KafkaAcls.operatorKafkaUser(PIPELINE, workers.subList(0, 1))))
        .isEqualTo(KafkaAcls.operatorAcls(PIPELINE, workers.subList(0, 1)))
        .doesNotContain(group("sums"));

    // scram by default; in the Pipeline's namespace it is owned by the Pipeline
    Pipeline sameNs = stored(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: calls, namespace: analytics}
        spec:
          kafka:
            strimzi: {cluster: prod-kafka}
            authentication: {type: scram-sha-512}
          topics: [{name: raw}]
        """, Pipeline.class));
    GenericKubernetesResource local = KafkaAcls.operatorKafkaUser(sameNs, List.of());
    assertThat(local.getMetadata().getNamespace()).isEqualTo("analytics");
    assertThat(local.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(sameNs.getMetadata().getUid()));
    assertThat(Serialization.asJson(local)).contains("scram-sha-512");
    assertThat(KafkaAcls.operatorPrincipal(sameNs)).isEqualTo("User:analytics.calls.tributary-operator");
  }

  @Test
  void theOperatorsKafkaUserNameFitsACertificateCnAndIsNotAComponents() {
    Pipeline longName = stored(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: analytics}
        spec:
          kafka: {strimzi: {cluster: c}, authentication: {type: tls}}
          topics: [{name: raw}]
        """.formatted("p".repeat(60)), Pipeline.class));
    assertThat(KafkaAcls.operatorKafkaUserName(longName)).hasSizeLessThanOrEqualTo(64).matches("[a-z0-9.-]+");
    assertThat(KafkaAcls.operatorKafkaUserName(PIPELINE)).isNotEqualTo(KafkaAcls.kafkaUserName(PIPELINE,
        KafkaAcls.of(PIPELINE, worker("{pipeline: calls, input: {topic: {name: raw}}, processors: [{log: {}}]}"))));
  }

  @ParameterizedTest
  @MethodSource("strimziPipelines")
  void theOperatorsKafkaUserValidatesAgainstStrimzi(Pipeline pipeline) {
    CrdSchemaValidator strimzi =
        CrdSchemaValidator.forCrd(MockCluster.schemas().resolve("strimzi-1.2.0-kafkauser.crd.yaml"), "v1");
    GenericKubernetesResource user = KafkaAcls.operatorKafkaUser(pipeline, operatorsWorkers());
    assertThat(strimzi.validateValue(user)).as(Serialization.asYaml(user)).isEmpty();
  }

  @Test
  void aLeavingComponentRemovesOnlyTheAclsNoRemainingComponentOfThePrincipalNeeds() {
    Acl readTopic = new Acl(ResourceType.TOPIC, "orders", Operation.READ);
    Acl writeDlq = new Acl(ResourceType.TOPIC, "p.dlq", Operation.WRITE);
    Acl groupA = new Acl(ResourceType.GROUP, "p.a", Operation.READ);
    Acl groupB = new Acl(ResourceType.GROUP, "p.b", Operation.READ);
    ComponentAcls a = new ComponentAcls("Worker", "a", Set.of(readTopic, writeDlq, groupA));
    ComponentAcls b = new ComponentAcls("Worker", "b", Set.of(readTopic, writeDlq, groupB));

    assertThat(KafkaAcls.toRemove(a, List.of(b))).containsExactly(groupA);
    assertThat(KafkaAcls.toRemove(b, List.of())).containsExactlyInAnyOrder(readTopic, writeDlq, groupB);
  }
}
