package io.tributary.runtime.producer;

import java.util.concurrent.CompletableFuture;

/** Where producer records go: Kafka in production, a fake in unit tests. */
public interface RecordSink {
  /**
   * Sends without waiting; the future completes when the broker acknowledged the record (or
   * fails with the reason).
   */
  CompletableFuture<Void> send(OutgoingRecord record);

  /**
   * The most key and value bytes one record may have to be taken at all; the http source refuses
   * a larger record before it sends anything of the request. Default: no limit.
   */
  default long maxRecordBytes() {
    return Long.MAX_VALUE;
  }

  /**
   * Without blocking: whether records sent now can be expected to be acknowledged (the brokers
   * answered lately). The http source's health path answers 503 when not. Default: true.
   */
  default boolean isReachable() {
    return true;
  }
}
