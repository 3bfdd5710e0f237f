package io.tributary.operator.autoscale;

import io.tributary.operator.model.ScalingPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.api.v1alpha1.AutoscalingEngine;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerStatus;
import io.tributary.operator.model.WorkloadModel;
import io.tributary.operator.status.ConditionsHelper;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lag autoscaler of DESIGN §4: the single writer of an autoscaled Worker's Deployment
 * {@code spec.replicas} ({@code spec.autoscaling} set, engine {@code builtin}).
 *
 * <p>Per registered Worker a loop runs every {@code pollIntervalSeconds}: read the Deployment's
 * replicas, observe the lag ({@link LagSource}), decide ({@link ScalerMemory} /
 * {@link ScalingDecider}), and on a change set the replicas ({@link ReplicaWriter}) and emit an
 * Event ({@link ScalerEvents}); MetricsUnavailable / MetricsRecovered Events only on a change of
 * health, taken at registration from the Worker's {@code ScalerHealthy} condition so that an
 * operator restart writes none. Every poll updates the Worker's {@code status.desiredReplicas,
 * lag, partitions, lastScaleTime, lastScaleReason} and condition {@code ScalerHealthy}
 * ({@link ScalerStatusWriter}, which writes only what changed) and the meters
 * ({@link ScalerMeters}).
 *
 * <p>A Deployment held at 0 for a replay ({@link ReplicaWriter.DeploymentReplicas#held}, read from
 * the Deployment since the Worker reconciler holds it) is neither scaled nor observed until the
 * reconciler restores it.
 *
 * <p>Workers not scaled by it (fixed replicas, KEDA) are observed only, for the meters
 * ({@code tributary_worker_lag} covers every Worker).
 *
 * <p>Seam: {@link #register} on every reconcile of a Worker (idempotent; follows changes of
 * {@code spec.autoscaling}) and {@link #unregister} when the Worker is deleted.
 * {@link AutoscalerExtension} registers; a deleted Worker is unregistered by its own loop at the
 * next poll, which finds it gone (its status write fails, or, when its Deployment is gone too, it
 * asks {@link ScalerStatusWriter#exists}).
 */
public final class WorkerAutoscaler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerAutoscaler.class);

  private final LagSource lagSource;
  private final LagTargetResolver targets;
  private final ReplicaWriter replicas;
  private final ScalerStatusWriter statusWriter;
  private final ScalerEvents events;
  private final MeterRegistry meters;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private final Map<String, Scaled> scaled = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param executor runs the polls; null for none (tests drive {@link #pollNow} themselves)
   */
  public WorkerAutoscaler(
      LagSource lagSource, LagTargetResolver targets, ReplicaWriter replicas, ScalerStatusWriter statusWriter,
      ScalerEvents events, MeterRegistry meters, Clock clock, ScheduledExecutorService executor) {
    this(lagSource, targets, replicas, statusWriter, events, meters, clock, executor, false);
  }

  private WorkerAutoscaler(
      LagSource lagSource, LagTargetResolver targets, ReplicaWriter replicas, ScalerStatusWriter statusWriter,
      ScalerEvents events, MeterRegistry meters, Clock clock, ScheduledExecutorService executor, boolean ownsExecutor) {
    this.lagSource = lagSource;
    this.targets = targets;
    this.replicas = replicas;
    this.statusWriter = statusWriter;
    this.events = events;
    this.meters = meters;
    this.clock = clock;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
  }

  /** An autoscaler with its own two-thread scheduler, shut down by {@link #close()}. */
  public static WorkerAutoscaler withOwnScheduler(
      LagSource lagSource, LagTargetResolver targets, ReplicaWriter replicas, ScalerStatusWriter statusWriter,
      ScalerEvents events, MeterRegistry meters, Clock clock) {
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "tributary-autoscaler");
      t.setDaemon(true);
      return t;
    });
    return new WorkerAutoscaler(lagSource, targets, replicas, statusWriter, events, meters, clock, executor, true);
  }

  /** Whether the operator's autoscaler scales this Worker (autoscaling set, engine builtin). */
  public static boolean scalesItself(Worker worker) {
    var autoscaling = worker.getSpec() == null ? null : worker.getSpec().getAutoscaling();
    return autoscaling != null && autoscaling.getEngine() != AutoscalingEngine.KEDA;
  }

  /**
   * Starts (or updates) the loop of a Worker. A Worker scaled by the builtin engine is scaled; any
   * other Worker (fixed replicas, or KEDA) is only observed: its lag and replicas are exported as
   * meters, nothing is written. Idempotent: call it on every reconcile.
   *
   * @throws IllegalArgumentException a bad policy, naming the field ({@code spec.autoscaling.x})
   */
  public void register(Worker worker) {
    if (closed) {
      return; // a reconcile that was still running when the operator stopped
    }
    String key = key(worker.getMetadata().getNamespace(), worker.getMetadata().getName());
    var autoscaling = worker.getSpec().getAutoscaling();
    ScalingPolicy policy = autoscaling == null ? ScalingPolicy.defaults() : ScalingPolicy.from(autoscaling);
    boolean scales = scalesItself(worker);
    Scaled entry = scaled.computeIfAbsent(key, k -> new Scaled(worker, policy,
        new ScalerMemory(clock.instant(), worker.getStatus() == null ? null : worker.getStatus().getPerReplicaRate()),
        new ScalerMeters(meters, worker.getMetadata().getNamespace(), worker.getMetadata().getName(), worker.getSpec().getPipeline())));
    synchronized (entry) {
      boolean rescheduled = entry.future == null || entry.policy.pollIntervalSeconds() != policy.pollIntervalSeconds();
      entry.worker = worker;
      entry.policy = policy;
      entry.scales = scales;
      if (rescheduled && executor != null) {
        if (entry.future != null) {
          entry.future.cancel(false);
        }
        long period = policy.pollIntervalSeconds();
        entry.future = executor.scheduleWithFixedDelay(() -> safePoll(key), 0, period, TimeUnit.SECONDS);
      }
    }
  }

  /** Whether the autoscaler sets this Worker's replicas now (not just observes its lag). */
  public boolean isScaling(String namespace, String name) {
    Scaled entry = scaled.get(key(namespace, name));
    return entry != null && entry.scales;
  }

  /** Stops the loop of a Worker and removes its meters (no-op when not registered). */
  public void unregister(String namespace, String name) {
    Scaled entry = scaled.remove(key(namespace, name));
    if (entry != null) {
      synchronized (entry) {
        if (entry.future != null) {
          entry.future.cancel(false);
        }
        entry.meters.close();
      }
    }
  }

  public boolean isRegistered(String namespace, String name) {
    return scaled.containsKey(key(namespace, name));
  }

  /**
   * One poll of a registered Worker, now, on the calling thread.
   *
   * @return the decision, or empty when the Worker is not registered or its Deployment does not
   *     exist yet
   */
  public Optional<ScalingDecision> pollNow(String namespace, String name) {
    Scaled entry = scaled.get(key(namespace, name));
    if (entry == null) {
      return Optional.empty();
    }
    synchronized (entry) {
      return poll(entry);
    }
  }

  private void safePoll(String key) {
    Scaled entry = scaled.get(key);
    if (entry == null) {
      return;
    }
    try {
      synchronized (entry) {
        poll(entry);
      }
    } catch (RuntimeException e) {
      // a failing poll must not end the schedule; the next one tries again
      log.warn("autoscaler poll of {} failed: {}", key, e.toString());
    }
  }

  private Optional<ScalingDecision> poll(Scaled entry) {
    if (closed) {
      return Optional.empty(); // a poll that waited for the entry while the autoscaler closed
    }
    Worker worker = entry.worker;
    String namespace = worker.getMetadata().getNamespace();
    String deployment = WorkloadModel.workloadName(worker.getMetadata().getName(), WorkloadModel.WORKER);
    Optional<ReplicaWriter.DeploymentReplicas> live = replicas.read(namespace, deployment);
    if (live.isEmpty()) {
      // not created yet, or already collected with its deleted Worker: no status write would
      // notice the second case, so ask, or the loop and the lag gauge would outlive the Worker
      if (!statusWriter.exists(worker)) {
        log.info("Worker {}/{} no longer exists; its autoscaling loop stops", namespace, worker.getMetadata().getName());
        unregister(namespace, worker.getMetadata().getName());
      }
      return Optional.empty();
    }
    int current = live.get().replicas();
    if (live.get().held()) {
      // a replay holds the Deployment at 0 (the Worker reconciler restores the replicas after it):
      // no scaling, and no decision from a lag that is about to be rewound
      entry.meters.replicas(current);
      return Optional.empty();
    }
    if (!entry.scales) {
      if (statusWriter.exists(worker)) {
        observeOnly(entry, current);
      } else {
        unregister(namespace, worker.getMetadata().getName());
      }
      return Optional.empty();
    }
    Instant now = clock.instant();
    ScalingDecision decision;
    String error = null;
    String observed = null;
    try {
      LagTarget target = targets.resolve(worker, entry.policy);
      observed = target.describe();
      LagObservation observation = lagSource.observe(target);
      entry.meters.observed(observation.totalLag());
      decision = entry.memory.observed(observation, Math.min(live.get().ready(), current), current, entry.policy, now);
    } catch (LagObservationException e) {
      error = e.getMessage();
      decision = entry.memory.failed(error, current, entry.policy, now);
    }
    if (decision.changes()) {
      replicas.write(namespace, deployment, decision.desiredReplicas());
      entry.lastScaleTime = now.truncatedTo(ChronoUnit.SECONDS).toString();
      entry.lastScaleReason = decision.reason();
      events.scaled(worker, current, decision.desiredReplicas(), decision.reason());
      log.info("scaled {}/{} from {} to {}: {}", namespace, worker.getMetadata().getName(), current,
          decision.desiredReplicas(), decision.reason());
    }
    boolean healthy = error == null;
    if (entry.healthy == null || entry.healthy != healthy) {
      if (!healthy) {
        events.metricsUnavailable(worker, error);
      } else if (entry.healthy != null) {
        events.metricsRecovered(worker);
      }
      entry.healthy = healthy;
    }
    entry.meters.decided(decision, current);
    LagObservation last = entry.memory.lastObservation();
    AutoscalerStatus status = new AutoscalerStatus(
        decision.desiredReplicas(),
        last == null ? null : last.totalLag(),
        last == null ? null : last.partitionCount(),
        entry.lastScaleTime,
        entry.lastScaleReason,
        healthy,
        healthy ? "LagObserved" : "MetricsUnavailable",
        healthy ? "observing " + observed : error,
        rounded(entry.memory.rememberedPerReplicaRate()));
    // offered every poll: the writer compares with the live status and sends nothing when it
    // already shows these values
    try {
      statusWriter.write(worker, status);
    } catch (WorkerGoneException e) {
      log.info("{}; autoscaling stops", e.getMessage());
      unregister(namespace, worker.getMetadata().getName());
    }
    return Optional.of(decision);
  }

  /** To 0.1 records/s: finer digits are measurement noise and would only cause status writes. */
  private static Double rounded(Double rate) {
    return rate == null ? null : Math.round(rate * 10) / 10.0;
  }

  /** A Worker someone else scales: its lag and replicas for the meters, nothing written. */
  private void observeOnly(Scaled entry, int current) {
    entry.meters.replicas(current);
    try {
      entry.meters.observed(lagSource.observe(targets.resolve(entry.worker, entry.policy)).totalLag());
    } catch (LagObservationException e) {
      log.debug("lag of {} not observed: {}", entry.worker.getMetadata().getName(), e.getMessage());
    }
  }

  /** Stops every loop for good: later {@link #register} calls start none. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    scaled.keySet().forEach(key -> {
      String[] parts = key.split("/", 2);
      unregister(parts[0], parts[1]);
    });
    if (ownsExecutor) {
      executor.shutdownNow();
    }
    lagSource.close();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** The state of one autoscaled Worker. */
  private static final class Scaled {
    Worker worker;
    ScalingPolicy policy;
    boolean scales;
    final ScalerMemory memory;
    final ScalerMeters meters;
    ScheduledFuture<?> future;
    Boolean healthy;
    String lastScaleTime;
    String lastScaleReason;

    Scaled(Worker worker, ScalingPolicy policy, ScalerMemory memory, ScalerMeters meters) {
      this.worker = worker;
      this.policy = policy;
      this.memory = memory;
      this.meters = meters;
      WorkerStatus status = worker.getStatus();
      if (status != null) {
        this.lastScaleTime = status.getLastScaleTime();
        this.lastScaleReason = status.getLastScaleReason();
        // what the last operator already reported: a restart must not repeat MetricsUnavailable
        // (one Event per Worker on a down cluster at every restart) nor miss MetricsRecovered
        Condition health = ConditionsHelper.find(status.getConditions(), AutoscalerStatus.CONDITION);
        if (health != null) {
          this.healthy = "True".equals(health.getStatus());
        }
      }
    }
  }
}
