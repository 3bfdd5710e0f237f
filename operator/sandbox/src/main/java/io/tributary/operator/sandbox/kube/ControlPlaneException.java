package io.tributary.operator.sandbox.kube;

/** The local control plane cannot be built or started; the message says what to do. */
public final class ControlPlaneException extends RuntimeException {
  public ControlPlaneException(String message) {
    super(message);
  }

  public ControlPlaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
