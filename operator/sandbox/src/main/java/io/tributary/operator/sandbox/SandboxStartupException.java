package io.tributary.operator.sandbox;

/** The sandbox cannot start; the message says what is wrong and what to do, for the user. */
public final class SandboxStartupException extends RuntimeException {
  public SandboxStartupException(String message) {
    super(message);
  }

  public SandboxStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
