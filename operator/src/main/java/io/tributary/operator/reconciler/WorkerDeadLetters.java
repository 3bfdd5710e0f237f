package io.tributary.operator.reconciler;

import io.micrometer.core.instrument.Gauge;
import io.tributary.api.v1alpha1.DeadLetterStatus;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.RedriveStatus;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerRedrive;
import io.tributary.operator.model.DeadLetterIndex;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.RedrivePlan;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code status.deadLetters} and the gauges {@value #RECORDS} and {@value #OLDEST_AGE} (tagged
 * {@code namespace}, {@code pipeline}, {@code worker}, {@code component}): the Worker's dead letters
 * not yet redriven, from a bounded incremental scan of the Pipeline's dead-letter topic
 * ({@link io.tributary.operator.topics.TopicAdmin#scanDeadLetters}) on each reconcile and every
 * {@link #RESCAN} while the topic can be read. The status is written only when the numbers change.
 */
final class WorkerDeadLetters {
  static final String RECORDS = "tributary_worker_dead_letter_records";
  static final String OLDEST_AGE = "tributary_worker_dead_letter_oldest_age_seconds";
  /** How often the dead-letter topic is scanned again for a Worker. */
  static final Duration RESCAN = Duration.ofSeconds(60);
  /** Records read per scan step: a reconcile never reads a large topic at once. */
  static final int SCAN_RECORDS = 5000;
  private static final Logger log = LoggerFactory.getLogger(WorkerDeadLetters.class);

  private final OperatorServices services;
  private final Map<String, Holder> gauges = new ConcurrentHashMap<>();

  private static final class Holder {
    volatile long records;
    volatile Long oldest;
  }

  WorkerDeadLetters(OperatorServices services) {
    this.services = services;
  }

  /**
   * What to record.
   *
   * @param status {@code status.deadLetters} to write, null: leave it
   * @param again when to scan again, null: not scannable (no reschedule)
   */
  record Step(DeadLetterStatus status, Duration again) {
    static final Step NONE = new Step(null, null);
  }

  /**
   * @param redrive {@code status.redrive} as this reconcile writes it (or as recorded)
   * @param redriveDoneNow whether this reconcile recorded the redrive's success
   */
  Step observe(Worker worker, Pipeline pipeline, PipelineWiring wiring, RedriveStatus redrive, boolean redriveDoneNow) {
    String topic = wiring.deadLetterTopic();
    DeadLetterStatus recorded = worker.getStatus() == null ? null : worker.getStatus().getDeadLetters();
    Map<String, Long> until = recorded == null || !topic.equals(recorded.getTopic()) ? null : recorded.getRedrivenUntilOffsets();
    WorkerRedrive request = worker.getSpec().getRedrive();
    if (redriveDoneNow && unfiltered(request) && redrive != null && topic.equals(redrive.getTopic())) {
      until = redrive.getUntilOffsets();
    }
    Optional<DeadLetterIndex> index;
    try {
      index = services.topicAdmins().forCluster(wiring.kafka().bootstrapServers(),
          KafkaAccess.adminProperties(services, pipeline, wiring)).scanDeadLetters(topic, SCAN_RECORDS);
    } catch (RuntimeException e) {
      log.debug("dead-letter topic {} not scanned: {}", topic, e.toString());
      return new Step(null, RESCAN);
    }
    if (index.isEmpty()) {
      return Step.NONE;
    }
    Map<Integer, Long> from = new TreeMap<>();
    if (until != null) {
      until.forEach((p, o) -> from.put(Integer.parseInt(p), o));
    }
    DeadLetterIndex.Depth depth = index.get().depth(worker.getMetadata().getName(), from);
    meter(worker).records = depth.records();
    meter(worker).oldest = depth.oldestEpochMillis();
    String oldest = depth.oldestEpochMillis() == null ? null : Instant.ofEpochMilli(depth.oldestEpochMillis()).toString();
    if (recorded != null && topic.equals(recorded.getTopic()) && Long.valueOf(depth.records()).equals(recorded.getRecords())
        && java.util.Objects.equals(oldest, recorded.getOldestTime())
        && java.util.Objects.equals(until, recorded.getRedrivenUntilOffsets())) {
      return new Step(null, RESCAN);
    }
    DeadLetterStatus s = new DeadLetterStatus();
    s.setTopic(topic);
    s.setRecords(depth.records());
    s.setOldestTime(oldest);
    s.setObservedTime(services.clock().instant().toString());
    s.setRedrivenUntilOffsets(until == null ? null : new TreeMap<>(until));
    return new Step(s, RESCAN);
  }

  /** A redrive that takes every dead letter of the Worker up to its end offsets. */
  static boolean unfiltered(WorkerRedrive r) {
    return r != null && r.getErrorClass() == null && r.getFromTime() == null && r.getToTime() == null
        && r.getMaxRecords() == null;
  }

  /** The Worker is gone: its gauges go too (a deleted Worker has no dead letters to redrive). */
  void forget(Worker worker) {
    String namespace = worker.getMetadata().getNamespace();
    String name = worker.getMetadata().getName();
    if (gauges.remove(namespace + "/" + name) != null) {
      for (String meter : new String[] {RECORDS, OLDEST_AGE}) {
        services.meters().find(meter).tag("namespace", namespace).tag("worker", name).meters()
            .forEach(services.meters()::remove);
      }
    }
  }

  private Holder meter(Worker worker) {
    String namespace = worker.getMetadata().getNamespace();
    String name = worker.getMetadata().getName();
    String pipeline = worker.getSpec().getPipeline();
    return gauges.computeIfAbsent(namespace + "/" + name, k -> {
      Holder h = new Holder();
      var tags = io.micrometer.core.instrument.Tags.of("namespace", namespace, "worker", name, "component", name,
          "pipeline", pipeline == null ? "" : pipeline);
      Gauge.builder(RECORDS, h, x -> x.records).tags(tags)
          .description("The Worker's dead-letter records not yet redriven (status.deadLetters.records)")
          .register(services.meters());
      Gauge.builder(OLDEST_AGE, h, x -> x.oldest == null ? 0 : (services.clock().millis() - x.oldest) / 1000.0).tags(tags)
          .description("Age of the oldest of the Worker's dead-letter records not yet redriven; 0 when none")
          .register(services.meters());
      return h;
    });
  }
}
