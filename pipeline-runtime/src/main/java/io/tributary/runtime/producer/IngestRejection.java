package io.tributary.runtime.producer;

/** An ingest request the http source refuses: the HTTP status and the reason for the client. */
final class IngestRejection extends Exception {
  private final int status;
  private final Integer recordIndex;

  IngestRejection(int status, String message) {
    this(status, message, null);
  }

  IngestRejection(int status, String message, Integer recordIndex) {
    super(message, null, false, false);
    this.status = status;
    this.recordIndex = recordIndex;
  }

  int status() {
    return status;
  }

  /** Index of the offending record in the batch, or null when the request as a whole is wrong. */
  Integer recordIndex() {
    return recordIndex;
  }
}
