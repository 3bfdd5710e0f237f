package io.tributary.operator.autoscale;

import java.util.Optional;

/** Reads and sets the replicas of a Worker's Deployment: the autoscaler is their only writer. */
public interface ReplicaWriter {

  /** The Deployment's replicas now; empty when the Deployment does not exist (yet). */
  Optional<DeploymentReplicas> read(String namespace, String deployment);

  /** Sets {@code spec.replicas} and nothing else. */
  void write(String namespace, String deployment, int replicas);

  /**
   * @param replicas {@code spec.replicas} (1 when unset, the API server's default)
   * @param ready {@code status.readyReplicas} (0 when unset)
   * @param held the Worker reconciler holds the Deployment at 0 for a replay (annotation
   *     {@code tributary.io/replay-hold} not empty): the autoscaler leaves its replicas alone
   */
  record DeploymentReplicas(int replicas, int ready, boolean held) {
    /** A Deployment not held for a replay. */
    public DeploymentReplicas(int replicas, int ready) {
      this(replicas, ready, false);
    }
  }
}
