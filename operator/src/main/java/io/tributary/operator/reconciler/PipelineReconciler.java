package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.PipelineStatus;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.TopicDeletionPolicy;
import io.tributary.api.v1alpha1.TopicStatus;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.model.Labels;
import io.tributary.operator.model.MonitoringModel;
import io.tributary.operator.model.NetworkPolicyModel;
import io.tributary.operator.model.Ownership;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.SecretReferences;
import io.tributary.operator.model.TopicModel;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.operator.topics.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Pipeline -> Kafka topics (Strimzi KafkaTopics, or the Admin API for plain Kafka), PodMonitor,
 * PrometheusRule, dashboard ConfigMap and GrafanaDashboard, each optional kind only where its CRD
 * is served, and the NetworkPolicy of its pods (unless {@code spec.networkPolicy.enabled: false}); the status says what was skipped and why. {@code topicDeletionPolicy} is honoured by the finalizer
 * ({@link #cleanup}).
 *
 * <p>Conditions: {@code Ready} (the topics are ready and no child is in conflict), {@code
 * TopicsReady}, {@code Monitoring}, and with Strimzi and {@code spec.kafka.authentication} {@code
 * KafkaUserReady}: whether the operator's own KafkaUser ({@link OperatorKafkaUser}) has its Secret,
 * which the operator's lag reads, dead-letter scans, replays and redrives need.
 *
 * <p>Ownership (DESIGN "Ownership"): a KafkaTopic, dashboard ConfigMap, PodMonitor, … that exists
 * and is not this Pipeline's ({@link io.tributary.operator.model.Ownership}) is left untouched and
 * makes {@code Ready=False} with reason {@value OwnershipConflictException#REASON} naming it and its
 * owner; only this Pipeline's KafkaTopics are swept or deleted, and with plain Kafka only the topics
 * it created ({@code status.createdTopics}) are deleted.
 */
@ControllerConfiguration(name = "pipeline")
public final class PipelineReconciler implements Reconciler<Pipeline>, Cleaner<Pipeline> {
  static final String TOPICS_READY = "TopicsReady";
  static final String MONITORING = "Monitoring";
  /** Annotation that makes Strimzi's topic operator let go of a topic (kept in Kafka on deletion). */
  static final String STRIMZI_MANAGED = "strimzi.io/managed";
  private static final Duration TOPIC_POLL = Duration.ofSeconds(15);
  private static final Duration CLEANUP_RETRY = Duration.ofSeconds(30);

  private final OperatorServices services;
  private final FinalizerDeadline finalizerDeadline;

  public PipelineReconciler(OperatorServices services) {
    this.services = services;
    this.finalizerDeadline = new FinalizerDeadline(services.settings().finalizerTimeout(), services.clock());
  }

  /**
   * Producers, Workers and EtlSchedules trigger their Pipeline, for the counts, the lag and the
   * NetworkPolicy's ports. The Pipeline's own children are not watched: each reconciliation puts
   * back what was changed or deleted (an informer on them would also re-run the reconciliation
   * right after each of its own writes, on a cached Pipeline whose status may be older).
   */
  @Override
  public List<EventSource<?, Pipeline>> prepareEventSources(EventSourceContext<Pipeline> context) {
    return List.of(
        component(Producer.class, p -> p.getSpec().getPipeline(), context),
        component(Worker.class, w -> w.getSpec().getPipeline(), context),
        component(EtlSchedule.class, e -> e.getSpec().getPipeline(), context));
  }

  private static <C extends HasMetadata> InformerEventSource<C, Pipeline> component(
      Class<C> kind, Function<C, String> pipelineOf, EventSourceContext<Pipeline> context) {
    var config =
        InformerEventSourceConfiguration.from(kind, Pipeline.class)
            .withName("pipeline-" + kind.getSimpleName().toLowerCase())
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(
                c -> {
                  String pipeline = pipelineOf.apply(c);
                  return pipeline == null ? Set.of() : Set.of(new ResourceID(pipeline, c.getMetadata().getNamespace()));
                })
            .build();
    return new InformerEventSource<>(config, context);
  }

  @Override
  public UpdateControl<Pipeline> reconcile(Pipeline pipeline, Context<Pipeline> context) {
    try {
      return reconcileNow(pipeline, context);
    } finally {
      services.meters().counter("tributary.reconciliations", "kind", "Pipeline").increment();
    }
  }

  private UpdateControl<Pipeline> reconcileNow(Pipeline pipeline, Context<Pipeline> context) {
    PipelineStatus status = StatusUpdates.copyOf(pipeline.getStatus(), PipelineStatus::new);
    Optional<Verdict> secrets = SecretGate.check(services, pipeline.getMetadata().getNamespace(),
        SecretReferences.of(pipeline));
    if (secrets.isPresent()) {
      // a Secret that did not opt in: not read, no topic or monitoring object touched
      StatusUpdates.conditions(services.conditions(), pipeline, status, List.of(Workloads.notReady(secrets.get())));
      return StatusUpdates.patchIfChanged(pipeline, status).rescheduleAfter(services.settings().rechecks().refused());
    }
    status.setBootstrapServers(KafkaAccess.bootstrapServers(services, pipeline));
    status.setRedisKeyPrefix(pipeline.getSpec().getRedis() == null ? null : PipelineWiring.redisKeyPrefix(pipeline));
    Optional<Verdict> hosts = HostGate.check(services, pipeline, KafkaAccess.wiring(services, pipeline));
    if (hosts.isPresent()) {
      // no connection to a host the operator may not reach: no topic, ACL or lag call
      StatusUpdates.conditions(services.conditions(), pipeline, status, List.of(Workloads.notReady(hosts.get())));
      return StatusUpdates.patchIfChanged(pipeline, status);
    }
    TopicsOutcome topics = pipeline.getSpec().getKafka().getStrimzi() != null
        ? strimziTopics(pipeline)
        : adminTopics(pipeline, status);
    status.setTopics(topics.states());
    List<String> conflicts = new ArrayList<>(topics.conflicts());
    Condition monitoring = monitoring(pipeline, context, conflicts);
    networkPolicy(pipeline, context, status.getBootstrapServers(), conflicts);
    // the operator's own KafkaUser, with the ACLs of the Workers as they are now (Workers are watched)
    OperatorKafkaUser.Outcome ownUser = OperatorKafkaUser.ensure(services, pipeline, workersOf(pipeline, context));
    if (ownUser.conflict() != null) {
      conflicts.add(ownUser.conflict());
    }
    counts(pipeline, context, status);

    List<Condition> conditions = new ArrayList<>();
    conditions.add(conflicts.isEmpty()
        ? ConditionsHelper.condition(ConditionsHelper.READY, topics.ready(), topics.reason(), topics.message())
        : ConditionsHelper.condition(ConditionsHelper.READY, false, OwnershipConflictException.REASON,
            String.join("; ", conflicts)));
    conditions.add(ConditionsHelper.condition(TOPICS_READY, topics.ready(), topics.reason(), topics.message()));
    conditions.add(monitoring);
    ownUser.condition().ifPresent(conditions::add);
    StatusUpdates.conditions(services.conditions(), pipeline, status, conditions);
    ownUser.dropIfGone(status.getConditions());
    UpdateControl<Pipeline> control = StatusUpdates.patchIfChanged(pipeline, status);
    // KafkaTopics are not watched (their CRD may come and go): poll until they are ready; nor is
    // the operator's KafkaUser Secret (another namespace): look again for it, or for its rotation
    Optional<Duration> again = topics.ready() && conflicts.isEmpty() ? Optional.empty() : Optional.of(TOPIC_POLL);
    if (ownUser.recheck().isPresent() && (again.isEmpty() || ownUser.recheck().get().compareTo(again.get()) < 0)) {
      again = ownUser.recheck();
    }
    return again.isEmpty() ? control : control.rescheduleAfter(again.get());
  }

  /** {@code conflicts}: the objects in the way (their owner named); nothing was written then. */
  private record TopicsOutcome(boolean ready, String reason, String message, List<TopicStatus> states,
      List<String> conflicts) {
    TopicsOutcome(boolean ready, String reason, String message, List<TopicStatus> states) {
      this(ready, reason, message, states, List.of());
    }
  }

  private TopicsOutcome strimziTopics(Pipeline pipeline) {
    List<TopicModel.DeclaredTopic> declared = TopicModel.declared(pipeline);
    if (!services.capabilities().served(UpstreamKind.KAFKA_TOPIC)) {
      String why = ApiCapabilities.whySkipped(UpstreamKind.KAFKA_TOPIC);
      return new TopicsOutcome(false, "KafkaTopicCrdMissing", why,
          declared.stream().map(t -> topicStatus(t.name(), false, "not created: CRD missing")).toList());
    }
    List<GenericKubernetesResource> existing = services.client()
        .genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC))
        .inNamespace(TopicModel.topicNamespace(pipeline)).list().getItems();
    List<TopicModel.Placement> placements = declared.stream()
        .map(t -> TopicModel.place(pipeline, TopicModel.kafkaTopic(pipeline, t), existing)).toList();
    List<String> conflicts = placements.stream().map(TopicModel.Placement::conflict).filter(Objects::nonNull).toList();
    if (!conflicts.isEmpty()) {
      // all or nothing: no KafkaTopic is written (or swept) while one is in another's way
      List<TopicStatus> states = new ArrayList<>();
      for (int i = 0; i < declared.size(); i++) {
        String conflict = placements.get(i).conflict();
        states.add(topicStatus(declared.get(i).name(), false, conflict == null ? "not applied: ownership conflict" : conflict));
      }
      return new TopicsOutcome(false, OwnershipConflictException.REASON, String.join("; ", conflicts), states, conflicts);
    }
    List<TopicStatus> states = new ArrayList<>();
    List<String> desiredNames = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      GenericKubernetesResource kafkaTopic = placements.get(i).kafkaTopic();
      desiredNames.add(kafkaTopic.getMetadata().getName());
      services.children().apply(pipeline, kafkaTopic);
      GenericKubernetesResource live = services.children().get(kafkaTopic);
      states.add(strimziState(declared.get(i).name(), live));
    }
    for (GenericKubernetesResource stale : ownedKafkaTopics(pipeline)) {
      if (!desiredNames.contains(stale.getMetadata().getName())) {
        removeKafkaTopic(pipeline, stale);
      }
    }
    long notReady = states.stream().filter(s -> !Boolean.TRUE.equals(s.getReady())).count();
    return notReady == 0
        ? new TopicsOutcome(true, "TopicsReady", states.size() + " KafkaTopics ready", states)
        : new TopicsOutcome(false, "TopicsNotReady", notReady + " of " + states.size()
            + " KafkaTopics not ready yet (Strimzi's topic operator reports Ready)", states);
  }

  @SuppressWarnings("unchecked")
  private static TopicStatus strimziState(String topic, GenericKubernetesResource live) {
    Object statusObject = live == null ? null : live.getAdditionalProperties().get("status");
    if (statusObject instanceof Map<?, ?> status && status.get("conditions") instanceof List<?> conditions) {
      for (Object c : conditions) {
        if (c instanceof Map<?, ?> condition && "Ready".equals(condition.get("type"))) {
          boolean ready = "True".equals(condition.get("status"));
          Object message = condition.get("message");
          return topicStatus(topic, ready, ready ? "ready" : Objects.toString(message, "not ready"));
        }
      }
    }
    return topicStatus(topic, false, "waiting for the topic operator");
  }

  /** Plain Kafka; records in {@code status.createdTopics} the topics this Pipeline created. */
  private TopicsOutcome adminTopics(Pipeline pipeline, PipelineStatus status) {
    List<TopicAdmin.TopicSpec> specs = TopicModel.declared(pipeline).stream().map(TopicAdmin.TopicSpec::of).toList();
    try {
      List<TopicAdmin.TopicState> states = topicAdmin(pipeline).ensure(specs);
      List<String> created = TopicModel.createdTopics(pipeline, status.getCreatedTopics(),
          states.stream().filter(TopicAdmin.TopicState::created).map(TopicAdmin.TopicState::name).toList());
      status.setCreatedTopics(created.isEmpty() ? null : created);
      List<TopicStatus> statuses = states.stream().map(s -> topicStatus(s.name(), s.ready(), s.message())).toList();
      long notReady = states.stream().filter(s -> !s.ready()).count();
      return notReady == 0
          ? new TopicsOutcome(true, "TopicsReady", states.size() + " topics ready (Kafka Admin API)", statuses)
          : new TopicsOutcome(false, "TopicsNotReady", states.stream().filter(s -> !s.ready())
              .map(s -> s.name() + ": " + s.message()).reduce((a, b) -> a + "; " + b).orElse(""), statuses);
    } catch (KafkaAccess.KafkaCredentialsException e) {
      return new TopicsOutcome(false, "KafkaCredentialsMissing", e.getMessage(),
          specs.stream().map(s -> topicStatus(s.name(), false, "Kafka credentials missing")).toList());
    } catch (RuntimeException e) {
      services.events().warning(pipeline, "KafkaUnavailable", "topics not managed: " + e.getMessage());
      return new TopicsOutcome(false, "KafkaUnavailable",
          "spec.kafka.bootstrapServers: cannot manage topics at " + PipelineWiring.bootstrapServers(pipeline) + ": "
              + e.getMessage(),
          specs.stream().map(s -> topicStatus(s.name(), false, "Kafka unavailable")).toList());
    }
  }

  /** The Admin API of a plain-Kafka Pipeline, with its TLS and authentication settings. */
  private TopicAdmin topicAdmin(Pipeline pipeline) {
    PipelineWiring wiring = KafkaAccess.wiring(services, pipeline);
    return services.topicAdmins().forCluster(wiring.kafka().bootstrapServers(),
        KafkaAccess.adminProperties(services, pipeline, wiring));
  }

  /** The Monitoring condition; an object in another's way is added to {@code conflicts}, not written. */
  private Condition monitoring(Pipeline pipeline, Context<Pipeline> context, List<String> conflicts) {
    List<String> applied = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int conflictsBefore = conflicts.size();
    optionalChild(pipeline, UpstreamKind.POD_MONITOR, MonitoringModel.podMonitorEnabled(pipeline),
        MonitoringModel.podMonitor(pipeline), applied, skipped, conflicts);
    optionalChild(pipeline, UpstreamKind.PROMETHEUS_RULE, MonitoringModel.prometheusRuleEnabled(pipeline),
        MonitoringModel.prometheusRule(pipeline, workersOf(pipeline, context)), applied, skipped, conflicts);
    var dashboard = MonitoringModel.dashboardConfigMap(pipeline);
    boolean dashboardEnabled = MonitoringModel.dashboardEnabled(pipeline);
    if (dashboardEnabled) {
      if (applyUnlessConflict(pipeline, dashboard, conflicts)) {
        applied.add("dashboard ConfigMap " + dashboard.getMetadata().getName());
      }
    } else {
      services.children().delete(pipeline, dashboard);
    }
    // the ConfigMap already serves Grafana's sidecar: without the grafana-operator nothing is
    // missing, so its absence is said in the message but does not turn Monitoring False
    List<String> notes = new ArrayList<>();
    optionalChild(pipeline, UpstreamKind.GRAFANA_DASHBOARD, dashboardEnabled,
        MonitoringModel.grafanaDashboard(pipeline), applied, notes, conflicts);
    if (conflicts.size() > conflictsBefore) {
      return ConditionsHelper.condition(MONITORING, false, OwnershipConflictException.REASON,
          String.join("; ", conflicts.subList(conflictsBefore, conflicts.size())));
    }
    List<String> unapplied = new ArrayList<>(skipped);
    unapplied.addAll(notes);
    String message = (applied.isEmpty() ? "" : "applied: " + String.join(", ", applied))
        + (unapplied.isEmpty() ? "" : (applied.isEmpty() ? "" : "; ") + String.join("; ", unapplied));
    return skipped.isEmpty()
        ? ConditionsHelper.condition(MONITORING, true, "Applied", message.isEmpty() ? "monitoring disabled" : message)
        : ConditionsHelper.condition(MONITORING, false, "Skipped", message);
  }

  /**
   * The Pipeline's NetworkPolicy ({@link NetworkPolicyModel}), or its removal with
   * {@code spec.networkPolicy.enabled: false}; one in another's way is added to {@code conflicts}.
   */
  private void networkPolicy(Pipeline pipeline, Context<Pipeline> context, String bootstrapServers,
      List<String> conflicts) {
    if (!NetworkPolicyModel.enabled(pipeline)) {
      services.children().delete(pipeline, NetworkPolicyModel.reference(pipeline));
      return;
    }
    applyUnlessConflict(pipeline, NetworkPolicyModel.networkPolicy(pipeline, bootstrapServers,
        context.getSecondaryResourcesAsStream(Producer.class).toList(),
        context.getSecondaryResourcesAsStream(EtlSchedule.class).toList()), conflicts);
  }

  private void optionalChild(Pipeline pipeline, UpstreamKind kind, boolean enabled, GenericKubernetesResource desired,
      List<String> applied, List<String> skipped, List<String> conflicts) {
    if (!services.capabilities().served(kind)) {
      if (enabled) {
        skipped.add(ApiCapabilities.whySkipped(kind));
      }
      return;
    }
    if (enabled) {
      if (applyUnlessConflict(pipeline, desired, conflicts)) {
        applied.add(kind.kind + " " + desired.getMetadata().getName());
      }
    } else {
      services.children().delete(pipeline, desired);
    }
  }

  /** Applies {@code desired}, or adds to {@code conflicts} why not; returns whether it was applied. */
  private boolean applyUnlessConflict(Pipeline pipeline, HasMetadata desired, List<String> conflicts) {
    try {
      services.children().apply(pipeline, desired);
      return true;
    } catch (OwnershipConflictException e) {
      conflicts.add(e.getMessage());
      return false;
    }
  }

  /**
   * The Pipeline's Workers by name (the rule records each one's lagThreshold and maxReplicas; a
   * stable order keeps the rendered rule, and so the writes, the same between reconciles).
   */
  private static List<Worker> workersOf(Pipeline pipeline, Context<Pipeline> context) {
    String name = pipeline.getMetadata().getName();
    return context.getSecondaryResourcesAsStream(Worker.class)
        .filter(w -> name.equals(w.getSpec().getPipeline()))
        .sorted(java.util.Comparator.comparing(w -> w.getMetadata().getName()))
        .toList();
  }

  private void counts(Pipeline pipeline, Context<Pipeline> context, PipelineStatus status) {
    String name = pipeline.getMetadata().getName();
    status.setProducers((int) context.getSecondaryResourcesAsStream(Producer.class)
        .filter(p -> name.equals(p.getSpec().getPipeline())).count());
    List<Worker> workers = context.getSecondaryResourcesAsStream(Worker.class)
        .filter(w -> name.equals(w.getSpec().getPipeline())).toList();
    status.setWorkers(workers.size());
    status.setSchedules((int) context.getSecondaryResourcesAsStream(EtlSchedule.class)
        .filter(e -> name.equals(e.getSpec().getPipeline())).count());
    long lag = workers.stream().map(w -> w.getStatus() == null ? null : w.getStatus().getLag())
        .filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    boolean anyLag = workers.stream().anyMatch(w -> w.getStatus() != null && w.getStatus().getLag() != null);
    status.setTotalLag(anyLag ? lag : null);
  }

  /**
   * The finalizer: the operator's own KafkaUser goes ({@link OperatorKafkaUser#delete}); {@code
   * Delete} removes the topics (KafkaTopics, or via the Admin API);
   * {@code Retain} keeps them in Kafka — KafkaTopics are first marked {@code strimzi.io/managed:
   * "false"} so that removing them (here, or by garbage collection) leaves the Kafka topics alone.
   * Other children go by garbage collection (owner references).
   *
   * <p>A cleanup that fails (Kafka unreachable, its credentials Secret deleted) is retried until
   * {@link OperatorSettings#finalizerTimeout()} has passed since the deletion; then the finalizer
   * gives up with a Warning Event naming what may be left in Kafka, so that neither the Pipeline
   * nor a namespace being deleted stays {@code Terminating} forever.
   */
  @Override
  public DeleteControl cleanup(Pipeline pipeline, Context<Pipeline> context) {
    try {
      OperatorKafkaUser.delete(services, pipeline);
    } catch (RuntimeException e) {
      String user = "the operator's KafkaUser " + io.tributary.operator.model.KafkaAcls.operatorKafkaUserName(pipeline)
          + " in namespace " + TopicModel.topicNamespace(pipeline);
      return finalizerDeadline.failed(services.events(), pipeline, user, user
          + " may remain (its credentials keep working until it is deleted)", e, CLEANUP_RETRY);
    }
    boolean delete = pipeline.getSpec().getTopicDeletionPolicy() == TopicDeletionPolicy.DELETE;
    try {
      if (pipeline.getSpec().getKafka().getStrimzi() != null) {
        if (services.capabilities().served(UpstreamKind.KAFKA_TOPIC)) {
          for (GenericKubernetesResource topic : ownedKafkaTopics(pipeline)) {
            if (delete) {
              services.children().delete(pipeline, topic);
            } else {
              removeKafkaTopic(pipeline, topic);
            }
          }
        }
      } else if (delete) {
        deleteCreatedTopics(pipeline);
      }
      return DeleteControl.defaultDelete();
    } catch (RuntimeException e) {
      return cleanupFailed(pipeline, e);
    }
  }

  /**
   * Plain Kafka, {@code Delete}: deletes the topics this Pipeline created ({@code
   * status.createdTopics}); a topic that existed before (or whose creation was not recorded, as with
   * Pipelines last reconciled by an older version) is kept, and an Event says so.
   */
  private void deleteCreatedTopics(Pipeline pipeline) {
    List<String> created = TopicModel.createdTopics(pipeline,
        pipeline.getStatus() == null ? null : pipeline.getStatus().getCreatedTopics(), List.of());
    List<String> kept = topicNames(pipeline).stream().filter(t -> !created.contains(t)).toList();
    if (!created.isEmpty()) {
      topicAdmin(pipeline).delete(created);
      services.events().normal(pipeline, "TopicsDeleted", "deleted Kafka topics " + String.join(", ", created));
    }
    if (!kept.isEmpty()) {
      services.events().normal(pipeline, "TopicsKept", "kept Kafka topics " + String.join(", ", kept)
          + ": not created by this Pipeline (status.createdTopics)");
    }
  }

  private DeleteControl cleanupFailed(Pipeline pipeline, RuntimeException e) {
    return finalizerDeadline.failed(services.events(), pipeline, "topics", leftBehind(pipeline), e, CLEANUP_RETRY);
  }

  /** What an abandoned cleanup may leave, for the Event that says so. */
  private static String leftBehind(Pipeline pipeline) {
    String topics = String.join(", ", topicNames(pipeline));
    return pipeline.getSpec().getKafka().getStrimzi() != null
        ? "the KafkaTopics of " + topics + " in namespace " + TopicModel.topicNamespace(pipeline) + " may remain"
        : "Kafka topics " + topics + " may remain in Kafka";
  }

  private static List<String> topicNames(Pipeline pipeline) {
    return TopicModel.declared(pipeline).stream().map(TopicModel.DeclaredTopic::name).toList();
  }

  /**
   * Removes a KafkaTopic the Pipeline no longer declares (or on deletion): per policy, with
   * {@code Retain} the Kafka topic stays.
   */
  private void removeKafkaTopic(Pipeline pipeline, GenericKubernetesResource topic) {
    if (pipeline.getSpec().getTopicDeletionPolicy() != TopicDeletionPolicy.DELETE) {
      var annotations = topic.getMetadata().getAnnotations();
      if (annotations == null || !"false".equals(annotations.get(STRIMZI_MANAGED))) {
        services.children().handle(topic).edit(t -> {
          t.getMetadata().getAnnotations().put(STRIMZI_MANAGED, "false");
          return t;
        });
      }
    }
    services.children().delete(pipeline, topic);
  }

  /**
   * The KafkaTopics this Pipeline created: labelled for a Pipeline of its name and {@link
   * Ownership.Claim#OURS} — a same-named Pipeline of another namespace labels its KafkaTopics alike
   * in a shared Strimzi namespace, and a legacy one not yet taken over is never swept.
   */
  private List<GenericKubernetesResource> ownedKafkaTopics(Pipeline pipeline) {
    return services.client().genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC))
        .inNamespace(TopicModel.topicNamespace(pipeline))
        .withLabel(Labels.PIPELINE, pipeline.getMetadata().getName())
        .withLabel(Labels.COMPONENT, TopicModel.TOPIC)
        .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .list().getItems().stream()
        .filter(t -> Ownership.claim(pipeline, t) == Ownership.Claim.OURS)
        .toList();
  }

  private static TopicStatus topicStatus(String name, boolean ready, String message) {
    TopicStatus s = new TopicStatus();
    s.setName(name);
    s.setReady(ready);
    s.setMessage(message);
    return s;
  }

  @Override
  public ErrorStatusUpdateControl<Pipeline> updateErrorStatus(Pipeline pipeline, Context<Pipeline> context, Exception e) {
    PipelineStatus status = StatusUpdates.copyOf(pipeline.getStatus(), PipelineStatus::new);
    Condition failed = Workloads.reconcileFailed(services, pipeline, e);
    StatusUpdates.conditions(services.conditions(), pipeline, status, List.of(failed));
    return StatusUpdates.errorIfChanged(pipeline, status);
  }
}
