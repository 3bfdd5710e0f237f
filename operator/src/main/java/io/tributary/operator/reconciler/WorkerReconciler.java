package io.tributary.operator.reconciler;

import io.tributary.operator.status.ConditionsHelper;

import io.tributary.operator.model.UpstreamKind;

import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.KedaScaledObjectModel;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

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
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Processor;
import io.tributary.api.v1alpha1.RedriveStatus;
import io.tributary.operator.model.RedrivePlan;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerSpec;
import io.tributary.api.v1alpha1.WorkerStatus;
import io.tributary.operator.model.ConsumerGroups;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.RuntimeConfigModel;
import io.tributary.operator.model.SecretReferences;
import io.tributary.operator.model.WorkloadModel;
import io.tributary.runtime.config.RuntimeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker -> ConfigMap, Deployment, Service. Replicas: {@code spec.replicas} without
 * {@code spec.autoscaling}; with it the Deployment's replicas belong to the autoscaler (see
 * {@link WorkloadModel#worker}).
 *
 * <p>{@code Worker.status} has two writers, one per field. This reconciler owns
 * {@code observedGeneration, selector, replicas, readyReplicas, replay, redrive, deadLetters} and its conditions ({@code Ready},
 * {@value #KEDA}); the autoscaler ({@code KubernetesScalerStatus}) owns {@code desiredReplicas,
 * lag, partitions, lastScaleTime, lastScaleReason, perReplicaRate} and the condition
 * {@code ScalerHealthy}. Each sets only its own fields on the status it is given and writes with
 * optimistic concurrency ({@link SharedStatusWriter}: the write carries the resourceVersion it was
 * computed from; on a 409 it is computed again from the newer version), so neither can reset the
 * other's fields from a stale copy, and the {@code conditions} list, which both change, is only
 * ever patched on the very version it was computed from. At steady state neither writes anything.
 *
 * <p>{@code spec.replay} ({@link WorkerReplays}, decided by {@link io.tributary.operator.model.ReplayPlan}):
 * one step per reconcile, rescheduled while a step waits; the Deployment is held at 0 replicas
 * (annotation {@code tributary.io/replay-hold}, which the autoscaler reads) until the offsets are
 * reset, then restored; {@code status.replay} is the memory of which request ids were carried out.
 *
 * <p>{@code spec.redrive} ({@link WorkerRedrives}, decided by {@link io.tributary.operator.model.RedrivePlan}):
 * the dead-letter records re-published by a runner off the reconcile thread; this reconciler
 * records its progress in {@code status.redrive} (also its one writer) every few seconds while it runs.
 */
@ControllerConfiguration(name = "worker")
public final class WorkerReconciler implements Reconciler<Worker>, Cleaner<Worker> {
  /** Condition type of a Worker scaled by KEDA. */
  public static final String KEDA = "KedaScaledObject";
  private static final Logger log = LoggerFactory.getLogger(WorkerReconciler.class);
  private final OperatorServices services;
  private final ComponentCleanup finalizer;
  private final SharedStatusWriter<WorkerStatus, Worker> status;
  private final WorkerReplays replays;
  private final WorkerRedrives redrives;
  private final WorkerDeadLetters deadLetters;

  public WorkerReconciler(OperatorServices services) {
    this.services = services;
    this.finalizer = new ComponentCleanup(services);
    this.replays = new WorkerReplays(services);
    this.redrives = new WorkerRedrives(services);
    this.deadLetters = new WorkerDeadLetters(services);
    this.status = new SharedStatusWriter<>(services.meters(), "Worker", "worker-reconciler");
  }

  @Override
  public List<EventSource<?, Worker>> prepareEventSources(EventSourceContext<Worker> context) {
    return List.of(
        PipelineIndex.pipelineEventSource(context, w -> w.getSpec().getPipeline()),
        ChildEventSources.byInstanceLabel(Deployment.class, WorkloadModel.WORKER, context));
  }

  @Override
  public UpdateControl<Worker> reconcile(Worker worker, Context<Worker> context) {
    try {
      return reconcileNow(worker, context);
    } finally {
      services.meters().counter("tributary.reconciliations", "kind", "Worker").increment();
    }
  }

  private UpdateControl<Worker> reconcileNow(Worker worker, Context<Worker> context) {
    String namespace = worker.getMetadata().getNamespace();
    Pipeline pipeline = Workloads.pipeline(services, namespace, worker.getSpec().getPipeline());
    Optional<Verdict> verdict;
    RuntimeConfig config = null;
    PipelineWiring wiring = null;
    Optional<Duration> recheck = Optional.empty();
    KafkaUsers.Outcome user = null;
    if (pipeline == null) {
      verdict = Optional.of(ComponentChecks.pipelineMissing(namespace, worker.getSpec().getPipeline()));
    } else {
      wiring = KafkaAccess.wiring(services, pipeline);
      config = RuntimeConfigModel.worker(worker, pipeline, wiring);
      List<Optional<Verdict>> checks = new ArrayList<>();
      checks.add(SecretGate.check(services, namespace, SecretReferences.of(pipeline)));
      checks.add(HostGate.check(services, pipeline, wiring));
      checks.addAll(topicChecks(worker.getSpec(), pipeline));
      checks.add(ComponentChecks.runtimeAccepts(config, "worker", pipeline));
      checks.add(ConsumerGroupCheck.check(services, namespace, ConsumerGroups.of(worker)));
      verdict = checks.stream().filter(Optional::isPresent).findFirst().orElse(Optional.empty());
      if (verdict.isEmpty()) {
        user = KafkaUsers.ensure(services, pipeline, worker, KafkaAcls.of(pipeline, worker),
            worker.getStatus() == null ? null : worker.getStatus().getConditions());
        verdict = user.verdict();
        recheck = user.recheck(services.settings().rechecks());
        wiring = KafkaAccess.componentWiring(services, pipeline, user.credentials());
        recheck = Workloads.withCaRecheck(recheck, wiring, services.settings().rechecks());
      }
      if (verdict.isEmpty()) {
        RedisUsers.Outcome redisUser = RedisUsers.ensure(services, pipeline, worker, "Worker", WorkloadModel.WORKER, config);
        verdict = redisUser.verdict();
        recheck = redisUser.recheck(recheck, services.settings().rechecks());
        wiring = redisUser.wire(wiring);
      }
    }
    if (verdict.isPresent()) {
      Condition notReady = Workloads.notReady(verdict.get());
      status.write(worker, context, ownFields(worker, s -> {}, user == null ? List.of(notReady) : user.with(notReady), user));
      return Workloads.recheck(verdict.get(), Workloads.recheck(UpdateControl.noUpdate(), recheck),
          services.settings().rechecks());
    }
    WorkerReplays.Step replay = replays.next(worker, pipeline, wiring,
        WorkloadModel.worker(worker, pipeline, wiring, config).deployment());
    var workload = WorkloadModel.worker(worker, pipeline, wiring, config, replay.hold());
    for (HasMetadata child : workload.all()) {
      services.children().apply(worker, child);
    }
    Deployment live = services.children().get(workload.deployment());
    List<Condition> conditions = user.with(Workloads.readiness(live));
    Optional<Condition> acls = PlainKafkaAcls.apply(services, pipeline, wiring, KafkaAcls.of(pipeline, worker));
    acls.ifPresent(conditions::add);
    kedaScaledObject(worker, pipeline, wiring).ifPresent(conditions::add);
    WorkerRedrives.Step redrive = redrives.next(worker, pipeline, wiring);
    RedriveStatus redriveNow = redrive.status() != null ? redrive.status()
        : worker.getStatus() == null ? null : worker.getStatus().getRedrive();
    boolean redriveDoneNow = redrive.status() != null && RedrivePlan.SUCCEEDED.equals(redrive.status().getPhase())
        && (worker.getStatus() == null || worker.getStatus().getRedrive() == null
            || !RedrivePlan.SUCCEEDED.equals(worker.getStatus().getRedrive().getPhase())
            || !redrive.status().getId().equals(worker.getStatus().getRedrive().getId()));
    WorkerDeadLetters.Step dead = deadLetters.observe(worker, pipeline, wiring, redriveNow, redriveDoneNow);
    status.write(worker, context, ownFields(worker, s -> {
      Workloads.replicaStatus(live, s::setReplicas, s::setReadyReplicas);
      if (replay.status() != null) {
        s.setReplay(replay.status());
      }
      if (redrive.status() != null) {
        s.setRedrive(redrive.status());
      }
      if (dead.status() != null) {
        s.setDeadLetters(dead.status());
      }
    }, conditions, user, acls));
    Optional<Duration> again = Optional.ofNullable(replay.again());
    for (Duration next : new Duration[] {redrive.again(), dead.again()}) {
      if (next != null && (again.isEmpty() || next.compareTo(again.get()) < 0)) {
        again = Optional.of(next);
      }
    }
    if (recheck.isPresent() && (again.isEmpty() || recheck.get().compareTo(again.get()) < 0)) {
      again = recheck;
    }
    return Workloads.recheck(UpdateControl.noUpdate(), again);
  }

  /**
   * This reconciler's fields of the status, set on whichever version of it the write is based on:
   * the selector, what {@code replicas} sets, the conditions it computed (merged with the others,
   * which stay as they are) and the generation they were computed from.
   */
  private UnaryOperator<WorkerStatus> ownFields(Worker worker, Consumer<WorkerStatus> replicas, List<Condition> wanted) {
    return ownFields(worker, replicas, wanted, null);
  }

  /** {@code user}: the KafkaUser outcome, whose condition goes when it has none; null: left as it is. */
  private UnaryOperator<WorkerStatus> ownFields(Worker worker, Consumer<WorkerStatus> replicas, List<Condition> wanted,
      KafkaUsers.Outcome user) {
    return ownFields(worker, replicas, wanted, user, null);
  }

  /** {@code acls}: the KafkaAclsApplied outcome, the condition goes when empty; null: left as it is. */
  private UnaryOperator<WorkerStatus> ownFields(Worker worker, Consumer<WorkerStatus> replicas, List<Condition> wanted,
      KafkaUsers.Outcome user, Optional<Condition> acls) {
    Long generation = worker.getMetadata().getGeneration();
    String selector = WorkloadModel.selectorString(worker.getMetadata().getName(), WorkloadModel.WORKER);
    boolean keda = KedaScaledObjectModel.wanted(worker);
    return current -> {
      WorkerStatus s = current == null ? new WorkerStatus() : current;
      s.setSelector(selector);
      replicas.accept(s);
      List<Condition> conditions = services.conditions().merge(s.getConditions(), generation, wanted);
      if (!keda) {
        conditions.removeIf(c -> KEDA.equals(c.getType())); // left KEDA: the condition goes too
      }
      if (user != null) {
        user.dropIfGone(conditions);
      }
      if (acls != null) {
        PlainKafkaAcls.dropIfGone(conditions, acls);
      }
      s.setConditions(conditions);
      s.setObservedGeneration(generation);
      return s;
    };
  }

  /**
   * With {@code autoscaling.engine: keda}, KEDA scales the Deployment through a ScaledObject
   * (applied where KEDA is installed; the condition {@value #KEDA} says what happened). A Worker
   * that no longer asks for KEDA loses its ScaledObject, so two scalers never fight.
   */
  private Optional<Condition> kedaScaledObject(Worker worker, Pipeline pipeline, PipelineWiring wiring) {
    boolean served = services.capabilities().served(UpstreamKind.SCALED_OBJECT);
    if (!KedaScaledObjectModel.wanted(worker)) {
      if (served) {
        services.children().delete(worker, KedaScaledObjectModel.reference(worker));
      }
      return Optional.empty();
    }
    if (!served) {
      return Optional.of(ConditionsHelper.condition(KEDA, false, "KedaNotInstalled",
          "spec.autoscaling.engine: \"keda\" but " + ApiCapabilities.whySkipped(UpstreamKind.SCALED_OBJECT)));
    }
    try {
      GenericKubernetesResource scaledObject = KedaScaledObjectModel.scaledObject(worker, pipeline, wiring.kafka().bootstrapServers());
      services.children().apply(worker, scaledObject);
      return Optional.of(ConditionsHelper.condition(KEDA, true, "ScaledObjectApplied",
          "KEDA ScaledObject " + scaledObject.getMetadata().getName() + " scales the Deployment"));
    } catch (IllegalArgumentException e) {
      return Optional.of(ConditionsHelper.condition(KEDA, false, "NotExpressibleForKeda", e.getMessage()));
    }
  }

  private static List<Optional<Verdict>> topicChecks(WorkerSpec spec, Pipeline pipeline) {
    List<Optional<Verdict>> checks = new ArrayList<>();
    if (spec.getInput() != null && spec.getInput().getTopic() != null) {
      checks.add(ComponentChecks.topicDeclared("spec.input.topic.name", spec.getInput().getTopic().getName(), pipeline));
    }
    List<Processor> processors = spec.getProcessors() == null ? List.of() : spec.getProcessors();
    for (int i = 0; i < processors.size(); i++) {
      Processor p = processors.get(i);
      if (p != null && p.getForward() != null) {
        checks.add(ComponentChecks.topicDeclared("spec.processors[" + i + "].forward.topic", p.getForward().getTopic(), pipeline));
      }
    }
    return checks;
  }

  /**
   * The finalizer: the Worker's KafkaUser (Strimzi) or the ACLs of the Pipeline's principal that no
   * other component needs (plain Kafka) go with it ({@link ComponentCleanup}); a redrive of it
   * stops, and its dead-letter gauges are removed.
   */
  @Override
  public DeleteControl cleanup(Worker worker, Context<Worker> context) {
    redrives.stop(worker);
    deadLetters.forget(worker);
    return finalizer.cleanup(worker, worker.getSpec() == null ? null : worker.getSpec().getPipeline(),
        worker.getStatus() == null ? null : worker.getStatus().getConditions(), pipeline -> KafkaAcls.of(pipeline, worker));
  }

  @Override
  public ErrorStatusUpdateControl<Worker> updateErrorStatus(Worker worker, Context<Worker> context, Exception e) {
    Condition failed = Workloads.reconcileFailed(services, worker, e);
    try {
      status.write(worker, context, ownFields(worker, s -> {}, List.of(failed)));
    } catch (RuntimeException writeFailed) {
      // the reconcile error is the one to report and retry; the condition is written next time
      log.warn("status of Worker {}/{} not written: {}", worker.getMetadata().getNamespace(),
          worker.getMetadata().getName(), writeFailed.toString());
    }
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }
}
