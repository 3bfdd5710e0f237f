package io.tributary.runtime.producer;

import java.util.concurrent.CompletableFuture;

/** Where producer records go: Kafka in production, a fake in unit tests. */
public interface RecordSink {
  /**
   * Sends without waiting; the future completes when the broker acknowledged the record (or
   * fails with the reason).
   */
  CompletableFuture<Void> send(OutgoingRecord record);
}
