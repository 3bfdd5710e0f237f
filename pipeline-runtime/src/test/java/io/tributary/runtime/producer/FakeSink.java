package io.tributary.runtime.producer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link RecordSink} that keeps what it is sent and acknowledges as told. */
final class FakeSink implements RecordSink {
  enum Answer { ACK, NEVER, FAIL }

  final List<OutgoingRecord> sent = new CopyOnWriteArrayList<>();
  volatile Answer answer = Answer.ACK;

  @Override
  public CompletableFuture<Void> send(OutgoingRecord record) {
    sent.add(record);
    switch (answer) {
      case ACK:
        return CompletableFuture.completedFuture(null);
      case FAIL:
        return CompletableFuture.failedFuture(new IllegalStateException("broker said no"));
      default:
        return new CompletableFuture<>();
    }
  }
}
