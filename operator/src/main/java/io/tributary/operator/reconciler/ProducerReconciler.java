package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.tributary.api.v1alpha1.HttpAuth;
import io.tributary.api.v1alpha1.HttpSource;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.ProducerStatus;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.RuntimeConfigModel;
import io.tributary.operator.model.SecretReferences;
import io.tributary.operator.model.WorkloadModel;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.runtime.config.RuntimeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Producer -> ConfigMap, Deployment, Service; validates first, then applies, then reports. The
 * Deployment follows {@code spec.replicas}, which {@code kubectl scale} and an HPA set through the
 * scale subresource ({@code status.replicas}, {@code status.selector}).
 *
 * <p>An {@code http} source with {@code auth: none} gets the condition
 * {@value #INGEST_AUTHENTICATION}{@code =False} (reason {@value #AUTH_DISABLED}) as long as it is
 * open, and a Warning Event when it becomes so.
 */
@ControllerConfiguration(name = "producer")
public final class ProducerReconciler implements Reconciler<Producer>, Cleaner<Producer> {
  /** Condition type of a Producer whose {@code http} source accepts requests without a token. */
  public static final String INGEST_AUTHENTICATION = "IngestAuthentication";
  /** Reason of {@value #INGEST_AUTHENTICATION}{@code =False} and of its Warning Event. */
  public static final String AUTH_DISABLED = "AuthenticationDisabled";
  private final OperatorServices services;
  private final ComponentCleanup finalizer;

  public ProducerReconciler(OperatorServices services) {
    this.services = services;
    this.finalizer = new ComponentCleanup(services);
  }

  @Override
  public List<EventSource<?, Producer>> prepareEventSources(EventSourceContext<Producer> context) {
    return List.of(
        PipelineIndex.pipelineEventSource(context, p -> p.getSpec().getPipeline()),
        ChildEventSources.byInstanceLabel(Deployment.class, WorkloadModel.PRODUCER, context));
  }

  @Override
  public UpdateControl<Producer> reconcile(Producer producer, Context<Producer> context) {
    try {
      return reconcileNow(producer, context);
    } finally {
      services.meters().counter("tributary.reconciliations", "kind", "Producer").increment();
    }
  }

  private UpdateControl<Producer> reconcileNow(Producer producer, Context<Producer> context) {
    ProducerStatus status = StatusUpdates.copyOf(producer.getStatus(), ProducerStatus::new);
    // the scale subresource's labelSelectorPath (HPA): known before anything is deployed
    status.setSelector(WorkloadModel.selectorString(producer.getMetadata().getName(), WorkloadModel.PRODUCER));
    String namespace = producer.getMetadata().getNamespace();
    Pipeline pipeline = Workloads.pipeline(services, namespace, producer.getSpec().getPipeline());
    Optional<Verdict> verdict;
    RuntimeConfig config = null;
    PipelineWiring wiring = null;
    Optional<Duration> recheck = Optional.empty();
    KafkaUsers.Outcome user = null;
    if (pipeline == null) {
      verdict = Optional.of(ComponentChecks.pipelineMissing(namespace, producer.getSpec().getPipeline()));
    } else {
      wiring = KafkaAccess.wiring(services, pipeline);
      config = RuntimeConfigModel.producer(producer, pipeline, wiring);
      verdict = ComponentChecks.first(
          SecretGate.check(services, namespace, SecretReferences.of(producer, pipeline)),
          HostGate.check(services, pipeline, wiring),
          ComponentChecks.topicDeclared("spec.topic", producer.getSpec().getTopic(), pipeline),
          ComponentChecks.ingestAuthentication(http(producer)),
          ComponentChecks.runtimeAccepts(config, "producer", pipeline));
      if (verdict.isEmpty()) {
        user = KafkaUsers.ensure(services, pipeline, producer, KafkaAcls.of(producer), conditionsOf(producer));
        verdict = user.verdict();
        recheck = user.recheck(services.settings().rechecks());
        wiring = KafkaAccess.componentWiring(services, pipeline, user.credentials());
        recheck = Workloads.withCaRecheck(recheck, wiring, services.settings().rechecks());
      }
    }
    Optional<Condition> openIngest = openIngest(producer);
    if (verdict.isPresent()) {
      Condition notReady = Workloads.notReady(verdict.get());
      conditions(producer, status, user == null ? List.of(notReady) : user.with(notReady), openIngest);
      if (user != null) {
        user.dropIfGone(status.getConditions());
      }
      return Workloads.recheck(verdict.get(), Workloads.recheck(StatusUpdates.patchIfChanged(producer, status), recheck),
          services.settings().rechecks());
    }
    var workload = WorkloadModel.producer(producer, pipeline, wiring, config);
    for (HasMetadata child : workload.all()) {
      services.children().apply(producer, child);
    }
    Deployment live = services.children().get(workload.deployment());
    Workloads.replicaStatus(live, status::setReplicas, status::setReadyReplicas);
    Optional<Condition> acls = PlainKafkaAcls.apply(services, pipeline, wiring, KafkaAcls.of(producer));
    List<Condition> conditions = user.with(Workloads.readiness(live));
    acls.ifPresent(conditions::add);
    conditions(producer, status, conditions, openIngest);
    user.dropIfGone(status.getConditions());
    PlainKafkaAcls.dropIfGone(status.getConditions(), acls);
    return Workloads.recheck(StatusUpdates.patchIfChanged(producer, status), recheck);
  }

  private static List<Condition> conditionsOf(Producer producer) {
    return producer.getStatus() == null ? null : producer.getStatus().getConditions();
  }

  /** {@code base} (Ready, ...), and the warning of an open ingest endpoint while there is one (it goes when the endpoint is closed). */
  private void conditions(Producer producer, ProducerStatus status, List<Condition> base, Optional<Condition> openIngest) {
    List<Condition> wanted = new ArrayList<>(base);
    openIngest.ifPresent(wanted::add);
    StatusUpdates.conditions(services.conditions(), producer, status, wanted);
    if (openIngest.isEmpty()) {
      status.getConditions().removeIf(c -> INGEST_AUTHENTICATION.equals(c.getType()));
    } else if (ConditionsHelper.find(
        producer.getStatus() == null ? null : producer.getStatus().getConditions(), INGEST_AUTHENTICATION) == null) {
      services.events().warning(producer, AUTH_DISABLED, openIngest.get().getMessage());
    }
  }

  /** {@value #INGEST_AUTHENTICATION}{@code =False} for an {@code http} source with {@code auth: none}. */
  static Optional<Condition> openIngest(Producer producer) {
    HttpSource http = http(producer);
    if (http == null || http.getAuth() != HttpAuth.NONE) {
      return Optional.empty();
    }
    int port = http.getPort() == null ? 8080 : http.getPort();
    return Optional.of(ConditionsHelper.condition(INGEST_AUTHENTICATION, false, AUTH_DISABLED,
        "spec.source.http.auth: none: port " + port + " accepts records from anyone who reaches it, without a"
            + " token; set auth: token and tokenSecretRef to require one"));
  }

  private static HttpSource http(Producer producer) {
    return producer.getSpec().getSource() == null ? null : producer.getSpec().getSource().getHttp();
  }

  /**
   * The finalizer: the Producer's KafkaUser (Strimzi) or the ACLs of the Pipeline's principal that no
   * other component needs (plain Kafka) go with it ({@link ComponentCleanup}).
   */
  @Override
  public DeleteControl cleanup(Producer producer, Context<Producer> context) {
    return finalizer.cleanup(producer, producer.getSpec() == null ? null : producer.getSpec().getPipeline(),
        conditionsOf(producer), pipeline -> KafkaAcls.of(producer));
  }

  @Override
  public ErrorStatusUpdateControl<Producer> updateErrorStatus(
      Producer producer, Context<Producer> context, Exception e) {
    ProducerStatus status = StatusUpdates.copyOf(producer.getStatus(), ProducerStatus::new);
    Condition failed = Workloads.reconcileFailed(services, producer, e);
    StatusUpdates.conditions(services.conditions(), producer, status, List.of(failed));
    return StatusUpdates.errorIfChanged(producer, status);
  }
}
