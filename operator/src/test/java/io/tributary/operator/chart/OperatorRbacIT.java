package io.tributary.operator.chart;

import io.tributary.operator.reconciler.UpstreamResources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.autoscale.AutoscalerExtension;
import io.tributary.operator.autoscale.LagObservation;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.model.EtlModel;
import io.tributary.operator.model.Labels;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.testing.FakeTopicAdmin;
import io.tributary.operator.testing.StrimziKafkas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is exactly what the operator uses. Not a second hand-kept list: the real
 * operator ({@link TributaryOperator}, configured from the environment the chart renders) runs
 * against an API server that records each of its requests while it takes every example of
 * {@code manifests/examples/} through its life: created, reconciled, KafkaTopics becoming ready,
 * a topic added and removed, monitoring switched off, the Pipeline's Redis changed (children
 * updated), an ETL run started by hand, everything deleted (finalizers). Then:
 *
 * <ul>
 *   <li>every request is granted by the rules the chart binds to the operator's ServiceAccount;
 *   <li>every (group, resource, verb) the chart grants was used;
 *   <li>both with the default values (ClusterRole) and, in a second run, with {@code watchNamespaces}
 *       (a Role per namespace; cluster-wide only the CRD reads).
 * </ul>
 *
 * <p>When an {@link io.tributary.operator.OperatorExtension} (the autoscaler) joins the operator
 * that {@code run} assembles, register it here too, or its permissions go unchecked.
 *
 * Needs the upstream CRDs of {@code ../shared/schemas} (Strimzi, Prometheus Operator), as the
 * reconciler tests do. Requests every authenticated user may make (system:basic-user's
 * SelfSubjectRulesReview, discovery) are left out.
 */
class OperatorRbacIT {
  private static final String SERVICE_ACCOUNT = "tributary-operator";
  private static final String APPS = "apps";
  private static final String STRIMZI_NAMESPACE = "kafka";
  private static final String API_VERSION = "tributary.io/v1alpha1";
  private static final List<String> KINDS = List.of("Pipeline", "Producer", "Worker", "EtlSchedule");
  private static final Set<String> EVERY_USER_MAY = Set.of("selfsubjectrulesreviews", "selfsubjectaccessreviews");

  /**
   * JOSDK's leader election checks at start-up, with a SelfSubjectRulesReview, that it may
   * {@code get}, {@code create} and {@code update} Leases (LeaderElectionManager.checkLeaseAccess),
   * though it then writes them with {@code patch}: permissions demanded without a request of their own.
   */
  private static final Set<ApiRequest.Permission> DEMANDED_BY_JOSDK = Set.of(
      new ApiRequest.Permission("coordination.k8s.io", "leases", "get"),
      new ApiRequest.Permission("coordination.k8s.io", "leases", "create"),
      new ApiRequest.Permission("coordination.k8s.io", "leases", "update"));

  /**
   * Granted for paths the scenario does not reach: the autoscaler reads Workers from its informer
   * cache, and GETs one only when the cache misses it (before taking it for deleted) or when a
   * status patch from the cached copy is refused as stale (409) (KubernetesScalerStatus). A
   * NetworkPolicy is updated only on a change of spec.networkPolicy or on drift: it names the
   * ingest port by its name, so the scenario's port change leaves it as it is. An EtlSchedule gets
   * its finalizer (a patch) only when its Pipeline gives it a KafkaUser or ACLs
   * (ComponentCleanup), which the examples' Pipelines do not (ComponentCleanupIT covers it).
   */
  private static final Set<ApiRequest.Permission> NEEDED_OFF_THE_HAPPY_PATH = Set.of(
      new ApiRequest.Permission("tributary.io", "workers", "get"),
      new ApiRequest.Permission("tributary.io", "etlschedules", "patch"),
      // JOSDK reads a Producer or EtlSchedule again when its finalizer patch conflicts
      new ApiRequest.Permission("tributary.io", "producers", "get"),
      new ApiRequest.Permission("tributary.io", "etlschedules", "get"),
      new ApiRequest.Permission("networking.k8s.io", "networkpolicies", "update"));

  static RbacRules clusterWide;
  static List<ApiRequest> clusterWideRequests;
  static RbacRules namespaced;
  static List<ApiRequest> namespacedRequests;

  @BeforeAll
  static void runTheOperatorThroughTheExamples() throws Exception {
    RenderedChart defaults = RenderedChart.withDefaults();
    clusterWide = RbacRules.boundTo(defaults, SERVICE_ACCOUNT, RenderedChart.NAMESPACE);
    clusterWideRequests = record(defaults, clusterWide);
    RenderedChart watching = RenderedChart.withValues("watchNamespaces: [" + APPS + ", " + STRIMZI_NAMESPACE + "]\n");
    namespaced = RbacRules.boundTo(watching, SERVICE_ACCOUNT, RenderedChart.NAMESPACE);
    namespacedRequests = record(watching, namespaced);
  }

  /** The operator's requests while it runs with the environment the chart renders. */
  private static List<ApiRequest> record(RenderedChart chart, RbacRules rbac) throws Exception {
    try (RecordingApiServer server = new RecordingApiServer(rbac)) {
      try (var crds = Files.list(Repository.root().resolve("crds"))) {
        for (Path crd : crds.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
          server.installCrds(crd);
        }
      }
      Path schemas = Repository.root().resolveSibling("shared").resolve("schemas");
      for (String file : List.of("strimzi-1.2.0-kafkatopic.crd.yaml", "strimzi-1.2.0-kafkauser.crd.yaml",
          "prometheus-operator-0.93.1-podmonitors.crd.yaml",
          "prometheus-operator-0.93.1-servicemonitors.crd.yaml", "prometheus-operator-0.93.1-prometheusrules.crd.yaml",
          "grafana-operator-grafanadashboards.crd.yaml", "keda-scaledobjects.crd.yaml")) {
        server.installCrds(schemas.resolve(file));
      }
      server.client().apiextensions().v1().customResourceDefinitions().resource(StrimziKafkas.crd()).create();
      Map<String, String> env = new HashMap<>(chart.operatorEnv());
      env.put("POD_NAMESPACE", RenderedChart.NAMESPACE); // the downward API's answer
      OperatorSettings settings = OperatorSettings.fromEnvironment(env);
      assertThat(settings.leaderElection()).as("the chart turns leader election on").isPresent();

      try (KubernetesClient operatorClient = server.newOperatorClient()) {
        TributaryOperator operator = TributaryOperator.builder(operatorClient).settings(settings)
            .topicAdmins(new FakeTopicAdmin())
            // the production autoscaler, observing a backlog on every Worker so that it scales
            .extension(new AutoscalerExtension(services -> target -> LagObservation.ofTotals(
                java.time.Instant.now(), 1_000_000, 1_000_000, 0, 6)))
            .build().start();
        try {
          new Scenario(server.client(), server::operatorRequests).run();
        } catch (RuntimeException | AssertionError e) {
          printReconcilerThreads();
          throw e;
        } finally {
          operator.close();
        }
      }
      return server.operatorRequests().stream().filter(r -> !EVERY_USER_MAY.contains(r.resource())).toList();
    }
  }

  /** Where the operator's reconcilers are when the scenario times out, for the test's log. */
  private static void printReconcilerThreads() {
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.getName().startsWith("ReconcilerExecutor")) {
        System.out.println("--- " + thread.getName() + " " + thread.getState());
        for (StackTraceElement frame : stack) {
          System.out.println("    at " + frame);
        }
      }
    });
  }

  @Test
  void theClusterRoleGrantsEveryRequestTheOperatorMakes() {
    assertThat(clusterWideRequests).as("requests recorded").hasSizeGreaterThan(50);
    assertThat(denied(clusterWideRequests, clusterWide))
        .as("requests of the operator the chart's RBAC (default values) does not allow").isEmpty();
  }

  @Test
  void theChartGrantsNothingTheOperatorDoesNotUse() {
    assertThat(unused(clusterWideRequests, clusterWide)).as("granted with the default values, never used").isEmpty();
  }

  @Test
  void withWatchNamespacesTheRolesGrantEveryRequestAndNothingMore() {
    assertThat(namespacedRequests).as("requests recorded").hasSizeGreaterThan(50);
    assertThat(namespacedRequests).as("cluster-wide requests of a namespaced operator")
        .filteredOn(r -> r.namespace().isEmpty())
        .allSatisfy(r -> assertThat(r.resource()).isEqualTo("customresourcedefinitions"));
    assertThat(denied(namespacedRequests, namespaced))
        .as("requests of the operator the chart's RBAC (watchNamespaces) does not allow").isEmpty();
    assertThat(unused(namespacedRequests, namespaced)).as("granted with watchNamespaces, never used").isEmpty();
  }

  private static Set<String> denied(List<ApiRequest> requests, RbacRules rbac) {
    return requests.stream().filter(r -> !rbac.allows(r)).map(ApiRequest::toString)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> unused(List<ApiRequest> requests, RbacRules rbac) {
    Set<ApiRequest.Permission> used = requests.stream().map(ApiRequest::permission)
        .collect(Collectors.toCollection(TreeSet::new));
    used.addAll(DEMANDED_BY_JOSDK);
    used.addAll(NEEDED_OFF_THE_HAPPY_PATH);
    Set<String> unused = new TreeSet<>();
    for (RbacRules.Rule rule : rbac.rules()) {
      for (ApiRequest.Permission granted : RbacRules.permissions(rule)) {
        if (!used.contains(granted)) {
          unused.add(granted + " <- " + rule.source() + "; used: " + used);
        }
      }
    }
    return unused;
  }

  /** The life of the examples, driven like a user with kubectl would. */
  private static final class Scenario {
    private final KubernetesClient client;
    private final Map<String, List<String>> names = new LinkedHashMap<>();

    private final java.util.function.Supplier<List<ApiRequest>> operatorRequests;

    Scenario(KubernetesClient client, java.util.function.Supplier<List<ApiRequest>> operatorRequests) {
      this.client = client;
      this.operatorRequests = operatorRequests;
    }

    void run() throws IOException {
      // the examples' Kafka cluster, whose address the operator reads from its status
      StrimziKafkas.publish(client, STRIMZI_NAMESPACE, "my-cluster", "my-cluster-kafka-bootstrap.kafka.svc:9092");
      createExamples();
      await("every example reconciled").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        for (String kind : KINDS) {
          for (String name : names.get(kind)) {
            GenericKubernetesResource r = cr(kind).withName(name).get();
            assertThat(r.getAdditionalProperties()).as("%s %s status", kind, name).containsKey("status");
          }
        }
        assertThat(client.apps().deployments().inNamespace(APPS).list().getItems())
            .hasSize(names.get("Producer").size() + names.get("Worker").size());
        assertThat(client.batch().v1().cronjobs().inNamespace(APPS).list().getItems()).hasSize(names.get("EtlSchedule").size());
        assertThat(kafkaTopics().list().getItems()).isNotEmpty();
      });
      await("the autoscaler scaled the market-data cache writer on its backlog")
          .atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
              client.apps().deployments().inNamespace(APPS).withName("cache-writer-worker").get().getSpec().getReplicas())
              .isEqualTo(6));

      // Strimzi's topic operator reports the topics ready
      for (GenericKubernetesResource topic : kafkaTopics().list().getItems()) {
        topic.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        kafkaTopics().resource(topic).updateStatus();
      }

      // updates: a topic more and one with more partitions, other monitoring labels, another http port
      for (String name : names.get("Pipeline")) {
        edit("Pipeline", name, p -> {
          List<Object> topics = topics(p);
          Map<String, Object> first = new LinkedHashMap<>(map(topics.get(0)));
          first.put("partitions", ((Number) first.getOrDefault("partitions", 1)).intValue() + 1);
          topics.set(0, first);
          topics.add(Map.of("name", "rbac-extra-" + name, "partitions", 1, "replicas", 1));
          Map<String, Object> labels = Map.of("labels", Map.of("rbac-test", "changed"));
          Map<String, Object> dashboard = Map.of("labels", Map.of("rbac-test", "changed"),
              "grafanaInstanceLabels", Map.of("dashboards", "rbac-test")); // updates the GrafanaDashboard
          spec(p).put("monitoring", Map.of("podMonitor", labels, "prometheusRule", labels, "dashboard", dashboard));
          return p;
        });
      }
      List<String> httpProducers = new ArrayList<>();
      for (String name : names.get("Producer")) {
        if (map(spec(cr("Producer").withName(name).get()).get("source")).containsKey("http")) {
          httpProducers.add(name);
          edit("Producer", name, p -> {
            Map<String, Object> http = new LinkedHashMap<>(map(map(spec(p).get("source")).get("http")));
            http.put("port", 8088);
            spec(p).put("source", Map.of("http", http));
            return p;
          });
        }
      }
      // one schedule keeps a single run of each outcome: the older run-now Job goes (jobs delete)
      String pruned = names.get("EtlSchedule").get(0);
      for (String name : names.get("EtlSchedule")) {
        edit("EtlSchedule", name, e -> {
          e.getMetadata().getAnnotations().put(EtlModel.RUN_NOW_ANNOTATION, "rbac-test");
          if (name.equals(pruned)) {
            spec(e).put("history", Map.of("successful", 1, "failed", 1));
          }
          return e;
        });
      }
      await("children updated, runs started").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        for (String name : names.get("Pipeline")) {
          // KafkaTopics are named <Pipeline namespace>.<topic> (TopicModel.kafkaTopicName)
          assertThat(kafkaTopics().withName(APPS + ".rbac-extra-" + name).get()).as("KafkaTopic rbac-extra-%s", name)
              .isNotNull();
        }
        assertThat(client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.POD_MONITOR)).inNamespace(APPS).list().getItems())
            .isNotEmpty().allSatisfy(m -> assertThat(m.getMetadata().getLabels()).containsKey("rbac-test"));
        assertThat(client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.PROMETHEUS_RULE)).inNamespace(APPS).list()
            .getItems()).isNotEmpty().allSatisfy(m -> assertThat(m.getMetadata().getLabels()).containsKey("rbac-test"));
        assertThat(client.services().inNamespace(APPS).list().getItems())
            .filteredOn(s -> httpProducers.stream().anyMatch(p -> s.getMetadata().getName().startsWith(p)))
            .isNotEmpty()
            .allSatisfy(s -> assertThat(s.getSpec().getPorts()).anySatisfy(port -> assertThat(port.getPort()).isEqualTo(8088)));
        assertThat(client.batch().v1().jobs().inNamespace(APPS).list().getItems()).hasSize(names.get("EtlSchedule").size());
      });

      // another request while that run is active waits (Forbid); the reconciliation a look at the
      // schedule brings says so again, and the Event counts the repeat (events patch)
      edit("EtlSchedule", pruned, e -> {
        e.getMetadata().getAnnotations().put(EtlModel.RUN_NOW_ANNOTATION, "rbac-test-again");
        return e;
      });
      await("the second request waits for the active run").atMost(Duration.ofSeconds(60))
          .until(() -> !runNowWaiting(pruned).isEmpty());
      edit("EtlSchedule", pruned, e -> {
        e.getMetadata().getAnnotations().put("rbac-test/looked-at", "yes");
        return e;
      });
      await("the repeated RunNowWaiting Event counted on the first").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(runNowWaiting(pruned)).singleElement().satisfies(e -> assertThat(e.getCount()).isGreaterThan(1)));

      // the hand-started ETL runs finish; their pods wrote the run summary
      for (Job job : jobs(null)) {
        finish(job, Instant.now().minusSeconds(60));
      }
      await("the waiting request started its Job").atMost(Duration.ofSeconds(60))
          .until(() -> runNowJob(pruned, "rbac-test-again") != null);
      Job again = runNowJob(pruned, "rbac-test-again");
      finish(again, Instant.now());
      await("run summaries in the EtlSchedules' status, the older run-now Job beyond the history deleted")
          .atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String name : names.get("EtlSchedule")) {
              assertThat(map(cr("EtlSchedule").withName(name).get().getAdditionalProperties().get("status")))
                  .as("EtlSchedule %s status", name).containsKey("lastRun");
            }
            assertThat(jobs(pruned)).extracting(j -> j.getMetadata().getName())
                .containsExactly(again.getMetadata().getName());
          });

      // a Worker handed to KEDA, retuned, and taken back: its ScaledObject is created, updated, deleted
      var scaledObjects = client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.SCALED_OBJECT)).inNamespace(APPS);
      editAutoscaling("payment-aggregator", a -> a.put("engine", "keda"));
      await("ScaledObject created").atMost(Duration.ofSeconds(60))
          .until(() -> scaledObjects.withName("payment-aggregator-worker").get() != null);
      editAutoscaling("payment-aggregator", a -> a.put("lagThreshold", 700));
      await("ScaledObject updated").atMost(Duration.ofSeconds(60)).until(() ->
          String.valueOf(scaledObjects.withName("payment-aggregator-worker").get().getAdditionalProperties()).contains("700"));
      editAutoscaling("payment-aggregator", a -> a.put("engine", "builtin"));
      await("ScaledObject deleted").atMost(Duration.ofSeconds(60))
          .until(() -> scaledObjects.withName("payment-aggregator-worker").get() == null);

      kafkaUsers();

      // removals: the extra topics, monitoring switched off; the Redis moved, behind a Secret
      // (every configuration changes; the autoscaler reads the URL to observe Redis streams)
      client.secrets().inNamespace(APPS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
          .withNewMetadata().withName("rbac-redis").addToLabels(io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_LABEL, io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_VALUE).endMetadata()
          .addToStringData("url", "redis://redis-moved.default.svc:6379/0").build()).create();
      for (String name : names.get("Pipeline")) {
        edit("Pipeline", name, p -> {
          topics(p).removeIf(t -> map(t).get("name").toString().startsWith("rbac-extra-"));
          Map<String, Object> off = Map.of("enabled", false);
          spec(p).put("monitoring", Map.of("podMonitor", off, "prometheusRule", off, "dashboard", off));
          spec(p).put("networkPolicy", off); // networkpolicies delete
          spec(p).put("redis", Map.of("urlSecretRef", Map.of("name", "rbac-redis", "key", "url")));
          return p;
        });
      }
      await("the autoscaler read the Redis URL Secret of a Redis-stream Worker").atMost(Duration.ofSeconds(60))
          .until(() -> operatorRequests.get().stream().anyMatch(r -> r.resource().equals("secrets")));
      await("topics and monitoring removed, configurations updated").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(kafkaTopics().list().getItems()).noneMatch(t -> t.getMetadata().getName().startsWith(APPS + ".rbac-extra-"));
        assertThat(client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.POD_MONITOR)).inNamespace(APPS).list().getItems())
            .isEmpty();
        assertThat(client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.PROMETHEUS_RULE)).inNamespace(APPS).list()
            .getItems()).isEmpty();
        assertThat(client.network().v1().networkPolicies().inNamespace(APPS).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(APPS).list().getItems())
            .noneMatch(c -> c.getMetadata().getName().endsWith("-dashboard"))
            .allSatisfy(c -> assertThat(String.valueOf(c.getData())).doesNotContain("redis.default.svc"));
      });

      for (String kind : KINDS) {
        for (String name : names.get(kind)) {
          cr(kind).withName(name).delete();
        }
      }
      await("every example deleted (finalizers done)").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        for (String kind : KINDS) {
          assertThat(cr(kind).list().getItems()).as(kind).isEmpty();
        }
      });
    }

    /**
     * A Pipeline asks for authentication: a KafkaUser per component (kafkausers create), Strimzi's
     * User Operator (the test) writes their Secrets, copied into the components' namespace (secrets
     * create); the Secrets rotate and the Pipeline switches to tls (kafkausers update, secrets
     * update); authentication off again: the KafkaUsers go (kafkausers delete).
     */
    private void kafkaUsers() {
      String pipeline = "call-stats";
      var kafkaUsers = client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_USER)).inNamespace(STRIMZI_NAMESPACE);
      client.secrets().inNamespace(APPS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
          .withNewMetadata().withName("rbac-kafka").withLabels(Map.of(io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_LABEL,
              io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_VALUE)).endMetadata()
          .addToStringData("password", "operator").build()).create();
      editKafka(pipeline, k -> k.put("authentication", Map.of("type", "scram-sha-512", "secretRef", Map.of("name", "rbac-kafka"))));
      List<String> components = List.of("producer.call-generator", "worker.call-totals", "worker.long-calls");
      await("a KafkaUser per component").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
          kafkaUsers.list().getItems().stream().map(u -> u.getMetadata().getName()).toList())
          .containsAll(components.stream().map(c -> APPS + "." + pipeline + "." + c).toList())
          // and the operator's own, recorded on the Pipeline (pipelines patch)
          .contains(APPS + "." + pipeline + ".tributary-operator"));
      for (String c : components) {
        client.secrets().inNamespace(STRIMZI_NAMESPACE).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withNewMetadata().withName(APPS + "." + pipeline + "." + c).endMetadata()
            .addToStringData("password", "pw-1").addToStringData("user.crt", "CERT").addToStringData("user.key", "KEY")
            .build()).create();
      }
      await("the KafkaUsers' Secrets copied").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
          client.secrets().inNamespace(APPS).withName("call-generator-producer-kafka-user").get()).isNotNull());
      for (String c : components) {
        var secret = client.secrets().inNamespace(STRIMZI_NAMESPACE).withName(APPS + "." + pipeline + "." + c);
        secret.edit(s -> {
          s.setStringData(Map.of("password", "pw-2", "user.crt", "CERT-2", "user.key", "KEY-2"));
          return s;
        });
      }
      editKafka(pipeline, k -> k.put("authentication", Map.of("type", "tls", "secretRef", Map.of("name", "rbac-kafka"))));
      await("KafkaUsers switched to tls, the rotated Secrets copied").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(String.valueOf(kafkaUsers.withName(APPS + "." + pipeline + ".producer.call-generator").get()
            .getAdditionalProperties().get("spec"))).contains("type=tls");
        assertThat(client.secrets().inNamespace(APPS).withName("call-generator-producer-kafka-user").get().getData())
            .containsEntry("password", java.util.Base64.getEncoder().encodeToString("pw-2".getBytes()));
      });
      editKafka(pipeline, k -> k.remove("authentication"));
      await("the KafkaUsers deleted").atMost(Duration.ofSeconds(60))
          .until(() -> kafkaUsers.list().getItems().isEmpty());
    }

    private void editKafka(String pipeline, java.util.function.Consumer<Map<String, Object>> change) {
      edit("Pipeline", pipeline, p -> {
        Map<String, Object> kafka = new LinkedHashMap<>(map(spec(p).get("kafka")));
        change.accept(kafka);
        spec(p).put("kafka", kafka);
        return p;
      });
    }

    /** The Job controller and the kubelet do not run here: the test plays them. */
    private void finish(Job job, Instant at) {
      client.pods().inNamespace(APPS).resource(new PodBuilder()
          .withNewMetadata().withName(job.getMetadata().getName() + "-run").withLabels(Map.of("job-name", job.getMetadata().getName()))
          .endMetadata()
          .withNewSpec().addNewContainer().withName("etl").withImage("runtime").endContainer().endSpec()
          .withNewStatus().addNewContainerStatus().withName("etl").withNewState().withNewTerminated()
          .withExitCode(0).withMessage("{\"result\":\"Succeeded\",\"recordsLoaded\":3}").endTerminated().endState()
          .endContainerStatus().endStatus()
          .build()).create();
      String time = at.toString();
      job.setStatus(new JobStatusBuilder().withStartTime(time).withCompletionTime(time).withSucceeded(1)
          .addNewCondition().withType("Complete").withStatus("True").withLastTransitionTime(time).endCondition().build());
      client.batch().v1().jobs().inNamespace(APPS).resource(job).updateStatus();
    }

    /** The Jobs of the EtlSchedule {@code schedule}; of all of them when null. */
    private List<Job> jobs(String schedule) {
      var jobs = client.batch().v1().jobs().inNamespace(APPS);
      return schedule == null ? jobs.list().getItems() : jobs.withLabel(Labels.INSTANCE, schedule).list().getItems();
    }

    private Job runNowJob(String schedule, String request) {
      return jobs(schedule).stream().filter(j -> j.getMetadata().getAnnotations() != null
          && request.equals(j.getMetadata().getAnnotations().get(EtlModel.RUN_NOW_ANNOTATION))).findFirst().orElse(null);
    }

    private List<io.fabric8.kubernetes.api.model.Event> runNowWaiting(String schedule) {
      return client.v1().events().inNamespace(APPS).list().getItems().stream()
          .filter(e -> "RunNowWaiting".equals(e.getReason()) && schedule.equals(e.getInvolvedObject().getName())).toList();
    }

    private void createExamples() throws IOException {
      KINDS.forEach(k -> names.put(k, new ArrayList<>()));
      try (var files = Files.list(Repository.root().resolve("manifests/examples"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
          try (InputStream in = Files.newInputStream(file)) {
            for (HasMetadata item : client.load(in).items()) {
              GenericKubernetesResource resource =
                  Serialization.jsonMapper().convertValue(item, GenericKubernetesResource.class);
              resource.getMetadata().setNamespace(APPS);
              cr(resource.getKind()).resource(resource).create();
              names.get(resource.getKind()).add(resource.getMetadata().getName());
            }
          }
        }
      }
      assertThat(names.values()).as("examples of every kind").allSatisfy(n -> assertThat(n).isNotEmpty());
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
        cr(String kind) {
      return client.genericKubernetesResources(API_VERSION, kind).inNamespace(APPS);
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
        kafkaTopics() {
      return client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC)).inNamespace(STRIMZI_NAMESPACE);
    }

    /** Like {@code kubectl edit}: read, change, write; again when the operator wrote in between. */
    private void editAutoscaling(String worker, java.util.function.Consumer<Map<String, Object>> change) {
      edit("Worker", worker, w -> {
        Map<String, Object> autoscaling = new LinkedHashMap<>(map(spec(w).get("autoscaling")));
        change.accept(autoscaling);
        spec(w).put("autoscaling", autoscaling);
        return w;
      });
    }

    private void edit(String kind, String name, UnaryOperator<GenericKubernetesResource> change) {
      for (int attempt = 1; ; attempt++) {
        try {
          GenericKubernetesResource live = cr(kind).withName(name).get();
          if (live.getMetadata().getAnnotations() == null) {
            live.getMetadata().setAnnotations(new HashMap<>());
          }
          cr(kind).resource(change.apply(live)).update();
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409 || attempt >= 20) {
            throw e;
          }
        }
      }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
      return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
      return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> topics(GenericKubernetesResource pipeline) {
      List<Object> topics = new ArrayList<>((List<Object>) spec(pipeline).get("topics"));
      spec(pipeline).put("topics", topics);
      return topics;
    }
  }
}
