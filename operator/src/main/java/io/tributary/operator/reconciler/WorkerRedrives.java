package io.tributary.operator.reconciler;

import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.RedriveStatus;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerRedrive;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.RedrivePlan;
import io.tributary.operator.topics.DeadLetterRedrive;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Carries out a Worker's {@code spec.redrive} as {@link RedrivePlan} decides: fixes the dead-letter
 * topic's end offsets when a new id comes, keeps a runner ({@link RedriveRunners}) going while the
 * redrive is recorded {@code Running}, and an Event per step. The Worker reconciler writes
 * {@link Step#status} as {@code status.redrive} (its one writer).
 */
final class WorkerRedrives {
  /** Event reasons, one per step. */
  static final String STARTED = "RedriveStarted";
  static final String DONE = "RedriveDone";
  static final String FAILED = "RedriveFailed";
  /** How often the progress of a running redrive is recorded. */
  static final Duration PROGRESS = Duration.ofSeconds(2);

  private final OperatorServices services;

  WorkerRedrives(OperatorServices services) {
    this.services = services;
  }

  /**
   * What this reconcile does about the redrive.
   *
   * @param status {@code status.redrive} to write; null: leave it as it is
   * @param again when to reconcile again, null: only on a change
   */
  record Step(RedriveStatus status, Duration again) {
    static final Step NONE = new Step(null, null);
  }

  Step next(Worker worker, Pipeline pipeline, PipelineWiring wiring) {
    WorkerRedrive request = worker.getSpec().getRedrive();
    String prefix = prefix(worker);
    if (request == null) {
      services.redrives().stopOthers(prefix, null);
      return Step.NONE;
    }
    Instant now = services.clock().instant();
    RedriveStatus recorded = worker.getStatus() == null ? null : worker.getStatus().getRedrive();
    RedrivePlan.Decision d = RedrivePlan.decide(request, recorded, now);
    RedriveStatus s = d.status();
    switch (d.step()) {
      case NONE -> {
        services.redrives().stopOthers(prefix, null);
        return Step.NONE;
      }
      case FAIL -> {
        services.redrives().stopOthers(prefix, null);
        services.events().warning(worker, FAILED, "redrive " + s.getId() + ": " + s.getMessage());
        return new Step(s, null);
      }
      case ACCEPT -> {
        services.redrives().stopOthers(prefix, null); // a new id replaces one still running
        if (worker.getSpec().getInput() == null || worker.getSpec().getInput().getTopic() == null) {
          RedrivePlan.failed(s, "spec.redrive: only a Worker reading a Kafka topic (spec.input.topic) can redrive", now);
          services.events().warning(worker, FAILED, "redrive " + s.getId() + ": " + s.getMessage());
          return new Step(s, null);
        }
        String topic = wiring.deadLetterTopic();
        Map<Integer, Long> until;
        try {
          until = DeadLetterRedrive.endOffsets(wiring.kafka().bootstrapServers(),
              KafkaAccess.adminProperties(services, pipeline, wiring), topic);
        } catch (RuntimeException e) {
          // Kafka not reachable now: nothing recorded, the next reconcile asks again
          return new Step(null, PROGRESS.multipliedBy(5));
        }
        RedrivePlan.accepted(s, topic, until);
        services.events().normal(worker, STARTED, "redrive " + s.getId() + " (" + describe(request) + "): "
            + s.getMessage() + " to " + worker.getSpec().getInput().getTopic().getName());
        // recorded before anything is sent: the runner starts on the next reconcile, from this status
        return new Step(s, Duration.ofMillis(100));
      }
      case RUN -> {
        String key = prefix + s.getId();
        services.redrives().stopOthers(prefix, key);
        Map<Integer, Long> until = new TreeMap<>();
        s.getUntilOffsets().forEach((p, o) -> until.put(Integer.parseInt(p), o));
        String namespace = worker.getMetadata().getNamespace();
        DeadLetterRedrive.Job job = new DeadLetterRedrive.Job(wiring.kafka().bootstrapServers(),
            KafkaAccess.adminProperties(services, pipeline, wiring), s.getTopic(),
            worker.getSpec().getInput().getTopic().getName(), until, worker.getMetadata().getName(), request,
            RedrivePlan.group(namespace, worker.getMetadata().getName(), s.getId()),
            RedrivePlan.transactionalId(namespace, worker.getMetadata().getUid(), s.getId()));
        RedriveRunners.Run run = services.redrives().ensure(key, job);
        if (run.counts() == null) {
          return new Step(s, PROGRESS);
        }
        boolean done = run.finished();
        RedrivePlan.progress(s, run.counts(), done, now);
        if (done) {
          services.events().normal(worker, DONE, "redrive " + s.getId() + ": " + s.getMessage());
          services.redrives().forget(key);
          return new Step(s, null);
        }
        if (run.error() != null) {
          s.setMessage(s.getMessage() + "; interrupted, resuming: " + run.error());
          return new Step(s, PROGRESS.multipliedBy(2));
        }
        return new Step(s, PROGRESS);
      }
      default -> throw new IllegalStateException("redrive step " + d.step());
    }
  }

  /** The Worker is gone: a redrive of it still running stops where it is (its position is committed). */
  void stop(Worker worker) {
    services.redrives().stopOthers(prefix(worker), null);
  }

  private static String prefix(Worker worker) {
    return worker.getMetadata().getNamespace() + "/" + worker.getMetadata().getName() + "/";
  }

  private static String describe(WorkerRedrive r) {
    StringBuilder b = new StringBuilder();
    b.append("errorClass ").append(r.getErrorClass() == null ? "any" : r.getErrorClass());
    if (r.getFromTime() != null) {
      b.append(", fromTime ").append(r.getFromTime());
    }
    if (r.getToTime() != null) {
      b.append(", toTime ").append(r.getToTime());
    }
    if (r.getMaxRecords() != null) {
      b.append(", maxRecords ").append(r.getMaxRecords());
    }
    b.append(", ").append(r.getRecordsPerSecond() == null ? 500 : r.getRecordsPerSecond()).append(" records/s");
    return b.toString();
  }
}
