package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.List;

/** The Pod {@code status} a kubelet would report for a {@link PodProcess}. */
final class PodStatusFactory {
  private PodStatusFactory() {}

  static PodStatus statusOf(PodProcess pod) {
    boolean ready = pod.isReady();
    String created = Timestamps.format(pod.createdAt());
    String readyChanged = Timestamps.format(pod.readyChangedAt());
    List<PodCondition> conditions = List.of(
        condition("PodScheduled", true, created),
        condition("Initialized", true, created),
        condition("ContainersReady", ready, readyChanged),
        condition("Ready", ready, readyChanged));
    return new PodStatusBuilder()
        .withPhase(phase(pod))
        .withHostIP("127.0.0.1")
        .withPodIP("127.0.0.1")
        .withPodIPs(new PodIP("127.0.0.1"))
        .withStartTime(created)
        .withConditions(conditions)
        .withContainerStatuses(containerStatus(pod, ready))
        .build();
  }

  private static ContainerStatus containerStatus(PodProcess pod, boolean ready) {
    ContainerStatusBuilder status = new ContainerStatusBuilder()
        .withName(pod.container().getName())
        .withImage(pod.container().getImage())
        .withImageID("")
        .withContainerID(pod.process().map(p -> "process://" + p.pid()).orElse(null))
        .withReady(ready)
        .withStarted(pod.isRunning())
        .withRestartCount(pod.restartCount())
        .withState(currentState(pod));
    pod.lastTermination().ifPresent(last -> status.withLastState(new ContainerStateBuilder().withTerminated(last).build()));
    return status.build();
  }

  private static ContainerState currentState(PodProcess pod) {
    if (pod.finalTermination().isPresent()) {
      return new ContainerStateBuilder().withTerminated(pod.finalTermination().get()).build();
    }
    if (pod.isRunning()) {
      return new ContainerStateBuilder().withNewRunning(Timestamps.format(pod.startedAt().orElse(null))).build();
    }
    return new ContainerStateBuilder()
        .withNewWaiting(pod.waitingMessage(), pod.waitingReason() == null ? "ContainerCreating" : pod.waitingReason())
        .build();
  }

  private static String phase(PodProcess pod) {
    return switch (pod.phase()) {
      case PENDING -> "Pending";
      case RUNNING -> "Running";
      case SUCCEEDED -> "Succeeded";
      case FAILED -> "Failed";
    };
  }

  private static PodCondition condition(String type, boolean status, String since) {
    return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
        .withLastTransitionTime(since).build();
  }
}
