package io.tributary.operator.reconciler;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.tributary.api.v1alpha1.ConcurrencyPolicy;
import io.tributary.api.v1alpha1.EtlHistory;
import io.tributary.api.v1alpha1.EtlBackfillStatus;
import io.tributary.api.v1alpha1.EtlBackfill;
import io.tributary.api.v1alpha1.EtlRunSummary;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.EtlScheduleSpec;
import io.tributary.api.v1alpha1.EtlScheduleStatus;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.model.EtlModel;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.SecretReferences;
import io.tributary.operator.model.Labels;
import io.tributary.operator.model.BackfillPlan;
import io.tributary.operator.model.RunHistory;
import io.tributary.runtime.config.DataIntervalEnv;
import io.tributary.runtime.config.NextScheduleTime;
import io.tributary.operator.model.ConsumerGroups;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.RunNowJobs;
import io.tributary.operator.model.RuntimeConfigModel;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.runtime.config.RuntimeConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * EtlSchedule -> ConfigMap + CronJob, a Job per new {@code tributary.io/run-now} value, and the
 * status of the runs: {@code lastScheduleTime}/{@code lastSuccessfulTime} the later of the
 * CronJob's and the newest start/success of the schedule's Jobs (run-now ones included),
 * {@code active} from the CronJob, {@code lastRun} from the newest finished Job and the one-line JSON summary its pod wrote
 * to the termination message.
 */
// not generation-aware: the run-now annotation changes no generation but must trigger;
// all events, deletes included, so that a deleted EtlSchedule's meters go without a finalizer;
// JOSDK has no Cleaner in that mode: the Kafka cleanup finalizer is added and removed here, and
// only on a schedule whose Pipeline gives it a KafkaUser or ACLs (ComponentCleanup#wanted)
@ControllerConfiguration(name = "etlschedule", generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
public final class EtlScheduleReconciler implements Reconciler<EtlSchedule> {
  static final String SCHEDULED = "Scheduled";
  static final String SUSPENDED = "Suspended";
  static final String LAST_RUN_SUCCEEDED = "LastRunSucceeded";
  /** Condition on the current run-now request: started, or waiting for the active run (Forbid). */
  static final String RUN_NOW = "RunNow";
  /** Condition on spec.backfill: True while running or succeeded, False when it failed. */
  static final String BACKFILL = "Backfill";
  private static final ObjectMapper LENIENT =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final OperatorServices services;
  private final ComponentCleanup finalizer;
  private final EtlScheduleMeters meters;

  public EtlScheduleReconciler(OperatorServices services) {
    this.services = services;
    this.finalizer = new ComponentCleanup(services);
    this.meters = new EtlScheduleMeters(services.meters());
  }

  @Override
  public List<EventSource<?, EtlSchedule>> prepareEventSources(EventSourceContext<EtlSchedule> context) {
    return List.of(
        PipelineIndex.pipelineEventSource(context, e -> e.getSpec().getPipeline()),
        ChildEventSources.byInstanceLabel(CronJob.class, EtlModel.ETL, context),
        ChildEventSources.byInstanceLabel(Job.class, EtlModel.ETL, context));
  }

  @Override
  public UpdateControl<EtlSchedule> reconcile(EtlSchedule schedule, Context<EtlSchedule> context) {
    if (context.isPrimaryResourceDeleted()) {
      meters.forget(schedule.getMetadata().getNamespace(), schedule.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
    if (schedule.isMarkedForDeletion()) {
      return finalize(schedule, context);
    }
    try {
      return reconcileNow(schedule, context);
    } finally {
      services.meters().counter("tributary.reconciliations", "kind", "EtlSchedule").increment();
    }
  }

  private UpdateControl<EtlSchedule> reconcileNow(EtlSchedule schedule, Context<EtlSchedule> context) {
    EtlScheduleStatus status = StatusUpdates.copyOf(schedule.getStatus(), EtlScheduleStatus::new);
    EtlScheduleSpec spec = schedule.getSpec();
    String namespace = schedule.getMetadata().getNamespace();
    Pipeline pipeline = Workloads.pipeline(services, namespace, spec.getPipeline());
    if (ComponentCleanup.wanted(pipeline) && !schedule.hasFinalizer(ComponentCleanup.ETL_SCHEDULE_FINALIZER)) {
      PrimaryUpdateAndCacheUtils.addFinalizer(context, ComponentCleanup.ETL_SCHEDULE_FINALIZER);
      // the rest on the version that has it (whose resourceVersion the status write then matches)
      return UpdateControl.<EtlSchedule>noUpdate().rescheduleAfter(1);
    }
    Optional<Verdict> verdict;
    RuntimeConfig config = null;
    PipelineWiring wiring = null;
    Optional<Duration> recheck = Optional.empty();
    KafkaUsers.Outcome user = null;
    Optional<Verdict> badSchedule = ComponentChecks.scheduleValid(spec.getSchedule(), spec.getTimeZone());
    if (badSchedule.isPresent()) {
      verdict = badSchedule;
    } else if (pipeline == null) {
      verdict = Optional.of(ComponentChecks.pipelineMissing(namespace, spec.getPipeline()));
    } else {
      wiring = KafkaAccess.wiring(services, pipeline);
      Worker gate = spec.getWaitFor() == null || spec.getWaitFor().getWorker() == null ? null
          : services.client().resources(Worker.class).inNamespace(namespace).withName(spec.getWaitFor().getWorker()).get();
      config = RuntimeConfigModel.etl(schedule, pipeline, wiring, gate);
      verdict = ComponentChecks.first(
          SecretGate.check(services, namespace, SecretReferences.of(pipeline)),
          HostGate.check(services, pipeline, wiring),
          HostGate.check(services, schedule),
          ComponentChecks.waitForWorker(spec.getWaitFor(), gate, namespace, spec.getPipeline()),
          ComponentChecks.topicDeclared("spec.extract.topic.name",
              spec.getExtract() == null || spec.getExtract().getTopic() == null ? null : spec.getExtract().getTopic().getName(),
              pipeline),
          ComponentChecks.topicDeclared("spec.waitFor.watermark.topic",
              spec.getWaitFor() == null || spec.getWaitFor().getWatermark() == null ? null
                  : spec.getWaitFor().getWatermark().getTopic(),
              pipeline),
          ComponentChecks.topicDeclared("spec.load.topic.name",
              spec.getLoad() == null || spec.getLoad().getTopic() == null ? null : spec.getLoad().getTopic().getName(),
              pipeline),
          ComponentChecks.runtimeAccepts(config, "etl", pipeline),
          ConsumerGroupCheck.check(services, namespace, ConsumerGroups.of(schedule)));
      if (verdict.isEmpty()) {
        user = KafkaUsers.ensure(services, pipeline, schedule, KafkaAcls.of(schedule),
            schedule.getStatus() == null ? null : schedule.getStatus().getConditions());
        verdict = user.verdict();
        recheck = user.recheck(services.settings().rechecks());
        wiring = KafkaAccess.componentWiring(services, pipeline, user.credentials());
        recheck = Workloads.withCaRecheck(recheck, wiring, services.settings().rechecks());
      }
      if (verdict.isEmpty()) {
        RedisUsers.Outcome redisUser = RedisUsers.ensure(services, pipeline, schedule, "EtlSchedule", EtlModel.ETL, config);
        verdict = redisUser.verdict();
        recheck = redisUser.recheck(recheck, services.settings().rechecks());
        wiring = redisUser.wire(wiring);
      }
    }
    if (verdict.isPresent()) {
      status.setNextScheduleTime(null);
      Condition notReady = Workloads.notReady(verdict.get());
      StatusUpdates.conditions(services.conditions(), schedule, status, user == null ? List.of(notReady) : user.with(notReady));
      if (user != null) {
        user.dropIfGone(status.getConditions());
      }
      UpdateControl<EtlSchedule> refused = StatusUpdates.patchIfChanged(schedule, status);
      // no event source watches Workers for this: look again for the Worker a gate names
      return Verdict.WAIT_FOR_WORKER_INVALID.equals(verdict.get().reason())
          ? refused.rescheduleAfter(services.settings().rechecks().refused())
          : Workloads.recheck(verdict.get(), Workloads.recheck(refused, recheck), services.settings().rechecks());
    }
    services.children().apply(schedule, EtlModel.configMap(schedule, pipeline, config));
    CronJob cronJob = EtlModel.cronJob(schedule, pipeline, wiring, config);
    List<Job> jobs = jobs(schedule);
    if (CatchUpRuns.catchingUp(schedule, jobs)) {
      // Forbid across both: the CronJob's own firings wait while missed periods run; they are
      // missed periods then, and caught up in their order
      cronJob.getSpec().setSuspend(true);
    }
    services.children().apply(schedule, cronJob);
    Optional<Condition> runNow = runNow(schedule, cronJob, status, jobs);
    Optional<Condition> backfill = backfill(schedule, cronJob, status, jobs);
    CatchUpRuns.step(services, schedule, cronJob, status, jobs);
    pruneRunNowHistory(schedule, jobs);
    pruneEarlierBackfills(schedule, jobs);

    CronJob live = services.children().get(cronJob);
    CronJobStatus cronStatus = live == null ? null : live.getStatus();
    // the CronJob sees only its own firings: a run-now Job counts as a run of the schedule too
    status.setLastScheduleTime(latest(cronStatus == null ? null : cronStatus.getLastScheduleTime(),
        jobs.stream().map(EtlScheduleReconciler::startedAt)));
    status.setLastSuccessfulTime(latest(cronStatus == null ? null : cronStatus.getLastSuccessfulTime(),
        jobs.stream().filter(j -> j.getStatus() != null && conditionTrue(j, "Complete"))
            .map(EtlScheduleReconciler::finishedAt)));
    if (cronStatus != null) {
      status.setActive(cronStatus.getActive() == null ? 0 : cronStatus.getActive().size());
    }
    List<Condition> conditions = new ArrayList<>();
    boolean suspended = Boolean.TRUE.equals(spec.getSuspend());
    conditions.add(ConditionsHelper.condition(ConditionsHelper.READY, true, suspended ? SUSPENDED : SCHEDULED,
        suspended ? "CronJob " + cronJob.getMetadata().getName() + " is suspended"
            : "CronJob " + cronJob.getMetadata().getName() + " runs \"" + spec.getSchedule() + "\" (" + spec.getTimeZone() + ")"));
    runNow.ifPresent(conditions::add);
    backfill.ifPresent(conditions::add);
    user.condition().ifPresent(conditions::add);
    Optional<Condition> acls = PlainKafkaAcls.apply(services, pipeline, wiring, KafkaAcls.of(schedule));
    acls.ifPresent(conditions::add);
    List<Job> finished = jobs.stream().filter(j -> finishedAt(j) != null).toList();
    Map<String, EtlRunSummary> summaries = new HashMap<>();
    java.util.function.Function<Job, EtlRunSummary> summaryOf = j -> summaries.computeIfAbsent(j.getMetadata().getName(), n -> summary(j));
    recordRecentRuns(schedule, status, finished, summaryOf);
    finished.stream().max(Comparator.comparing(EtlScheduleReconciler::finishedAt)).map(summaryOf).ifPresent(run -> {
      status.setLastRun(run);
      boolean ok = "Succeeded".equals(run.getResult());
      conditions.add(ConditionsHelper.condition(LAST_RUN_SUCCEEDED, ok, ok ? "Succeeded" : "Failed",
          "Job " + run.getJob() + (run.getMessage() == null ? "" : ": " + run.getMessage())));
    });
    Optional<Instant> next = suspended ? Optional.empty()
        : NextScheduleTime.after(spec.getSchedule(), spec.getTimeZone(), services.clock().instant());
    meters.observe(namespace, schedule.getMetadata().getName(), spec.getPipeline(),
        observation(schedule, finished, live, next));
    status.setNextScheduleTime(next.map(Instant::toString).orElse(null));
    StatusUpdates.conditions(services.conditions(), schedule, status, conditions);
    user.dropIfGone(status.getConditions());
    PlainKafkaAcls.dropIfGone(status.getConditions(), acls);
    UpdateControl<EtlSchedule> control = StatusUpdates.patchIfChanged(schedule, status);
    // nothing else changes when the time passes: come back then to move nextScheduleTime on
    // (or sooner, to look at the KafkaUser's Secret again)
    Optional<Duration> untilNext = next.map(at -> Duration.between(services.clock().instant(), at).plusSeconds(1));
    Optional<Duration> catchUpRecheck = CatchUpRuns.recheck(schedule, services.clock().instant());
    Optional<Duration> after = catchUpRecheck.isPresent() && untilNext.map(d -> d.compareTo(catchUpRecheck.get()) > 0).orElse(true)
        ? catchUpRecheck : untilNext;
    if (recheck.isPresent()) {
      Duration credentials = recheck.get();
      after = Optional.of(untilNext.filter(d -> d.compareTo(credentials) < 0).orElse(credentials));
    }
    return Workloads.recheck(control, after);
  }

  /**
   * One Job per new run-now value; the value is remembered in {@code status.lastRunNow}. Under
   * {@code concurrencyPolicy: Forbid} (the default) a request waits while a run of the schedule is
   * active, as the CronJob's own firings do: a Job event of that run brings the request back.
   * Under {@code Replace} the running Jobs are deleted first; under {@code Allow} they run on.
   */
  private Optional<Condition> runNow(EtlSchedule schedule, CronJob cronJob, EtlScheduleStatus status, List<Job> jobs) {
    Map<String, String> annotations = schedule.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(EtlModel.RUN_NOW_ANNOTATION);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Job job = EtlModel.runNowJob(schedule, cronJob, value);
    String request = EtlModel.RUN_NOW_ANNOTATION + "=" + value;
    if (value.equals(status.getLastRunNow())) {
      return Optional.of(ConditionsHelper.condition(RUN_NOW, true, "Started",
          "started Job " + job.getMetadata().getName() + " for " + request));
    }
    boolean forbid = schedule.getSpec().getConcurrencyPolicy() == null
        || schedule.getSpec().getConcurrencyPolicy() == ConcurrencyPolicy.FORBID;
    // this request's own Job, already there (a status patch lost or not yet seen), is no other run
    boolean ownJobExists = jobs.stream().anyMatch(j -> j.getMetadata().getName().equals(job.getMetadata().getName()));
    Optional<Job> active = forbid && !ownJobExists ? RunNowJobs.active(jobs) : Optional.empty();
    if (active.isPresent()) {
      String message = request + " waits: Job " + active.get().getMetadata().getName()
          + " of this schedule is still running and concurrencyPolicy is Forbid";
      services.events().normal(schedule, "RunNowWaiting", message);
      return Optional.of(ConditionsHelper.condition(RUN_NOW, false, "WaitingForActiveRun", message));
    }
    if (schedule.getSpec().getConcurrencyPolicy() == ConcurrencyPolicy.REPLACE && !ownJobExists) {
      // as the CronJob controller does for its own firings: the new run replaces the running ones
      for (Job running : jobs) {
        if (running.getMetadata().getDeletionTimestamp() == null && finishedAt(running) == null) {
          services.client().batch().v1().jobs().inNamespace(running.getMetadata().getNamespace())
              .withName(running.getMetadata().getName()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
          services.events().normal(schedule, "RunNowReplaced", request + " replaces Job "
              + running.getMetadata().getName() + " (concurrencyPolicy Replace)");
        }
      }
    }
    if (services.children().createIfAbsent(schedule, job)) {
      services.events().normal(schedule, "RunNow", "started Job " + job.getMetadata().getName() + " for " + request);
    }
    status.setLastRunNow(value);
    return Optional.of(ConditionsHelper.condition(RUN_NOW, true, "Started",
        "started Job " + job.getMetadata().getName() + " for " + request));
  }

  /**
   * Carries {@code spec.backfill} on by one step ({@link BackfillPlan}): the request's Jobs are its
   * progress, so nothing is started twice, also across operator restarts; a finished request's id
   * stays in {@code status.backfill} and is never carried out again.
   */
  private Optional<Condition> backfill(EtlSchedule schedule, CronJob cronJob, EtlScheduleStatus status, List<Job> jobs) {
    EtlBackfill request = schedule.getSpec().getBackfill();
    if (request == null) {
      return Optional.empty();
    }
    EtlBackfillStatus previous = status.getBackfill();
    boolean taken = previous != null && request.getId().equals(previous.getId());
    if (taken && !BackfillPlan.RUNNING.equals(previous.getPhase())) {
      return Optional.of(backfillCondition(previous));
    }
    String now = services.clock().instant().toString();
    EtlBackfillStatus progress = new EtlBackfillStatus();
    progress.setId(request.getId());
    progress.setStartTime(taken ? previous.getStartTime() : now);
    List<BackfillPlan.Period> periods;
    try {
      periods = BackfillPlan.periods(schedule.getSpec().getSchedule(), schedule.getSpec().getTimeZone(), request);
    } catch (IllegalArgumentException invalid) {
      progress.setPhase(BackfillPlan.FAILED);
      progress.setMessage(invalid.getMessage());
      progress.setFinishTime(now);
      status.setBackfill(progress);
      services.events().warning(schedule, "BackfillRefused", "backfill " + request.getId() + ": " + invalid.getMessage());
      return Optional.of(backfillCondition(progress));
    }
    Map<Instant, BackfillPlan.JobState> states = new HashMap<>();
    String lastFinish = null;
    for (Job job : jobs) {
      Instant end = request.getId().equals(EtlModel.backfillId(job)) ? intervalEnd(job) : null;
      if (end == null) {
        continue;
      }
      String finished = finishedAt(job);
      states.put(end, finished == null ? BackfillPlan.JobState.RUNNING
          : conditionTrue(job, "Complete") ? BackfillPlan.JobState.SUCCEEDED : BackfillPlan.JobState.FAILED);
      lastFinish = latest(lastFinish, java.util.stream.Stream.ofNullable(finished));
    }
    BackfillPlan.Step step = BackfillPlan.next(periods, states, request.getMaxConcurrent() == null ? 1 : request.getMaxConcurrent());
    for (BackfillPlan.Period period : step.start()) {
      Job job = EtlModel.backfillJob(schedule, cronJob, request.getId(), period);
      if (services.children().createIfAbsent(schedule, job)) {
        services.events().normal(schedule, "BackfillRun", "backfill " + request.getId() + ": started Job "
            + job.getMetadata().getName() + " for [" + period.start() + ", " + period.end() + ")");
      }
    }
    progress.setPeriods(periods.size());
    progress.setSucceeded(step.succeeded());
    progress.setFailed(step.failed());
    progress.setRunning(step.running());
    if (step.finished(periods.size())) {
      progress.setPhase(step.failed() == 0 ? BackfillPlan.SUCCEEDED : BackfillPlan.FAILED);
      progress.setFinishTime(lastFinish);
      progress.setMessage(step.succeeded() + " of " + periods.size() + " periods succeeded"
          + (step.failed() == 0 ? "" : ", " + step.failed() + " failed (status.recentRuns and the Jobs' logs say why)"));
      services.events().normal(schedule, "BackfillFinished", "backfill " + request.getId() + ": " + progress.getMessage());
    } else {
      progress.setPhase(BackfillPlan.RUNNING);
      progress.setMessage((step.succeeded() + step.failed()) + " of " + periods.size() + " periods done, "
          + step.running() + " running");
    }
    status.setBackfill(progress);
    return Optional.of(backfillCondition(progress));
  }

  private static Condition backfillCondition(EtlBackfillStatus progress) {
    return ConditionsHelper.condition(BACKFILL, !BackfillPlan.FAILED.equals(progress.getPhase()), progress.getPhase(),
        "backfill " + progress.getId() + ": " + progress.getMessage());
  }

  /** The end of the data interval a backfill Job was given, or null when it has none. */
  private static Instant intervalEnd(Job job) {
    var containers = job.getSpec() == null || job.getSpec().getTemplate() == null
        || job.getSpec().getTemplate().getSpec() == null ? List.<io.fabric8.kubernetes.api.model.Container>of()
        : job.getSpec().getTemplate().getSpec().getContainers();
    for (var container : containers) {
      for (var env : container.getEnv() == null ? List.<io.fabric8.kubernetes.api.model.EnvVar>of() : container.getEnv()) {
        if (DataIntervalEnv.END.equals(env.getName()) && env.getValue() != null) {
          try {
            return Instant.parse(env.getValue());
          } catch (java.time.format.DateTimeParseException notOurs) {
            return null;
          }
        }
      }
    }
    return null;
  }

  /**
   * Deletes the finished Jobs of backfills other than the current request: the current one's Jobs
   * are its progress, the earlier ones' runs stay listed in {@code status.recentRuns}.
   */
  private void pruneEarlierBackfills(EtlSchedule schedule, List<Job> jobs) {
    EtlBackfill request = schedule.getSpec().getBackfill();
    for (Job job : jobs) {
      String id = EtlModel.backfillId(job);
      if (id != null && (request == null || !id.equals(request.getId())) && finishedAt(job) != null
          && job.getMetadata().getDeletionTimestamp() == null) {
        services.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      }
    }
  }

  /**
   * Deletes the oldest finished run-now Jobs beyond {@code spec.history}: the CronJob controller
   * applies its history limits only to the Jobs it created, and run-now Jobs are the schedule's.
   */
  private void pruneRunNowHistory(EtlSchedule schedule, List<Job> jobs) {
    EtlHistory history = schedule.getSpec().getHistory() == null ? new EtlHistory() : schedule.getSpec().getHistory();
    int successful = history.getSuccessful() == null ? 3 : history.getSuccessful();
    int failed = history.getFailed() == null ? 1 : history.getFailed();
    for (Job job : RunNowJobs.beyondHistory(jobs, successful, failed)) {
      // Background: a Job deleted with the API's default for batch/v1 would orphan its pods
      services.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
          .withName(job.getMetadata().getName()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      services.events().normal(schedule, "RunNowPruned",
          "deleted finished Job " + job.getMetadata().getName() + " beyond spec.history");
    }
  }

  /** The EtlSchedule's Jobs, scheduled and run-now, finished or not. */
  private List<Job> jobs(EtlSchedule schedule) {
    String namespace = schedule.getMetadata().getNamespace();
    return services.client().batch().v1().jobs().inNamespace(namespace)
        .withLabel(Labels.NAME, "tributary-" + EtlModel.ETL)
        .withLabel(Labels.INSTANCE, schedule.getMetadata().getName())
        .list().getItems();
  }

  private EtlScheduleMeters.Observation observation(
      EtlSchedule schedule, List<Job> finished, CronJob live, Optional<Instant> next) {
    List<EtlScheduleMeters.FinishedRun> runs = finished.stream()
        .map(j -> new EtlScheduleMeters.FinishedRun(
            j.getMetadata().getName(), conditionTrue(j, "Complete"), Instant.parse(finishedAt(j))))
        .toList();
    Optional<Instant> cronJobLastSuccess = Optional.ofNullable(live).map(CronJob::getStatus)
        .map(s -> s.getLastSuccessfulTime()).map(Instant::parse);
    String created = schedule.getMetadata().getCreationTimestamp();
    // the interval between the next two firings: a cron schedule need not be regular, and what
    // matters for "overdue" is the gap the schedule is about to leave
    OptionalDouble interval = next
        .flatMap(first -> NextScheduleTime.after(schedule.getSpec().getSchedule(), schedule.getSpec().getTimeZone(), first)
            .map(second -> (double) Duration.between(first, second).toSeconds()))
        .map(OptionalDouble::of).orElse(OptionalDouble.empty());
    return new EtlScheduleMeters.Observation(runs, cronJobLastSuccess,
        created == null ? services.clock().instant() : Instant.parse(created), interval);
  }

  private EtlRunSummary summary(Job job) {
    EtlRunSummary summary = terminationMessage(job).orElseGet(EtlRunSummary::new);
    summary.setJob(job.getMetadata().getName());
    summary.setFinishTime(finishedAt(job));
    boolean succeeded = conditionTrue(job, "Complete");
    if (summary.getResult() == null) {
      summary.setResult(succeeded ? "Succeeded" : "Failed");
    }
    if (summary.getDurationSeconds() == null && job.getStatus().getStartTime() != null) {
      Duration d = Duration.between(Instant.parse(job.getStatus().getStartTime()), Instant.parse(finishedAt(job)));
      summary.setDurationSeconds(d.toMillis() / 1000.0);
    }
    if (summary.getMessage() == null && !succeeded) {
      job.getStatus().getConditions().stream().filter(c -> "Failed".equals(c.getType())).findFirst()
          .ifPresent(c -> summary.setMessage(c.getReason() + ": " + c.getMessage()));
    }
    return summary;
  }

  /**
   * {@code status.recentRuns}: the listed runs plus those of the finished Jobs not listed yet (only
   * those are summarised, so a reconcile reads the pods of new Jobs only).
   */
  private static void recordRecentRuns(EtlSchedule schedule, EtlScheduleStatus status, List<Job> finished,
      java.util.function.Function<Job, EtlRunSummary> summaryOf) {
    EtlHistory history = schedule.getSpec().getHistory() == null ? new EtlHistory() : schedule.getSpec().getHistory();
    int limit = history.getRuns() == null ? 10 : history.getRuns();
    java.util.Set<String> listed = new java.util.HashSet<>();
    if (status.getRecentRuns() != null) {
      status.getRecentRuns().forEach(run -> listed.add(run.getJob()));
    }
    List<EtlRunSummary> fresh = finished.stream().filter(j -> !listed.contains(j.getMetadata().getName()))
        .map(summaryOf).toList();
    List<EtlRunSummary> runs = RunHistory.merge(status.getRecentRuns(), fresh, limit);
    status.setRecentRuns(runs.isEmpty() ? null : runs);
  }

  /** The run summary the ETL pod wrote to its termination message, when readable. */
  private Optional<EtlRunSummary> terminationMessage(Job job) {
    List<Pod> pods =
        services.client().pods().inNamespace(job.getMetadata().getNamespace())
            .withLabel("job-name", job.getMetadata().getName()).list().getItems();
    for (Pod pod : pods) {
      if (pod.getStatus() == null) {
        continue;
      }
      for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
        if (cs.getState() != null && cs.getState().getTerminated() != null
            && cs.getState().getTerminated().getMessage() != null) {
          try {
            return Optional.of(LENIENT.readValue(cs.getState().getTerminated().getMessage().trim(), EtlRunSummary.class));
          } catch (Exception notJson) {
            EtlRunSummary s = new EtlRunSummary();
            s.setMessage(cs.getState().getTerminated().getMessage().trim());
            return Optional.of(s);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static String finishedAt(Job job) {
    if (job.getStatus() == null) {
      return null;
    }
    if (job.getStatus().getCompletionTime() != null) {
      return job.getStatus().getCompletionTime();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(JobCondition::getLastTransitionTime).findFirst().orElse(null);
  }

  /** When a Job started: its {@code status.startTime}, else its creation. */
  private static String startedAt(Job job) {
    if (job.getStatus() != null && job.getStatus().getStartTime() != null) {
      return job.getStatus().getStartTime();
    }
    return job.getMetadata().getCreationTimestamp();
  }

  /** The latest of {@code cronJobValue} and {@code jobTimes} (RFC 3339), as written; null when none. */
  static String latest(String cronJobValue, java.util.stream.Stream<String> jobTimes) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.ofNullable(cronJobValue), jobTimes)
        .filter(t -> t != null && !t.isBlank())
        .max(Comparator.comparing(Instant::parse))
        .orElse(null);
  }

  private static boolean conditionTrue(Job job, String type) {
    return job.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * The finalizer of a deleted schedule that has it: its KafkaUser (Strimzi) or the ACLs of the
   * Pipeline's principal that no other component needs (plain Kafka) go with it ({@link
   * ComponentCleanup}); the finalizer goes when that is done or the deadline has passed.
   */
  private UpdateControl<EtlSchedule> finalize(EtlSchedule schedule, Context<EtlSchedule> context) {
    if (!schedule.hasFinalizer(ComponentCleanup.ETL_SCHEDULE_FINALIZER)) {
      return UpdateControl.noUpdate(); // held by someone else's finalizer: nothing of ours to do
    }
    DeleteControl done = finalizer.cleanup(schedule, schedule.getSpec() == null ? null : schedule.getSpec().getPipeline(),
        schedule.getStatus() == null ? null : schedule.getStatus().getConditions(), pipeline -> KafkaAcls.of(schedule));
    if (done.isRemoveFinalizer()) {
      PrimaryUpdateAndCacheUtils.removeFinalizer(context, ComponentCleanup.ETL_SCHEDULE_FINALIZER);
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<EtlSchedule>noUpdate().rescheduleAfter(done.getScheduleDelay().orElse(1000L));
  }

  @Override
  public ErrorStatusUpdateControl<EtlSchedule> updateErrorStatus(
      EtlSchedule schedule, Context<EtlSchedule> context, Exception e) {
    EtlScheduleStatus status = StatusUpdates.copyOf(schedule.getStatus(), EtlScheduleStatus::new);
    Condition failed = Workloads.reconcileFailed(services, schedule, e);
    StatusUpdates.conditions(services.conditions(), schedule, status, List.of(failed));
    return StatusUpdates.errorIfChanged(schedule, status);
  }
}
