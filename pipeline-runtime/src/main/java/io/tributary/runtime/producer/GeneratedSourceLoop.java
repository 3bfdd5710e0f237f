package io.tributary.runtime.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link GeneratedSource}: polls what is due, hands it to the sink without waiting for
 * acknowledgements (the Kafka producer batches and applies back-pressure when its buffer is full),
 * then sleeps until the next record is due. Each record gets a new correlation id.
 */
final class GeneratedSourceLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(GeneratedSourceLoop.class);
  private static final Duration LONGEST_SLEEP = Duration.ofSeconds(1);
  private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final GeneratedSource source;
  private final RecordSink sink;
  private final String keyField;
  private final Clock clock;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS);

  GeneratedSourceLoop(GeneratedSource source, RecordSink sink, String keyField, Clock clock) {
    this.source = source;
    this.sink = sink;
    this.keyField = keyField;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      while (stop.getCount() > 0) {
        step(clock.instant());
        Duration wait = Duration.between(clock.instant(), source.nextDue());
        if (wait.isNegative() || wait.isZero()) {
          continue;
        }
        stop.await(Math.min(wait.toNanos(), LONGEST_SLEEP.toNanos()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends the records due at {@code now}; returns how many. */
  int step(Instant now) {
    List<ObjectNode> due = source.poll(now);
    for (ObjectNode record : due) {
      sent.incrementAndGet();
      sink.send(toOutgoing(record, now)).whenComplete((ok, error) -> {
        if (error != null) {
          logFailure(error);
        }
      });
    }
    return due.size();
  }

  private OutgoingRecord toOutgoing(ObjectNode record, Instant now) {
    JsonNode key = keyField == null ? null : record.get(keyField);
    JsonNode ts = record.get("ts");
    long timestamp = ts == null ? now.toEpochMilli() : IsoTimestamps.epochMillis(ts.asText());
    return new OutgoingRecord(key == null || key.isNull() ? null : key.asText(), record.toString(),
        UUID.randomUUID().toString(), timestamp);
  }

  private void logFailure(Throwable error) {
    long count = failures.incrementAndGet();
    long last = lastFailureLog.get();
    long now = System.nanoTime();
    if (now - last >= FAILURE_LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
      LOG.warn("Kafka did not accept a generated record ({} failed so far): {}", count, error.toString());
    }
  }

  /** Records handed to the sink so far. */
  long sent() {
    return sent.get();
  }

  /** Records the sink refused so far. */
  long failures() {
    return failures.get();
  }

  /** Ends {@link #run()} after the current step. */
  void stop() {
    stop.countDown();
  }
}
