package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Starts the operator against the sandbox's API. The sandbox uses {@link ProductionOperator}
 * (the same assembly as {@code run}); tests of the sandbox's own parts can start nothing.
 */
@FunctionalInterface
public interface OperatorStarter {
  /** Starts the operator; closing the result stops it. */
  RunningOperator start(KubernetesClient client, String kafkaBootstrapServers) throws Exception;

  /** No operator: for tests of the sandbox machinery alone. */
  static OperatorStarter none() {
    return (client, kafka) -> () -> { };
  }
}
