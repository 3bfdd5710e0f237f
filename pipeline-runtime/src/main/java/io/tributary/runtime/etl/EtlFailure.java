package io.tributary.runtime.etl;

/** A run failed for a reason worth telling the user as is (it goes to the termination message). */
final class EtlFailure extends RuntimeException {
  EtlFailure(String message) {
    super(message);
  }

  EtlFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
