package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.ReplayStatus;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.ConsumerGroups;
import io.tributary.operator.model.KedaScaledObjectModel;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.ReplayPlan;
import io.tributary.operator.topics.ConsumerGroupRewind;
import io.tributary.operator.topics.TopicAdmin;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a Worker's {@code spec.replay} one step per reconcile, as {@link ReplayPlan} decides:
 * the client calls (the live Deployment, the consumer group's members, the offset reset) and an
 * Event per step. The Worker reconciler applies the Deployment as {@link Step#hold} says and
 * writes {@link Step#status} as {@code status.replay} (its one writer).
 *
 * <p>"No pods": the Deployment's {@code status.replicas} is 0 for its current generation (a
 * Deployment no controller reports on counts as none), and the consumer group has no members
 * (a pod that is terminating stays a member until its consumer closes); only then are the offsets
 * reset, since the broker refuses a reset of a group with members.
 */
final class WorkerReplays {
  /** Event reasons, one per step. */
  static final String STARTED = "ReplayStarted";
  static final String RESET = "ReplayOffsetsReset";
  static final String DONE = "ReplayDone";
  static final String FAILED = "ReplayFailed";
  /** How often a step that waits (pods to go, group members to leave) looks again. */
  static final Duration WAIT = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(WorkerReplays.class);

  private final OperatorServices services;

  WorkerReplays(OperatorServices services) {
    this.services = services;
  }

  /**
   * What this reconcile does about the replay.
   *
   * @param hold what the Deployment is told
   * @param status {@code status.replay} to write; null: leave it as it is
   * @param again when to reconcile again (a step waits or follows), null: only on a change
   */
  record Step(ReplayPlan.Hold hold, ReplayStatus status, Duration again) {
    static final Step NONE = new Step(ReplayPlan.Hold.NONE, null, null);
  }

  /**
   * Decides and carries out the next step of {@code worker}'s replay.
   *
   * @param deployment the Worker's Deployment as the model names it (its live copy is read)
   */
  Step next(Worker worker, Pipeline pipeline, PipelineWiring wiring, Deployment deployment) {
    var request = worker.getSpec().getReplay();
    if (request == null) {
      return Step.NONE;
    }
    Deployment live = services.children().get(deployment);
    int liveReplicas = live == null || live.getSpec().getReplicas() == null ? 0 : live.getSpec().getReplicas();
    Instant now = services.clock().instant();
    ReplayPlan.Decision d = ReplayPlan.decide(request, worker.getStatus() == null ? null : worker.getStatus().getReplay(),
        liveReplicas, livePods(live), now);
    ReplayStatus s = d.status();
    String group = ConsumerGroups.of(worker).map(ConsumerGroups.Member::group).orElse(null);
    if (d.started() && d.step() != ReplayPlan.Step.FAIL) {
      String refused = group == null
          ? "spec.replay: only a Worker reading a Kafka topic (spec.input.topic) can replay; for a Redis stream"
              + " move the group back with XGROUP SETID"
          : KedaScaledObjectModel.wanted(worker)
              ? "spec.replay: a Worker scaled by KEDA (spec.autoscaling.engine: keda) cannot be held at 0 replicas"
                  + " by the operator; pause the ScaledObject and reset the offsets by hand"
              : null;
      if (refused != null) {
        ReplayPlan.failed(s, refused, now);
        s.setReplicasBefore(null);
        services.events().warning(worker, FAILED, "replay " + s.getId() + ": " + refused);
        return new Step(ReplayPlan.Hold.NONE, s, null);
      }
    }
    if (d.started() && d.step() != ReplayPlan.Step.FAIL) {
      services.events().normal(worker, STARTED, "replay " + s.getId() + " (" + describe(request) + "): " + s.getMessage());
    }
    switch (d.step()) {
      case NONE -> {
        return Step.NONE;
      }
      case FAIL -> {
        services.events().warning(worker, FAILED, "replay " + s.getId() + ": " + s.getMessage());
        return new Step(ReplayPlan.Hold.NONE, s, null);
      }
      case STOP -> {
        return new Step(ReplayPlan.Hold.held(s.getId()), s, WAIT);
      }
      case RESET -> {
        if (live == null || !ReplayPlan.held(live) || liveReplicas != 0 || livePods(live) > 0) {
          // the hold is written by this reconcile, or its pods are still going: reset next time
          s.setMessage("stopping consumption: waiting for the pods of Deployment " + deployment.getMetadata().getName()
              + " to go");
          return new Step(ReplayPlan.Hold.held(s.getId()), s, WAIT);
        }
        return reset(worker, pipeline, wiring, group, s, now);
      }
      case RESUME -> {
        ReplayPlan.resumed(s, now);
        services.events().normal(worker, DONE, "replay " + s.getId() + ": " + s.getMessage());
        return new Step(ReplayPlan.Hold.restore(s.getReplicasBefore()), s, null);
      }
      default -> throw new IllegalStateException("replay step " + d.step());
    }
  }

  private Step reset(Worker worker, Pipeline pipeline, PipelineWiring wiring, String group, ReplayStatus s, Instant now) {
    ReplayPlan.Hold held = ReplayPlan.Hold.held(s.getId());
    String topic = worker.getSpec().getInput().getTopic().getName();
    TopicAdmin admin;
    int members;
    try {
      admin = services.topicAdmins().forCluster(wiring.kafka().bootstrapServers(),
          KafkaAccess.adminProperties(services, pipeline, wiring));
      members = admin.groupMembers(group);
    } catch (RuntimeException e) {
      // Kafka not reachable now: the Deployment stays held, the reset waits
      s.setMessage("waiting to reset the offsets of group " + group + ": " + e.getMessage());
      return new Step(held, s, WAIT.multipliedBy(5));
    }
    if (members > 0) {
      s.setMessage("waiting for the " + members + " member(s) of consumer group " + group + " to leave");
      return new Step(held, s, WAIT);
    }
    try {
      ConsumerGroupRewind.Result result = admin.rewind(group, topic, worker.getSpec().getReplay());
      ReplayPlan.resetDone(s, result.lagAtStart(), result.recordsToReplay(), now);
      services.events().normal(worker, RESET, "replay " + s.getId() + ": group " + group + " on topic " + topic
          + ": " + s.getMessage() + ", new offsets " + result.newOffsets());
      // recorded before the replicas come back: an operator restarted now resumes, never resets again
      return new Step(held, s, Duration.ofMillis(100));
    } catch (RuntimeException e) {
      log.warn("replay {} of Worker {}/{} failed: {}", s.getId(), worker.getMetadata().getNamespace(),
          worker.getMetadata().getName(), e.toString());
      ReplayPlan.failed(s, "offset reset failed, replicas restored: " + e.getMessage(), now);
      services.events().warning(worker, FAILED, "replay " + s.getId() + ": " + s.getMessage());
      return new Step(ReplayPlan.Hold.restore(s.getReplicasBefore()), s, null);
    }
  }

  /**
   * Pods of the Deployment that still run: {@code status.replicas} once its controller has seen the
   * current generation; the spec's replicas while it has not; 0 when no controller reports at all.
   */
  static int livePods(Deployment live) {
    if (live == null) {
      return 0;
    }
    var status = live.getStatus();
    if (status == null || status.getObservedGeneration() == null) {
      return 0;
    }
    Long generation = live.getMetadata().getGeneration();
    if (generation != null && status.getObservedGeneration() < generation) {
      int wanted = live.getSpec().getReplicas() == null ? 1 : live.getSpec().getReplicas();
      return Math.max(1, Math.max(wanted, status.getReplicas() == null ? 0 : status.getReplicas()));
    }
    return status.getReplicas() == null ? 0 : status.getReplicas();
  }

  private static String describe(io.tributary.api.v1alpha1.WorkerReplay r) {
    if (r.getFromTimestamp() != null) {
      return "fromTimestamp " + r.getFromTimestamp();
    }
    if (Boolean.TRUE.equals(r.getToEarliest())) {
      return "toEarliest";
    }
    return "toOffsets " + r.getToOffsets();
  }
}
