package io.tributary.operator.sandbox.node;

/**
 * A pod cannot start yet: a referenced ConfigMap/Secret or key is missing. The reason is the
 * Kubernetes waiting reason ({@code CreateContainerConfigError}, {@code ContainerCreating}); the
 * node retries, as the kubelet does.
 */
final class PodSetupException extends Exception {
  private final String reason;

  PodSetupException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
