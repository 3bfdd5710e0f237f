package io.tributary.runtime.worker;

/**
 * A record cannot be processed because of its own content or what it meets in Redis (missing
 * template field, non-numeric sum, a plug-in error, a Redis type error). Counts against the
 * record's attempts; after the last one the record is dead-lettered.
 */
final class RecordFailure extends RuntimeException {
  /** The processor kind that failed, or "chain" when unknown. */
  final String processor;

  RecordFailure(String message, Throwable cause) {
    this("chain", message, cause);
  }

  RecordFailure(String message) {
    this("chain", message, null);
  }

  RecordFailure(String processor, String message, Throwable cause) {
    super(message, cause);
    this.processor = processor;
  }

  /** The cause that says what went wrong (the one to report in the dead-letter headers). */
  Throwable reported() {
    return getCause() != null ? getCause() : this;
  }
}
