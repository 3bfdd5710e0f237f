package io.tributary.operator.model;

import io.tributary.api.v1alpha1.ReplayStatus;
import io.tributary.api.v1alpha1.WorkerReplay;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The decision of a Worker's declarative replay ({@code spec.replay}), without client calls: from the
 * request, the recorded progress ({@code status.replay}) and the live pods, the next step and the
 * progress to record. Nonce semantics: a request whose id is {@code status.replay.completedId} does
 * nothing, so leaving the request in Git, or re-applying it, never replays twice; the completed id is
 * in the status, so an operator restart does not redo it.
 *
 * <p>Steps: {@link Step#STOP} (hold the Deployment at 0 and wait until its pods are gone),
 * {@link Step#RESET} (pods gone: reset the group's offsets), {@link Step#RESUME} (restore the
 * replicas recorded before the stop), then {@link Step#NONE}.
 */
public final class ReplayPlan {
  /** Annotation on the Worker's Deployment: the replay id while it is held at 0, empty otherwise. */
  public static final String HOLD_ANNOTATION = "tributary.io/replay-hold";
  public static final String STOPPING = "Stopping";
  public static final String RESETTING = "Resetting";
  public static final String RESUMING = "Resuming";
  public static final String DONE = "Done";
  public static final String FAILED = "Failed";

  private ReplayPlan() {}

  /** What the reconciler does now. */
  public enum Step {
    /** Nothing to replay: the Deployment as the spec (or the autoscaler) says. */
    NONE,
    /** Hold the Deployment at 0; wait until its pods are gone. */
    STOP,
    /** Pods gone: reset the offsets (Deployment still held at 0). */
    RESET,
    /** Offsets reset: restore {@link ReplayStatus#getReplicasBefore()}. */
    RESUME,
    /** The request is refused ({@code status.message} says why); nothing is stopped. */
    FAIL
  }

  /**
   * The next step and the status to record.
   *
   * @param status the progress as recorded, changed in place (a new one when null)
   */
  public record Decision(Step step, ReplayStatus status, boolean started) {}

  /**
   * Decides.
   *
   * @param request {@code spec.replay}, may be null
   * @param recorded {@code status.replay}, may be null (not changed; the decision has a copy)
   * @param liveReplicas the Deployment's replicas now (recorded when the replay starts)
   * @param livePods pods of the Worker that still exist (running or terminating)
   * @param now the time stamps
   */
  public static Decision decide(WorkerReplay request, ReplayStatus recorded, int liveReplicas, int livePods, Instant now) {
    ReplayStatus s = copy(recorded);
    if (request == null || request.getId() == null || request.getId().equals(s.getCompletedId())) {
      return new Decision(Step.NONE, s, false);
    }
    boolean started = false;
    if (!request.getId().equals(s.getId()) || s.getPhase() == null || DONE.equals(s.getPhase()) || FAILED.equals(s.getPhase())) {
      boolean inProgress = s.getPhase() != null && !DONE.equals(s.getPhase()) && !FAILED.equals(s.getPhase());
      String invalid = invalid(request);
      s.setId(request.getId());
      s.setStartTime(now.toString());
      s.setResetTime(null);
      s.setFinishTime(null);
      s.setLagAtStart(null);
      s.setRecordsToReplay(null);
      if (invalid != null) {
        s.setPhase(FAILED);
        s.setCompletedId(request.getId());
        s.setFinishTime(now.toString());
        s.setMessage(invalid);
        return new Decision(Step.FAIL, s, true);
      }
      // a new id while another replay holds the Deployment at 0: the replicas before are the old ones
      if (!inProgress || s.getReplicasBefore() == null) {
        s.setReplicasBefore(liveReplicas);
      }
      s.setPhase(STOPPING);
      s.setMessage("stopping consumption: Deployment held at 0 replicas (was " + s.getReplicasBefore() + ")");
      started = true;
    }
    switch (s.getPhase()) {
      case STOPPING -> {
        if (livePods > 0) {
          return new Decision(Step.STOP, s, started);
        }
        s.setPhase(RESETTING);
        return new Decision(Step.RESET, s, started);
      }
      case RESETTING -> {
        return new Decision(Step.RESET, s, started);
      }
      case RESUMING -> {
        return new Decision(Step.RESUME, s, started);
      }
      default -> throw new IllegalStateException("status.replay.phase: unknown value \"" + s.getPhase() + "\"");
    }
  }

  /** Records a done reset: the next step restores the replicas. */
  public static void resetDone(ReplayStatus s, long lagAtStart, long recordsToReplay, Instant now) {
    s.setPhase(RESUMING);
    s.setLagAtStart(lagAtStart);
    s.setRecordsToReplay(recordsToReplay);
    s.setResetTime(now.toString());
    s.setMessage("offsets reset: " + recordsToReplay + " records to replay (lag before: " + lagAtStart + ")");
  }

  /** Records a restored Deployment: the replay is done and its id is never carried out again. */
  public static void resumed(ReplayStatus s, Instant now) {
    s.setPhase(DONE);
    s.setCompletedId(s.getId());
    s.setFinishTime(now.toString());
    s.setMessage("replicas restored to " + s.getReplicasBefore() + "; " + s.getRecordsToReplay() + " records replayed");
  }

  /** Records a failed reset: the replicas are restored and the id is not tried again. */
  public static void failed(ReplayStatus s, String message, Instant now) {
    s.setPhase(FAILED);
    s.setCompletedId(s.getId());
    s.setFinishTime(now.toString());
    s.setMessage(message);
  }

  /** Why the request cannot be carried out (naming the field and value), or null. */
  static String invalid(WorkerReplay r) {
    int set = (r.getFromTimestamp() != null ? 1 : 0) + (Boolean.TRUE.equals(r.getToEarliest()) ? 1 : 0)
        + (r.getToOffsets() != null ? 1 : 0);
    if (set != 1) {
      return "spec.replay: exactly one of fromTimestamp, toEarliest: true, toOffsets must be set";
    }
    if (r.getFromTimestamp() != null) {
      try {
        Instant.parse(r.getFromTimestamp());
      } catch (DateTimeParseException e) {
        return "spec.replay.fromTimestamp: \"" + r.getFromTimestamp() + "\" is not an RFC 3339 instant (e.g. 2026-12-01T00:00:00Z)";
      }
    }
    if (r.getToOffsets() != null) {
      for (var e : r.getToOffsets().entrySet()) {
        try {
          if (Integer.parseInt(e.getKey()) < 0) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException nfe) {
          return "spec.replay.toOffsets: key \"" + e.getKey() + "\" is not a partition number";
        }
        if (e.getValue() == null || e.getValue() < 0) {
          return "spec.replay.toOffsets[\"" + e.getKey() + "\"]: " + e.getValue() + " is not an offset (>= 0)";
        }
      }
    }
    return null;
  }

  /**
   * What the Worker's Deployment is told in a step (see {@code WorkloadModel.worker}).
   *
   * @param heldFor the replay id while the Deployment is held at 0, else null
   * @param restore the replicas to set once on resume (an autoscaled Worker), else null
   */
  public record Hold(String heldFor, Integer restore) {
    /** No replay step: the Deployment as the spec (or the autoscaler) says. */
    public static final Hold NONE = new Hold(null, null);

    /** Held at 0 for the replay {@code id}. */
    public static Hold held(String id) {
      return new Hold(id, null);
    }

    /** Restored to {@code replicas} (the ones before the replay). */
    public static Hold restore(Integer replicas) {
      return new Hold(null, replicas);
    }
  }

  /** Whether a live Deployment is held at 0 for a replay: its {@value #HOLD_ANNOTATION} is not empty. */
  public static boolean held(io.fabric8.kubernetes.api.model.apps.Deployment deployment) {
    var annotations = deployment.getMetadata() == null ? null : deployment.getMetadata().getAnnotations();
    String id = annotations == null ? null : annotations.get(HOLD_ANNOTATION);
    return id != null && !id.isEmpty();
  }

  /** Whether the Deployment is held at 0 for this step. */
  public static boolean holds(Step step) {
    return step == Step.STOP || step == Step.RESET;
  }

  private static ReplayStatus copy(ReplayStatus r) {
    ReplayStatus s = new ReplayStatus();
    if (r != null) {
      s.setId(r.getId());
      s.setPhase(r.getPhase());
      s.setCompletedId(r.getCompletedId());
      s.setReplicasBefore(r.getReplicasBefore());
      s.setLagAtStart(r.getLagAtStart());
      s.setRecordsToReplay(r.getRecordsToReplay());
      s.setStartTime(r.getStartTime());
      s.setResetTime(r.getResetTime());
      s.setFinishTime(r.getFinishTime());
      s.setMessage(r.getMessage());
    }
    return s;
  }
}
