package io.tributary.operator.chart;

import io.tributary.operator.reconciler.UpstreamResources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.operator.model.EtlModel;
import io.tributary.operator.model.Labels;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.testing.Conflicts;
import io.tributary.operator.testing.StrimziKafkas;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The life of a small pipeline system on a real control plane, driven as users (and Strimzi's
 * topic operator, and the Job controller that does not run here) would drive it, so that the
 * operator uses every permission the chart grants:
 *
 * <ol>
 *   <li>created: a plain-Kafka Pipeline ({@code bootstrapServers}: the embedded broker) with an http
 *       Producer, an autoscaled Worker and an EtlSchedule, and a Strimzi Pipeline (its Kafka's status
 *       names the broker) whose Redis URL is in a Secret, with an autoscaled Redis-stream Worker;
 *   <li>scaled: a lag burst takes the Kafka Worker's Deployment to 6 replicas;
 *   <li>changed (a topic more, more partitions, other monitoring labels, another http port, another
 *       schedule, a run started by hand, a second one waiting for it and saying so again: a counted
 *       Event), the runs finished (the older run-now Job deleted beyond {@code spec.history}), the
 *       Worker handed to KEDA and back, the topic and the monitoring removed, the KafkaTopics
 *       reported ready, everything deleted.
 * </ol>
 *
 * Each step acts, then waits for what the operator must have done. The Tributary objects stay what
 * a user writes; nothing here knows about RBAC except {@link #ownerReferencesCheck}.
 */
final class RealClusterScenario {
  private static final String API_VERSION = "tributary.io/v1alpha1";
  private static final List<String> KINDS = List.of("Pipeline", "Producer", "Worker", "EtlSchedule");
  private static final String KAFKA_WORKER = "order-totals";

  /** Where things live: the operator's release, the pipelines, and the Strimzi Kafka cluster. */
  record Namespaces(String release, String apps, String kafka) {
    List<String> all() {
      return List.of(release, apps, kafka);
    }
  }

  /** Thrown when {@code stopWhen} became true: the scenario ends there. */
  static final class Stopped extends RuntimeException {
    private final String step;

    Stopped(String step) {
      super("stopped at step '" + step + "'");
      this.step = step;
    }

    String step() {
      return step;
    }
  }

  private final KubernetesClient admin;
  private final Namespaces ns;
  private final EmbeddedKafkaBroker kafka;
  private final String redisUrl;
  private final String run;
  private final String operatorUser;
  private final BooleanSupplier stopWhen;
  private final Consumer<Refusal> refusals;
  private final Duration stepTimeout;
  private final Set<ApiRequest.Permission> ownerReferencePermissions = new TreeSet<>();

  /**
   * @param run prefix of the Kafka topics and Redis keys of this run (the broker and Redis outlive it)
   * @param operatorUser the operator's user name, for the owner-reference check of admission
   * @param stopWhen checked while waiting: true ends the scenario with {@link Stopped}
   * @param refusals where {@link #ownerReferencesCheck} reports what the authorizer refused
   */
  RealClusterScenario(KubernetesClient admin, Namespaces ns, EmbeddedKafkaBroker kafka, String redisUrl, String run,
      String operatorUser, BooleanSupplier stopWhen, Consumer<Refusal> refusals, Duration stepTimeout) {
    this.admin = admin;
    this.ns = ns;
    this.kafka = kafka;
    this.redisUrl = redisUrl;
    this.run = run;
    this.operatorUser = operatorUser;
    this.stopWhen = stopWhen;
    this.refusals = refusals;
    this.stepTimeout = stepTimeout;
  }

  /**
   * What must exist before the operator starts: the Strimzi Kafka (its CRD installed by the
   * caller) with its status, the Redis URL Secret, the Redis stream's consumer group.
   */
  void prepare() {
    StrimziKafkas.publish(admin, ns.kafka(), "my-cluster", kafka.bootstrapServers());
    admin.secrets().inNamespace(ns.apps()).resource(new SecretBuilder().withNewMetadata().withName("redis").addToLabels(io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_LABEL, io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_VALUE).endMetadata()
        .addToStringData("url", redisUrl).build()).create();
    // the Worker reads the stream under its Pipeline's default key prefix <namespace>.ticks:
    RedisStreams.createGroup(redisUrl, io.tributary.runtime.config.KeyPrefix.derived(ns.apps(), "ticks") + stream(),
        "executors");
  }

  /** The whole life, step by step. */
  void run() {
    created();
    ownerReferencesCheck();
    scaled();
    changed();
    runFinished();
    handedToKedaAndBack();
    kafkaUsers();
    removed();
    // last but one: KafkaTopics are polled every 15 s, not watched, so waiting for Ready is slow
    topicsReady();
    deleted();
  }

  void created() {
    for (String yaml : objects()) {
      GenericKubernetesResource resource = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
      cr(resource.getKind()).resource(resource).create();
    }
    step("every kind reconciled", () -> {
      for (String kind : KINDS) {
        for (GenericKubernetesResource r : cr(kind).list().getItems()) {
          Map<String, Object> status = map(r.getAdditionalProperties().get("status"));
          assertThat(status.get("observedGeneration")).as("%s %s status.observedGeneration", kind, name(r))
              .isEqualTo(r.getMetadata().getGeneration().intValue());
          assertThat(list(status.get("conditions"))).as("%s %s conditions", kind, name(r))
              .anySatisfy(c -> assertThat(map(c).get("type")).isEqualTo("Ready"));
        }
      }
      assertThat(names(admin.apps().deployments().inNamespace(ns.apps()).list().getItems()))
          .contains("orders-api-producer", "order-totals-worker", "tick-tasks-worker");
      assertThat(names(admin.services().inNamespace(ns.apps()).list().getItems())).contains("orders-api-producer");
      assertThat(names(admin.configMaps().inNamespace(ns.apps()).list().getItems()))
          .contains("orders-api-producer-config", "order-totals-worker-config", "tick-tasks-worker-config",
              "orders-hourly-etl-config", "orders-pipeline-dashboard");
      assertThat(names(admin.batch().v1().cronjobs().inNamespace(ns.apps()).list().getItems()))
          .containsExactly("orders-hourly-etl");
      assertThat(names(admin.network().v1().networkPolicies().inNamespace(ns.apps()).list().getItems()))
          .containsExactlyInAnyOrder("orders-pipeline", "ticks-pipeline");
      for (UpstreamKind kind : List.of(UpstreamKind.POD_MONITOR, UpstreamKind.PROMETHEUS_RULE,
          UpstreamKind.GRAFANA_DASHBOARD)) {
        assertThat(upstream(kind, ns.apps()).list().getItems()).as(kind.kind).hasSize(1);
      }
      assertThat(kafkaTopics()).as("KafkaTopics of the Strimzi Pipeline (topic and DLQ)").hasSize(2);
      assertThat(condition(cr("Pipeline").withName("orders").get(), "Ready")).as("plain Pipeline Ready")
          .containsEntry("status", "True");
      assertThat(kafka.admin().listTopics().names().get()).contains(run + "-orders", run + "-orders.dlq");
      // read from the Strimzi Kafka's status, not the service-name convention
      assertThat(status(cr("Pipeline").withName("ticks").get())).containsEntry("bootstrapServers", kafka.bootstrapServers());
      assertThat(status(cr("Pipeline").withName("ticks").get()))
          .containsEntry("redisKeyPrefix", io.tributary.runtime.config.KeyPrefix.derived(ns.apps(), "ticks"));
    });
  }

  /**
   * OwnerReferencesPermissionEnforcement, which this API server does not enable (OpenShift does),
   * lets a child carry {@code blockOwnerDeletion} only for a user who may update the owner's
   * {@code finalizers}: ask the real authorizer that very question for every owner reference the
   * operator wrote, and report each "no".
   */
  void ownerReferencesCheck() {
    List<HasMetadata> children = new ArrayList<>();
    children.addAll(admin.apps().deployments().inNamespace(ns.apps()).list().getItems());
    children.addAll(admin.services().inNamespace(ns.apps()).list().getItems());
    children.addAll(admin.configMaps().inNamespace(ns.apps()).list().getItems());
    children.addAll(admin.batch().v1().cronjobs().inNamespace(ns.apps()).list().getItems());
    children.addAll(admin.network().v1().networkPolicies().inNamespace(ns.apps()).list().getItems());
    for (UpstreamKind kind : List.of(UpstreamKind.POD_MONITOR, UpstreamKind.PROMETHEUS_RULE,
        UpstreamKind.GRAFANA_DASHBOARD)) {
      children.addAll(upstream(kind, ns.apps()).list().getItems());
    }
    int checked = 0;
    for (HasMetadata child : children) {
      for (OwnerReference owner : child.getMetadata().getOwnerReferences()) {
        if (!Boolean.TRUE.equals(owner.getBlockOwnerDeletion())) {
          continue;
        }
        checked++;
        String resource = owner.getKind().toLowerCase() + "s";
        String group = owner.getApiVersion().split("/")[0];
        ownerReferencePermissions.add(new ApiRequest.Permission(group, resource + "/finalizers", "update"));
        var review = admin.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
            .withNewSpec().withUser(operatorUser)
            .withGroups("system:serviceaccounts", "system:serviceaccounts:" + ns.release(), "system:authenticated")
            .withNewResourceAttributes().withGroup(group).withResource(resource).withSubresource("finalizers")
            .withVerb("update").withNamespace(ns.apps()).withName(owner.getName()).endResourceAttributes()
            .endSpec().build());
        if (!Boolean.TRUE.equals(review.getStatus().getAllowed())) {
          refusals.accept(new Refusal(new ApiRequest(ns.apps(), group, resource + "/finalizers", "update"),
              "blockOwnerDeletion of " + child.getKind() + " " + name(child) + " on " + owner.getKind() + " "
                  + owner.getName() + ": SubjectAccessReview denied (" + review.getStatus().getReason() + ")"));
        }
      }
    }
    assertThat(checked).as("owner references with blockOwnerDeletion").isGreaterThanOrEqualTo(12);
    stopIfWanted("owner references");
  }

  /** What the owner references the operator wrote demand ({@code update} of the owners' finalizers). */
  Set<ApiRequest.Permission> ownerReferencePermissions() {
    return Set.copyOf(ownerReferencePermissions);
  }

  void scaled() {
    // nobody consumed these: the group starts from earliest, so all of it is lag (600 > 1 x 100)
    produce(run + "-orders", 600);
    step("the autoscaler scaled the Kafka Worker on its lag", () -> {
      assertThat(deployment(KAFKA_WORKER + "-worker").getSpec().getReplicas()).isEqualTo(6);
      assertThat(status(cr("Worker").withName(KAFKA_WORKER).get())).containsEntry("desiredReplicas", 6);
      // the Redis-stream Worker's URL is in a Secret: the autoscaler read it and observes the stream
      assertThat(condition(cr("Worker").withName("tick-tasks").get(), "ScalerHealthy")).containsEntry("status", "True");
    });
  }

  void topicsReady() {
    for (GenericKubernetesResource topic : kafkaTopics()) {
      topic.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));
      kafkaTopicsOp().resource(topic).updateStatus();
    }
    step("the Strimzi Pipeline is Ready once its KafkaTopics are", () ->
        assertThat(condition(cr("Pipeline").withName("ticks").get(), "Ready")).containsEntry("status", "True"));
  }

  void changed() {
    edit("Pipeline", "ticks", p -> {
      List<Object> topics = new ArrayList<>(list(spec(p).get("topics")));
      Map<String, Object> first = new LinkedHashMap<>(map(topics.get(0)));
      first.put("partitions", 4);
      topics.set(0, first);
      topics.add(Map.of("name", run + "-extra", "partitions", 1, "replicas", 1));
      spec(p).put("topics", topics);
      return p;
    });
    edit("Pipeline", "orders", p -> {
      Map<String, Object> labels = Map.of("labels", Map.of("team", "rbac"));
      spec(p).put("monitoring", Map.of("podMonitor", labels, "prometheusRule", labels,
          "dashboard", Map.of("labels", Map.of("grafana_dashboard", "1", "team", "rbac"),
              "grafanaInstanceLabels", Map.of("dashboards", "rbac"))));
      return p;
    });
    edit("Producer", "orders-api", p -> {
      spec(p).put("source", Map.of("http", Map.of("port", 8088, "path", "/v1/orders", "auth", "none")));
      return p;
    });
    edit("EtlSchedule", "orders-hourly", e -> {
      spec(e).put("schedule", "30 * * * *");
      e.getMetadata().getAnnotations().put(EtlModel.RUN_NOW_ANNOTATION, "rbac-" + run);
      return e;
    });
    step("children updated, a run started", () -> {
      assertThat(kafkaTopics()).as("KafkaTopics").hasSize(3)
          .anySatisfy(t -> assertThat(map(t.getAdditionalProperties().get("spec"))).containsEntry("partitions", 4));
      for (UpstreamKind kind : List.of(UpstreamKind.POD_MONITOR, UpstreamKind.PROMETHEUS_RULE)) {
        assertThat(upstream(kind, ns.apps()).list().getItems()).as(kind.kind)
            .singleElement().satisfies(m -> assertThat(m.getMetadata().getLabels()).containsEntry("team", "rbac"));
      }
      assertThat(upstream(UpstreamKind.GRAFANA_DASHBOARD, ns.apps()).list().getItems()).singleElement()
          .satisfies(d -> assertThat(String.valueOf(d.getAdditionalProperties().get("spec"))).contains("rbac"));
      assertThat(admin.services().inNamespace(ns.apps()).withName("orders-api-producer").get().getSpec().getPorts())
          .anySatisfy(port -> assertThat(port.getPort()).isEqualTo(8088));
      assertThat(admin.network().v1().networkPolicies().inNamespace(ns.apps()).withName("orders-pipeline").get()
          .getSpec().getIngress().get(0).getPorts()).singleElement()
          .satisfies(port -> assertThat(port.getPort().getStrVal()).as("the ingest port by name").isEqualTo("http"));
      assertThat(admin.batch().v1().cronjobs().inNamespace(ns.apps()).withName("orders-hourly-etl").get()
          .getSpec().getSchedule()).isEqualTo("30 * * * *");
      assertThat(admin.batch().v1().jobs().inNamespace(ns.apps()).list().getItems()).hasSize(1);
    });
    // another request while that run is active waits (concurrencyPolicy Forbid); the reconciliation
    // a look at the schedule brings says so again, and the Event counts the repeat
    edit("EtlSchedule", "orders-hourly", e -> {
      e.getMetadata().getAnnotations().put(EtlModel.RUN_NOW_ANNOTATION, "rbac-" + run + "-again");
      return e;
    });
    step("the second run-now request waits for the running one", () ->
        assertThat(runNowWaiting()).isNotEmpty());
    edit("EtlSchedule", "orders-hourly", e -> {
      e.getMetadata().getAnnotations().put("tributary.io/test-looked-at", "yes");
      return e;
    });
    step("the repeated RunNowWaiting Event counted on the first", () ->
        assertThat(runNowWaiting()).singleElement().satisfies(e -> assertThat(e.getCount()).isGreaterThan(1)));
  }

  private List<Event> runNowWaiting() {
    return admin.v1().events().inNamespace(ns.apps()).list().getItems().stream()
        .filter(e -> "RunNowWaiting".equals(e.getReason()) && "orders-hourly".equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /**
   * The first run finishes, the waiting request's run starts and finishes; {@code spec.history}
   * keeps one succeeded run-now Job, so the first goes.
   */
  void runFinished() {
    String again = "rbac-" + run + "-again";
    Job first = admin.batch().v1().jobs().inNamespace(ns.apps()).list().getItems().get(0);
    finish(first, Instant.now().minusSeconds(60));
    AtomicReference<Job> second = new AtomicReference<>();
    step("the waiting request's run started once the first finished", () -> second.set(
        admin.batch().v1().jobs().inNamespace(ns.apps()).list().getItems().stream()
            .filter(j -> j.getMetadata().getAnnotations() != null
                && again.equals(j.getMetadata().getAnnotations().get(EtlModel.RUN_NOW_ANNOTATION)))
            .findFirst().orElseThrow(() -> new AssertionError("no Job for " + again))));
    finish(second.get(), Instant.now());
    step("the run's summary (its pod's termination message) in the EtlSchedule's status, the older run-now Job"
        + " beyond spec.history deleted", () -> {
          assertThat(map(status(cr("EtlSchedule").withName("orders-hourly").get()).get("lastRun")))
              .containsEntry("result", "Succeeded").containsEntry("records", 3) // only the pod says 3
              .containsEntry("job", name(second.get()));
          assertThat(names(admin.batch().v1().jobs().inNamespace(ns.apps()).list().getItems()))
              .containsExactly(name(second.get()));
        });
  }

  /** The Job controller and the kubelet do not run here: the test plays them. */
  private void finish(Job job, Instant at) {
    var pods = admin.pods().inNamespace(ns.apps());
    var pod = pods.resource(new PodBuilder()
        .withNewMetadata().withName(job.getMetadata().getName() + "-run")
        .withLabels(Map.of("job-name", job.getMetadata().getName())).endMetadata()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("etl").withImage("runtime").endContainer()
        .endSpec().build()).create();
    pod.setStatus(new PodStatusBuilder().withPhase("Succeeded")
        .addNewContainerStatus().withName("etl").withImage("runtime").withImageID("").withReady(false)
        .withRestartCount(0).withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
        .withMessage("{\"result\":\"Succeeded\",\"records\":3}").endTerminated().endState()
        .endContainerStatus().build());
    pods.resource(pod).updateStatus();
    String now = at.toString();
    job.setStatus(new JobStatusBuilder().withStartTime(now).withCompletionTime(now).withSucceeded(1).withActive(0)
        .addNewCondition().withType("SuccessCriteriaMet").withStatus("True").withLastTransitionTime(now).endCondition()
        .addNewCondition().withType("Complete").withStatus("True").withLastTransitionTime(now).endCondition()
        .build());
    admin.batch().v1().jobs().inNamespace(ns.apps()).resource(job).updateStatus();
  }

  void handedToKedaAndBack() {
    var scaledObjects = upstream(UpstreamKind.SCALED_OBJECT, ns.apps());
    editAutoscaling(a -> a.put("engine", "keda"));
    step("ScaledObject created", () -> assertThat(scaledObjects.withName(KAFKA_WORKER + "-worker").get()).isNotNull());
    editAutoscaling(a -> a.put("lagThreshold", 700));
    step("ScaledObject updated", () -> assertThat(String.valueOf(
        scaledObjects.withName(KAFKA_WORKER + "-worker").get().getAdditionalProperties())).contains("700"));
    editAutoscaling(a -> a.put("engine", "builtin"));
    step("ScaledObject deleted", () -> assertThat(scaledObjects.withName(KAFKA_WORKER + "-worker").get()).isNull());
  }

  /**
   * The Strimzi Pipeline asks for authentication: the Worker gets a KafkaUser (validated by the
   * real API server against Strimzi's CRD), Strimzi's User Operator (the test) writes its Secret,
   * copied into the Worker's namespace; the Secret rotates and the Pipeline switches to tls
   * (KafkaUser and copy updated); authentication off again: the KafkaUser goes.
   */
  void kafkaUsers() {
    io.tributary.api.v1alpha1.Pipeline ticks = new io.tributary.api.v1alpha1.Pipeline();
    ticks.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("ticks").withNamespace(ns.apps()).build());
    // <namespace>.ticks.worker.tick-tasks, cut with a hash: the test's namespaces are long
    String user = io.tributary.operator.model.KafkaAcls.kafkaUserName(ticks,
        new io.tributary.operator.model.KafkaAcls.ComponentAcls("Worker", "tick-tasks", Set.of()));
    var kafkaUsers = upstream(UpstreamKind.KAFKA_USER, ns.kafka());
    admin.secrets().inNamespace(ns.apps()).resource(new SecretBuilder().withNewMetadata().withName("ticks-kafka")
        .withLabels(Map.of(io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_LABEL,
            io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_VALUE))
        .endMetadata().addToStringData("password", "operator").build()).create();
    editKafka(k -> k.put("authentication", Map.of("type", "scram-sha-512", "secretRef", Map.of("name", "ticks-kafka"))));
    step("a KafkaUser for the Worker", () -> assertThat(kafkaUsers.withName(user).get()).isNotNull());
    admin.secrets().inNamespace(ns.kafka()).resource(new SecretBuilder().withNewMetadata().withName(user).endMetadata()
        .addToStringData("password", "pw-1").addToStringData("user.crt", "CERT").addToStringData("user.key", "KEY")
        .build()).create();
    step("the KafkaUser's Secret copied, the pods use it", () -> {
      assertThat(admin.secrets().inNamespace(ns.apps()).withName("tick-tasks-worker-kafka-user").get()).isNotNull();
      assertThat(deployment("tick-tasks-worker").getSpec().getTemplate().getMetadata().getAnnotations())
          .containsKey("tributary.io/kafka-credentials-hash");
    });
    admin.secrets().inNamespace(ns.kafka()).withName(user).edit(s -> {
      s.setStringData(Map.of("password", "pw-2"));
      return s;
    });
    editKafka(k -> k.put("authentication", Map.of("type", "tls", "secretRef", Map.of("name", "ticks-kafka"))));
    step("the KafkaUser switched to tls, the rotated Secret copied", () -> {
      assertThat(String.valueOf(kafkaUsers.withName(user).get().getAdditionalProperties().get("spec"))).contains("type=tls");
      assertThat(admin.secrets().inNamespace(ns.apps()).withName("tick-tasks-worker-kafka-user").get().getData())
          .containsEntry("password", java.util.Base64.getEncoder().encodeToString("pw-2".getBytes()));
    });
    editKafka(k -> k.remove("authentication"));
    step("the KafkaUser deleted", () -> assertThat(kafkaUsers.withName(user).get()).isNull());
  }

  private void editKafka(Consumer<Map<String, Object>> change) {
    edit("Pipeline", "ticks", p -> {
      Map<String, Object> kafka = new LinkedHashMap<>(map(spec(p).get("kafka")));
      change.accept(kafka);
      spec(p).put("kafka", kafka);
      return p;
    });
  }

  void removed() {
    edit("Pipeline", "ticks", p -> {
      List<Object> topics = new ArrayList<>(list(spec(p).get("topics")));
      topics.removeIf(t -> map(t).get("name").equals(run + "-extra"));
      spec(p).put("topics", topics);
      return p;
    });
    edit("Pipeline", "orders", p -> {
      Map<String, Object> off = Map.of("enabled", false);
      spec(p).put("monitoring", Map.of("podMonitor", off, "prometheusRule", off, "dashboard", off));
      spec(p).put("networkPolicy", off);
      return p;
    });
    step("the extra KafkaTopic, the monitoring and the NetworkPolicy of orders removed", () -> {
      assertThat(names(admin.network().v1().networkPolicies().inNamespace(ns.apps()).list().getItems()))
          .containsExactly("ticks-pipeline");
      assertThat(kafkaTopics()).hasSize(2);
      for (UpstreamKind kind : List.of(UpstreamKind.POD_MONITOR, UpstreamKind.PROMETHEUS_RULE,
          UpstreamKind.GRAFANA_DASHBOARD)) {
        assertThat(upstream(kind, ns.apps()).list().getItems()).as(kind.kind).isEmpty();
      }
      assertThat(names(admin.configMaps().inNamespace(ns.apps()).list().getItems()))
          .doesNotContain("orders-pipeline-dashboard");
    });
  }

  void deleted() {
    for (String kind : KINDS) {
      cr(kind).delete();
    }
    step("everything deleted: the finalizers done, the children collected", () -> {
      for (String kind : KINDS) {
        assertThat(cr(kind).list().getItems()).as(kind).isEmpty();
      }
      // Retain: the Strimzi Pipeline let go of its KafkaTopics (kept in Kafka) and removed them
      assertThat(kafkaTopics()).as("KafkaTopics").isEmpty();
      assertThat(admin.apps().deployments().inNamespace(ns.apps()).list().getItems()).as("Deployments").isEmpty();
    });
  }

  /** Removes what holds namespace deletion back when the operator could not (finalizers). */
  void releaseFinalizers() {
    for (GenericKubernetesResource pipeline : cr("Pipeline").list().getItems()) {
      try {
        cr("Pipeline").withName(name(pipeline)).edit(p -> {
          p.getMetadata().setFinalizers(List.of());
          return p;
        });
      } catch (KubernetesClientException gone) {
        // deleted meanwhile
      }
    }
  }

  private List<String> objects() {
    return List.of("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: orders, namespace: %1$s}
        spec:
          kafka: {bootstrapServers: "%2$s"}
          redis: {url: "%3$s"}
          topics:
            - {name: %4$s-orders, partitions: 6, replicas: 1, retention: 1d}
          deadLetter: {topic: %4$s-orders.dlq}
          monitoring:
            podMonitor: {enabled: true}
            prometheusRule: {enabled: true}
            dashboard: {enabled: true, labels: {grafana_dashboard: "1"}}
        """, """
        apiVersion: tributary.io/v1alpha1
        kind: Producer
        metadata: {name: orders-api, namespace: %1$s}
        spec:
          pipeline: orders
          topic: %4$s-orders
          key: order_id
          source: {http: {port: 8080, path: /v1/orders, auth: none}}
        """, """
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: order-totals, namespace: %1$s}
        spec:
          pipeline: orders
          input: {topic: {name: %4$s-orders}}
          processors: [{log: {}}]
          autoscaling: {minReplicas: 1, maxReplicas: 6, lagThreshold: 100, pollIntervalSeconds: 1}
        """, """
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: orders-hourly, namespace: %1$s}
        spec:
          pipeline: orders
          schedule: "0 * * * *"
          extract: {topic: {name: %4$s-orders}}
          load: {redisHash: {key: "orders:{merchant}"}}
          history: {successful: 1, failed: 1}
        """, """
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: ticks, namespace: %1$s}
        spec:
          kafka: {strimzi: {cluster: my-cluster, namespace: %5$s}}
          redis: {urlSecretRef: {name: redis, key: url}}
          topics:
            - {name: %4$s-ticks, partitions: 3, replicas: 1}
          deadLetter: {topic: %4$s-ticks.dlq}
          monitoring:
            podMonitor: {enabled: false}
            prometheusRule: {enabled: false}
            dashboard: {enabled: false}
          topicDeletionPolicy: Retain
        """, """
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: tick-tasks, namespace: %1$s}
        spec:
          pipeline: ticks
          input: {redisStream: {stream: "%6$s", group: executors}}
          processors: [{store: {key: "ticks:{symbol}:history", maxLen: 10}}]
          autoscaling: {minReplicas: 1, maxReplicas: 3, lagThreshold: 100, pollIntervalSeconds: 1}
        """).stream().map(y -> y.formatted(ns.apps(), kafka.bootstrapServers(), redisUrl, run, ns.kafka(), stream()))
        .toList();
  }

  private String stream() {
    return run + ":tasks";
  }

  /** Waits until {@code expectation} holds or {@code stopWhen} is true (then {@link Stopped}). */
  /** What a step waits for: assertions, and reads that may throw. */
  private interface Expectation {
    void check() throws Exception;
  }

  private void step(String name, Expectation expectation) {
    AtomicReference<Throwable> last = new AtomicReference<>();
    try {
      await(name).atMost(stepTimeout).pollInterval(Duration.ofMillis(250)).until(() -> {
        if (stopWhen.getAsBoolean()) {
          return true;
        }
        try {
          expectation.check();
          return true;
        } catch (AssertionError | Exception notYet) {
          if (!Thread.currentThread().isInterrupted()) { // Awaitility's timeout interrupts the last read
            last.set(notYet);
          }
          return false;
        }
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("step '" + name + "' did not complete in " + stepTimeout.toSeconds() + " s: "
          + (last.get() == null ? "" : last.get().getMessage()), last.get());
    }
    stopIfWanted(name);
  }

  private void stopIfWanted(String step) {
    if (stopWhen.getAsBoolean()) {
      throw new Stopped(step);
    }
  }

  private void produce(String topic, int count) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, i % 6, null, "{\"order_id\":\"o\"}".getBytes()));
      }
    }
  }

  private void editAutoscaling(Consumer<Map<String, Object>> change) {
    edit("Worker", KAFKA_WORKER, w -> {
      Map<String, Object> autoscaling = new LinkedHashMap<>(map(spec(w).get("autoscaling")));
      change.accept(autoscaling);
      spec(w).put("autoscaling", autoscaling);
      return w;
    });
  }

  /** Like {@code kubectl edit}: read, change, write; again when the operator wrote in between. */
  private void edit(String kind, String name, UnaryOperator<GenericKubernetesResource> change) {
    Conflicts.retry(() -> {
      GenericKubernetesResource live = cr(kind).withName(name).get();
      if (live.getMetadata().getAnnotations() == null) {
        live.getMetadata().setAnnotations(new HashMap<>());
      }
      Map<String, Object> spec = new LinkedHashMap<>(spec(live));
      live.setAdditionalProperty("spec", spec);
      return cr(kind).resource(change.apply(live)).update();
    });
  }

  private Deployment deployment(String name) {
    Deployment d = admin.apps().deployments().inNamespace(ns.apps()).withName(name).get();
    assertThat(d).as("Deployment %s", name).isNotNull();
    return d;
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      cr(String kind) {
    return admin.genericKubernetesResources(API_VERSION, kind).inNamespace(ns.apps());
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      upstream(UpstreamKind kind, String namespace) {
    return admin.genericKubernetesResources(UpstreamResources.context(kind)).inNamespace(namespace);
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      kafkaTopicsOp() {
    return admin.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC)).inNamespace(ns.kafka());
  }

  /** The Strimzi Pipeline's KafkaTopics. */
  private List<GenericKubernetesResource> kafkaTopics() {
    return kafkaTopicsOp().withLabel(Labels.PIPELINE, "ticks").list().getItems();
  }

  private static Map<String, Object> status(GenericKubernetesResource r) {
    assertThat(r).isNotNull();
    return map(r.getAdditionalProperties().get("status"));
  }

  private static Map<String, Object> condition(GenericKubernetesResource r, String type) {
    return list(status(r).get("conditions")).stream().map(RealClusterScenario::map)
        .filter(c -> type.equals(c.get("type"))).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status(r)));
  }

  private static List<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(RealClusterScenario::name).toList();
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
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
  private static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }
}
