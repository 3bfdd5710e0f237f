package io.tributary.operator.model;

import io.tributary.api.v1alpha1.RedriveStatus;
import io.tributary.api.v1alpha1.WorkerRedrive;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decision of a Worker's declarative redrive ({@code spec.redrive}), without client calls: from
 * the request, the recorded progress ({@code status.redrive}) and the runner's progress, the next
 * step and the status to record; and which dead-letter records a redrive sends.
 *
 * <p>Nonce semantics as {@link ReplayPlan}: a request whose id is {@code status.redrive.completedId}
 * does nothing. A new id is first recorded as {@value #RUNNING} with the dead-letter topic's end
 * offsets ({@code untilOffsets}, fixed so that the redrive finishes even while records keep being
 * dead-lettered); only a recorded {@value #RUNNING} redrive is run, so an operator restarted at any
 * point resumes the same one, from the position committed in Kafka.
 */
public final class RedrivePlan {
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  /** Header each redriven record carries: the request id. */
  public static final String REDRIVE_ID_HEADER = "tributary.redrive.id";
  /** The dead-letter headers a redrive reads (written by the runtime's {@code DeadLetterPublisher}). */
  public static final String COMPONENT_HEADER = "tributary.component";
  public static final String ERROR_CLASS_HEADER = "tributary.error.class";
  /** Headers of this prefix are the dead-letter topic's own; the others are the original record's. */
  public static final String RESERVED_HEADER_PREFIX = "tributary.";

  private RedrivePlan() {}

  /** What the reconciler does now. */
  public enum Step {
    /** No request, or its id carried out already. */
    NONE,
    /** A new id: read the dead-letter topic's end offsets and record them with {@link #accepted}. */
    ACCEPT,
    /** Recorded as running: keep the runner going (start or resume it) and record its progress. */
    RUN,
    /** The request is refused ({@code status.redrive.message} says why); nothing is sent. */
    FAIL
  }

  /** The next step and the status to record (a copy of the recorded one, changed). */
  public record Decision(Step step, RedriveStatus status) {}

  /**
   * Decides.
   *
   * @param request {@code spec.redrive}, may be null
   * @param recorded {@code status.redrive}, may be null (not changed)
   */
  public static Decision decide(WorkerRedrive request, RedriveStatus recorded, Instant now) {
    RedriveStatus s = copy(recorded);
    if (request == null || request.getId() == null || request.getId().equals(s.getCompletedId())) {
      return new Decision(Step.NONE, s);
    }
    if (request.getId().equals(s.getId()) && RUNNING.equals(s.getPhase())) {
      return new Decision(Step.RUN, s);
    }
    s.setId(request.getId());
    s.setRequestedTime(now.toString());
    s.setStartTime(null);
    s.setFinishTime(null);
    s.setUntilOffsets(null);
    s.setTopic(null);
    s.setMatched(0L);
    s.setSent(0L);
    s.setSkipped(0L);
    String invalid = invalid(request);
    if (invalid != null) {
      failed(s, invalid, now);
      return new Decision(Step.FAIL, s);
    }
    s.setPhase(null);
    s.setMessage(null);
    return new Decision(Step.ACCEPT, s);
  }

  /** Records an accepted request: the redrive runs up to {@code untilOffsets} of {@code topic}. */
  public static void accepted(RedriveStatus s, String topic, Map<Integer, Long> untilOffsets) {
    Map<String, Long> until = new TreeMap<>();
    untilOffsets.forEach((p, o) -> until.put(Integer.toString(p), o));
    s.setPhase(RUNNING);
    s.setTopic(topic);
    s.setUntilOffsets(until);
    long records = untilOffsets.values().stream().mapToLong(Long::longValue).sum();
    s.setMessage("redriving from " + topic + " up to offsets " + until + " (" + records + " records of all components)");
  }

  /** Records the runner's progress; {@code done}: the redrive succeeded and its id is never run again. */
  public static void progress(RedriveStatus s, Counts counts, boolean done, Instant now) {
    s.setMatched(counts.matched());
    s.setSent(counts.sent());
    s.setSkipped(counts.skipped());
    if (s.getStartTime() == null) {
      s.setStartTime(now.toString());
    }
    if (done) {
      s.setPhase(SUCCEEDED);
      s.setCompletedId(s.getId());
      s.setFinishTime(now.toString());
      s.setMessage("sent " + counts.sent() + " of " + counts.matched() + " matching records; skipped "
          + counts.skipped() + " outside the filter");
    } else {
      s.setMessage("sent " + counts.sent() + " of " + counts.matched() + " matching records so far; skipped "
          + counts.skipped());
    }
  }

  /** Records a failed redrive: its id is not tried again. */
  public static void failed(RedriveStatus s, String message, Instant now) {
    s.setPhase(FAILED);
    s.setCompletedId(s.getId());
    s.setFinishTime(now.toString());
    s.setMessage(message);
  }

  /** Why the request cannot be carried out (naming the field and value), or null. */
  public static String invalid(WorkerRedrive r) {
    Instant from = null;
    Instant to = null;
    try {
      from = r.getFromTime() == null ? null : Instant.parse(r.getFromTime());
    } catch (DateTimeParseException e) {
      return "spec.redrive.fromTime: \"" + r.getFromTime() + "\" is not an RFC 3339 instant (e.g. 2026-12-01T00:00:00Z)";
    }
    try {
      to = r.getToTime() == null ? null : Instant.parse(r.getToTime());
    } catch (DateTimeParseException e) {
      return "spec.redrive.toTime: \"" + r.getToTime() + "\" is not an RFC 3339 instant (e.g. 2026-12-01T00:00:00Z)";
    }
    if (from != null && to != null && !from.isBefore(to)) {
      return "spec.redrive: fromTime " + r.getFromTime() + " is not before toTime " + r.getToTime();
    }
    if (r.getMaxRecords() != null && r.getMaxRecords() < 1) {
      return "spec.redrive.maxRecords: " + r.getMaxRecords() + " is not at least 1";
    }
    if (r.getRecordsPerSecond() != null && r.getRecordsPerSecond() < 1) {
      return "spec.redrive.recordsPerSecond: " + r.getRecordsPerSecond() + " is not at least 1";
    }
    return null;
  }

  /** What a redrive does with one dead-letter record. */
  public enum Verdict {
    /** Another component's record: neither sent nor counted. */
    OTHER,
    /** This Worker's record outside the filter: counted as skipped. */
    SKIP,
    /** This Worker's record in the filter: sent (counted as matched and sent). */
    SEND
  }

  /**
   * The verdict on one dead-letter record.
   *
   * @param worker the Worker's name (the {@value #COMPONENT_HEADER} its dead letters carry)
   * @param component the record's {@value #COMPONENT_HEADER}, may be null
   * @param errorClass the record's {@value #ERROR_CLASS_HEADER}, may be null
   * @param timestamp the dead-letter record's timestamp (epoch ms)
   */
  public static Verdict verdict(WorkerRedrive request, String worker, String component, String errorClass, long timestamp) {
    if (!worker.equals(component)) {
      return Verdict.OTHER;
    }
    if (request.getErrorClass() != null && !request.getErrorClass().equals(errorClass)) {
      return Verdict.SKIP;
    }
    if (request.getFromTime() != null && timestamp < Instant.parse(request.getFromTime()).toEpochMilli()) {
      return Verdict.SKIP;
    }
    if (request.getToTime() != null && timestamp >= Instant.parse(request.getToTime()).toEpochMilli()) {
      return Verdict.SKIP;
    }
    return Verdict.SEND;
  }

  /**
   * The counts of a redrive (of one partition, or summed). Stored with each partition's committed
   * position (the offset commit's metadata, {@link #encode}), in the same transaction as the records
   * sent, so they are exact after a crash too.
   */
  public record Counts(long matched, long sent, long skipped) {
    public static final Counts ZERO = new Counts(0, 0, 0);

    public Counts plus(Counts o) {
      return new Counts(matched + o.matched, sent + o.sent, skipped + o.skipped);
    }

    /** The offset commit metadata: {@code matched=M;sent=S;skipped=K}. */
    public String encode() {
      return "matched=" + matched + ";sent=" + sent + ";skipped=" + skipped;
    }

    /** The counts of {@link #encode}; {@link #ZERO} for no or foreign metadata. */
    public static Counts decode(String metadata) {
      if (metadata == null || metadata.isEmpty()) {
        return ZERO;
      }
      long m = 0;
      long s = 0;
      long k = 0;
      try {
        for (String part : metadata.split(";")) {
          String[] kv = part.split("=", 2);
          long v = Long.parseLong(kv[1]);
          switch (kv[0]) {
            case "matched" -> m = v;
            case "sent" -> s = v;
            case "skipped" -> k = v;
            default -> { }
          }
        }
      } catch (RuntimeException e) {
        return ZERO;
      }
      return new Counts(m, s, k);
    }
  }

  /**
   * The consumer group that holds a redrive's position in the dead-letter topic:
   * {@code tributary-redrive.<namespace>.<worker>.<id>}. Per id: a new id starts from the beginning.
   */
  public static String group(String namespace, String worker, String id) {
    return "tributary-redrive." + namespace + "." + worker + "." + id;
  }

  /**
   * The transactional id of a redrive's producer: {@code tributary-redrive.<namespace>.<worker uid>.<id>}.
   * One per redrive, so that a runner started again (an operator restart) fences the one before.
   */
  public static String transactionalId(String namespace, String workerUid, String id) {
    return "tributary-redrive." + namespace + "." + workerUid + "." + id;
  }

  private static RedriveStatus copy(RedriveStatus r) {
    RedriveStatus s = new RedriveStatus();
    if (r != null) {
      s.setId(r.getId());
      s.setPhase(r.getPhase());
      s.setCompletedId(r.getCompletedId());
      s.setTopic(r.getTopic());
      s.setUntilOffsets(r.getUntilOffsets() == null ? null : new TreeMap<>(r.getUntilOffsets()));
      s.setMatched(r.getMatched());
      s.setSent(r.getSent());
      s.setSkipped(r.getSkipped());
      s.setRequestedTime(r.getRequestedTime());
      s.setStartTime(r.getStartTime());
      s.setFinishTime(r.getFinishTime());
      s.setMessage(r.getMessage());
    }
    return s;
  }
}
