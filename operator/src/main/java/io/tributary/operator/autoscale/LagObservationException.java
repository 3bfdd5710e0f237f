package io.tributary.operator.autoscale;

/** The lag could not be observed; the message names the target and the cause. */
public final class LagObservationException extends Exception {
  public LagObservationException(String message, Throwable cause) {
    super(message, cause);
  }

  public LagObservationException(String message) {
    super(message);
  }
}
